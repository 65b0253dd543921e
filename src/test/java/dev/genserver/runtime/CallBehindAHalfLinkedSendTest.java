package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A sender swaps its node in as the mailbox's tail, then links the previous tail to it (Mailbox.push): between the
 * two, the messages others queue behind it are reachable only through that link. A process that dies in that
 * window must still answer the calls queued there with its exit, as gen:do_call turns the server's DOWN into
 * {@code exit(Reason)}: a reap that stopped at the missing link left such a call waiting for ever.
 */
class CallBehindAHalfLinkedSendTest {

    /** The tail a sender links its node to: the first link waits until released, as a preempted thread would. */
    private static final class StallingEnvelope extends Envelope {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch resume = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);

        StallingEnvelope() {
            super(Envelope.INFO, "stalling");
        }

        @Override
        void linkNext(Envelope node) {
            if (first.compareAndSet(true, false)) {
                stalled.countDown();
                awaitUninterruptibly(resume); // the kill interrupts nothing here: this is a sender's thread
            }
            super.linkNext(node);
        }
    }

    @Test
    void aCallQueuedBehindASendHalfwayThroughItsLink_failsWithTheExit_whenTheProcessIsKilled() throws Exception {
        CountDownLatch drainerDone = new CountDownLatch(1);
        RuntimeOptions options = RuntimeOptions.defaults().withExecutor(task -> Thread.ofVirtual().start(() -> {
            task.run();
            drainerDone.countDown(); // the test's one drainer: the one handling the Block
        }));
        try (ProcessRuntime runtime = ProcessRuntime.create(options)) {
            Pid pid = runtime.start(new Probe("p", new LinkedBlockingQueue<>()));
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());
            StallingEnvelope tail = new StallingEnvelope();
            runtime.cell(pid).enqueue(tail, false);
            Thread stalledSender = Thread.ofPlatform().daemon().start(() -> pid.send("linked late"));
            await(tail.stalled);
            CompletableFuture<Long> queuedBehind = pid.callAsync(new Probe.Get(), Duration.ofMinutes(10));

            runtime.kill(pid);
            // The old reap finished here without the link; the reap that waits for it cannot, until the resume.
            // The bounded wait only gives the old one its chance to show (it costs this test its second, a carrier
            // spinning meanwhile): the test passes whatever it returns.
            drainerDone.await(1, TimeUnit.SECONDS);
            tail.resume.countDown();
            await(drainerDone);
            stalledSender.join();

            assertThat(queuedBehind).failsWithin(Fixtures.PATIENCE).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(ProcessExitException.class,
                            exit -> assertThat(exit.reason()).isEqualTo(ExitReason.KILLED));
        }
    }

    /** Waits for {@code latch} through interrupts, at most half a minute (a failing test must not hang). */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean interrupted = false;
        while (latch.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                latch.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
