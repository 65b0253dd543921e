package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.lang.ref.WeakReference;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Consumed mailbox nodes must not hold on to the messages after them. If they did, one node promoted to the old
 * generation would keep every later message alive and promote it in turn (GC nepotism): a stream of casts
 * then costs a full copy per young collection and pauses of hundreds of milliseconds. Nor may the node a handled
 * call leaves behind as the mailbox's stub hold on to its reply: an idle process keeps that node until its next
 * message, which a stack emptied by keyed pops may never get, and the popped items stayed on the heap.
 */
class MailboxMemoryTest {

    record Capture() implements Call<String> { }

    record Hold(CountDownLatch entered, CountDownLatch release) { }

    /** Remembers the {@code From} of a {@link Capture} call: the call's own mailbox node. */
    static final class Capturing implements GenServer<Long> {
        final AtomicReference<From> captured = new AtomicReference<>();

        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            captured.set(from);
            return ((Capture) request).reply("captured", n);
        }

        @Override
        public Result<Long> handleCast(Object message, Long n) {
            if (message instanceof Hold hold) {
                hold.entered().countDown();
                try {
                    hold.release().await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Result.noreply(n + 1);
        }
    }

    record Fetch() implements Call<Object> { }

    /** Replies to a {@link Fetch} with a fresh object it keeps only a weak reference to. */
    static final class Replying implements GenServer<Long> {
        final AtomicReference<WeakReference<Object>> replied = new AtomicReference<>();

        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            Object reply = new byte[1024];
            replied.set(new WeakReference<>(reply));
            return ((Fetch) request).reply(reply, n);
        }

        @Override
        public Result<Long> handleCast(Object message, Long n) {
            if (message instanceof Hold hold) {
                hold.entered().countDown();
                Fixtures.await(hold.release());
            }
            return Result.noreply(n + 1);
        }
    }

    @Test
    void theNodeOfAQueuedCall_leftAsTheStub_doesNotKeepItsReply() throws Exception {
        try (ProcessRuntime runtime = Fixtures.runtime(new ManualTimers())) {
            Replying server = new Replying();
            Pid pid = runtime.start(server);
            // always queued, with a timeout whose timer is cancelled by the reply
            assertThat(pid.callAsync(new Fetch(), Fixtures.PATIENCE).get(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(((ProcessCell) pid).peekHead()).as("the call's node is the mailbox's stub")
                    .isInstanceOf(PendingCall.class);

            assertCollected(server.replied.get());
        }
    }

    @Test
    void theNodeOfACallThatWaitedBehindAnother_doesNotKeepItsReply() throws Exception {
        try (ProcessRuntime runtime = Fixtures.runtime(new ManualTimers())) {
            Replying server = new Replying();
            Pid pid = runtime.start(server);
            Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
            pid.cast(hold);
            Fixtures.await(hold.entered());
            CompletableFuture<Boolean> answered = Fixtures.async(() -> pid.call(new Fetch()) != null);
            Fixtures.awaitMailbox(runtime, pid, 1); // the call is queued behind the held cast, its caller parked
            hold.release().countDown();
            assertThat(Fixtures.join(answered)).isTrue();
            assertThat(((ProcessCell) pid).peekHead()).as("the call's node is the mailbox's stub")
                    .isInstanceOf(PendingCall.class);

            assertCollected(server.replied.get());
        }
    }

    /** Full collections until {@code reply} is cleared, or fails: System.gc() is one with the default collector. */
    private static void assertCollected(WeakReference<Object> reply) {
        for (int i = 0; i < 10 && reply.get() != null; i++) {
            System.gc();
        }
        assertThat(reply.get()).as("the reply, which its caller has let go").isNull();
    }

    @Test
    void aConsumedNode_dropsItsLinkToTheNextMessage() throws Exception {
        try (ProcessRuntime runtime = Fixtures.runtime(new ManualTimers())) {
            Capturing server = new Capturing();
            Pid pid = runtime.start(server);
            Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
            pid.cast(hold);
            assertThat(hold.entered().await(5, TimeUnit.SECONDS)).isTrue();
            var reply = pid.callAsync(new Capture(), Fixtures.PATIENCE); // queued behind the held cast
            pid.cast("after the call");
            pid.cast("and another");
            hold.release().countDown();
            assertThat(reply.get(5, TimeUnit.SECONDS)).isEqualTo("captured");
            assertThat(runtime.status(pid, Fixtures.PATIENCE)).as("both later casts handled").isEqualTo(3L);

            Envelope callNode = (Envelope) server.captured.get();
            assertThat(callNode.next()).as("the consumed call node links to nothing").isNull();
        }
    }
}
