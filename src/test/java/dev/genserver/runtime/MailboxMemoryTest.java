package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Consumed mailbox nodes must not hold on to the messages after them. If they did, one node promoted to the old
 * generation would keep every later message alive and promote it in turn (GC nepotism): a stream of casts
 * then costs a full copy per young collection and pauses of hundreds of milliseconds.
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
