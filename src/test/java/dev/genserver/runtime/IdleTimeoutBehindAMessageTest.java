package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A message waiting when an idle timeout's check comes is handled instead of the timeout. OTP's
 * {@code receive ... after} times out only on an empty mailbox: the BEAM, woken by the timer, resumes at
 * {@code loop_rec} and falls through to {@code timeout} only when no message is there, and gen_server's receive
 * takes any message. The check delivered the timeout whenever it found the time run out, so a cast accepted just
 * behind it was dropped with a server that stops on its timeout (a circuit breaker's failure report, answered 202).
 * Each test holds the process inside the check (reading the clock) while the message arrives behind it.
 */
class IdleTimeoutBehindAMessageTest {

    private static final Duration IDLE = Duration.ofSeconds(1);

    /** Counts casts; stops normally on its idle timeout, as a keyed service's process does. */
    private static final class StopsWhenIdle implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return Init.ok(0L, IDLE);
        }

        @Override
        public Result<Long> handleCast(Object message, Long count) {
            return Result.noreply(count + 1, IDLE);
        }

        @Override
        public Result<Long> handleInfo(Object message, Long count) {
            return message instanceof IdleTimeout ? Result.stop(ExitReason.NORMAL, count) : Result.noreply(count);
        }
    }

    @Test
    void aCastWaitingBehindTheCheck_isHandled_andTheTimeoutThenCountsFromIt() {
        try (HeldInItsCheck held = new HeldInItsCheck()) {
            held.server.cast("behind the check");
            held.release();

            assertThat(held.runtime.<Long>getState(held.server, Fixtures.PATIENCE)).as("the cast, handled")
                    .isEqualTo(1L);
            held.theNextTimeoutStopsIt();
        }
    }

    @Test
    void aSystemRequestWaitingBehindTheCheck_comesFirst_andTheTimeoutFiresAfterIt() {
        try (HeldInItsCheck held = new HeldInItsCheck()) {
            CompletableFuture<Long> read = CompletableFuture.supplyAsync(
                    () -> held.runtime.<Long>getState(held.server, Fixtures.PATIENCE));
            Fixtures.awaitMailbox(held.runtime, held.server, 1); // behind the check
            held.release();

            assertThat(read).succeedsWithin(Fixtures.PATIENCE).isEqualTo(0L);
            assertThat(held.server.isAlive()).as("the timeout counts again from the request").isTrue();
            held.theNextTimeoutStopsIt();
        }
    }

    /**
     * An overtaken check waiting behind is no message: the check goes in again behind it and fires, the timeout
     * not counted again from the first check (which would postpone it by a whole timeout).
     */
    @Test
    void anOvertakenCheckWaitingBehindTheCheck_isNoMessage_andTheTimeoutFiresRightAfterIt() {
        Duration first = IDLE.multipliedBy(10);
        ClockHolding timers = new ClockHolding();
        Fixtures.Exits exits = new Fixtures.Exits();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(exits))) {
            Pid server = runtime.start(new GenServer<Long>() {
                @Override
                public Init<Long> init() {
                    return Init.ok(0L, first); // a check is scheduled for then
                }

                @Override
                public Result<Long> handleCast(Object message, Long count) {
                    return Result.noreply(count + 1, IDLE); // a shorter timeout: a check of its own, sooner
                }

                @Override
                public Result<Long> handleInfo(Object message, Long count) {
                    return message instanceof IdleTimeout ? Result.stop(ExitReason.NORMAL, count)
                            : Result.noreply(count);
                }
            });
            server.cast("shorten");
            Mailboxes.awaitHandled(runtime, server);
            timers.holdIn = server;
            timers.delegate.advance(IDLE); // the shorter timeout's check, taken and held
            await(timers.held);
            // the first timeout's check, overtaken, goes in behind it (a check is no message: the mailbox reads 0)
            assertThat(timers.delegate.advance(first.minus(IDLE))).isOne();
            timers.release.countDown();

            assertThat(exits.await(server)).as("stopped with no more time passing").isEqualTo(ExitReason.NORMAL);
        }
    }

    /** A {@link StopsWhenIdle} whose timeout has run out, held inside its idle check until {@link #release}. */
    private static final class HeldInItsCheck implements AutoCloseable {
        final ClockHolding timers = new ClockHolding();
        final Fixtures.Exits exits = new Fixtures.Exits();
        final ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(exits));
        final Pid server = runtime.start(new StopsWhenIdle());

        HeldInItsCheck() {
            timers.holdIn = server;
            timers.delegate.advance(IDLE); // the check goes into the mailbox, and the server takes it
            await(timers.held);
        }

        void release() {
            timers.release.countDown();
        }

        /** Once the server has handled all it was sent, its next timeout, with nothing waiting, stops it. */
        void theNextTimeoutStopsIt() {
            Mailboxes.awaitHandled(runtime, server); // a request restarts the timeout just after its answer
            timers.delegate.advance(IDLE);
            assertThat(exits.await(server)).isEqualTo(ExitReason.NORMAL);
        }

        @Override
        public void close() {
            runtime.close();
        }
    }

    /**
     * The runtime's clock on manual time, held once on {@link #holdIn}'s own thread the first time it reads the
     * clock after {@link #holdIn} is set: inside the idle check, after the check left the mailbox.
     */
    private static final class ClockHolding implements TimerService {
        final ManualTimers delegate = new ManualTimers();
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile Pid holdIn;

        @Override
        public TimerRef schedule(Runnable task, Duration delay) {
            return delegate.schedule(task, delay);
        }

        @Override
        public TimerRef scheduleAt(Runnable task, long dueNanos) {
            return delegate.scheduleAt(task, dueNanos);
        }

        @Override
        public long nanoTime() {
            if (holdIn != null && ProcessCell.CURRENT.get() == holdIn && held.getCount() > 0) {
                held.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return delegate.nanoTime();
        }
    }
}
