package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A timeout is due when its time has passed on the runtime's clock, counted from the moment the runtime read that
 * clock, even if the clock moves on before the timer is handed to the {@link TimerService}: another thread (a test
 * moving manual time while the process works, or the real clock under load) can move it between the two. Each test
 * has the clock move 10 ms inside the scheduling of one timer, where that other thread's move would fall. The timers
 * were given the delay left as of the reading, counted again from the moved clock, and fired 10 ms late: a
 * suspended server's idle timeout set off at 110 ms of 100 in 2 of 20 rounds of a test that moved time without
 * waiting for the process.
 */
class ClockMovedWhileSchedulingTest {

    private static final Duration IDLE = Duration.ofMillis(100);
    private static final Duration MOVED = Duration.ofMillis(10);

    /** Stops normally on its idle timeout; a cast sets the timeout, counting from its return. */
    private static final class StopsWhenIdle implements GenServer<Integer> {
        @Override
        public Init<Integer> init() {
            return Init.ok(0);
        }

        @Override
        public Result<Integer> handleCast(Object message, Integer casts) {
            return Result.noreply(casts + 1, IDLE);
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer casts) {
            return message instanceof IdleTimeout ? Result.stop(ExitReason.NORMAL, casts) : Result.noreply(casts);
        }
    }

    @Test
    void anIdleTimeout_isDueItsTimeAfterTheCallbackReturned() {
        MovingWhileScheduling timers = new MovingWhileScheduling();
        Fixtures.Exits exits = new Fixtures.Exits();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(exits))) {
            Pid server = runtime.start(new StopsWhenIdle());
            timers.moveOnNextSchedule();
            server.cast("arm"); // read at t, then the clock moves to t + 10 ms as the check is scheduled
            await(timers.moved);
            Mailboxes.awaitHandled(runtime, server);

            timers.delegate.advance(IDLE.minus(MOVED).minusMillis(1));
            assertThat(server.isAlive()).as("at t + 99 ms").isTrue();
            timers.delegate.advance(Duration.ofMillis(1));
            assertThat(exits.await(server)).as("at t + 100 ms").isEqualTo(ExitReason.NORMAL);
        }
    }

    /** A rolling timeout's check that finds time left schedules another for what is left, from its reading. */
    @Test
    void anIdleTimeoutsCheck_thatFindsTimeLeft_schedulesTheRestFromItsReading() {
        MovingWhileScheduling timers = new MovingWhileScheduling();
        Fixtures.Exits exits = new Fixtures.Exits();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(exits))) {
            Pid server = runtime.start(new StopsWhenIdle());
            server.cast("arm"); // at t: a check for t + 100 ms
            Mailboxes.awaitHandled(runtime, server);
            timers.delegate.advance(IDLE.dividedBy(2));
            server.cast("again"); // at t + 50 ms: the timeout counts from here, the pending check comes first
            Mailboxes.awaitHandled(runtime, server);
            timers.moveOnNextSchedule();
            timers.delegate.advance(IDLE.dividedBy(2)); // the check, at t + 100 ms, finds 50 ms left
            await(timers.moved);
            Mailboxes.awaitHandled(runtime, server);

            timers.delegate.advance(IDLE.dividedBy(2).minus(MOVED).minusMillis(1));
            assertThat(server.isAlive()).as("at t + 149 ms").isTrue();
            timers.delegate.advance(Duration.ofMillis(1));
            assertThat(exits.await(server)).as("at t + 150 ms").isEqualTo(ExitReason.NORMAL);
        }
    }

    /** A call waiting for a busy server wakes at its deadline, counted from the call. */
    @Test
    void aBlockedCall_timesOutAtItsDeadline() throws Exception {
        MovingWhileScheduling timers = new MovingWhileScheduling();
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers))) {
            Pid server = runtime.start(new GenServer<Integer>() {
                @Override
                public Init<Integer> init() {
                    return Init.ok(0);
                }

                @Override
                public CallResult<Integer> handleCall(Call<?> request, From from, Integer state) {
                    return new Read().reply(state, state); // the timed-out call, handled once released
                }

                @Override
                public Result<Integer> handleCast(Object message, Integer state) {
                    busy.countDown();
                    await(release); // busy until the test is done
                    return Result.noreply(state);
                }
            });
            server.cast("hold");
            await(busy);
            timers.moveOnNextSchedule();
            CompletableFuture<Integer> call = new CompletableFuture<>();
            Thread caller = Thread.ofPlatform().start(() -> {
                try {
                    call.complete(server.call(new Read(), Duration.ofSeconds(1)));
                } catch (RuntimeException failed) {
                    call.completeExceptionally(failed);
                }
            });
            await(timers.moved); // the caller read t, then scheduled its wake-up as the clock moved
            awaitParked(caller); // else it would find its deadline passed before parking, and not wait for the wake-up

            timers.delegate.advance(Duration.ofSeconds(1).minus(MOVED));
            assertThat(call).as("at t + 1 s").failsWithin(Fixtures.PATIENCE)
                    .withThrowableOfType(ExecutionException.class).withCauseInstanceOf(CallTimeoutException.class);
            caller.join();
            release.countDown();
        }
    }

    record Read() implements Call<Integer> {
    }

    private static void awaitParked(Thread thread) {
        long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        while (thread.getState() != Thread.State.WAITING) {
            assertThat(System.nanoTime() - deadline).as("the caller parked").isNegative();
            Thread.onSpinWait();
        }
    }

    /** Manual time that moves {@link #MOVED} inside the next timer's scheduling, once asked to. */
    private static final class MovingWhileScheduling implements TimerService {
        final ManualTimers delegate = new ManualTimers();
        final CountDownLatch moved = new CountDownLatch(1);
        private volatile boolean moveNext;

        void moveOnNextSchedule() {
            moveNext = true;
        }

        @Override
        public TimerRef schedule(Runnable task, Duration delay) {
            moveIfAsked();
            return delegate.schedule(task, delay);
        }

        @Override
        public TimerRef scheduleAt(Runnable task, long dueNanos) {
            moveIfAsked();
            return delegate.scheduleAt(task, dueNanos);
        }

        @Override
        public long nanoTime() {
            return delegate.nanoTime();
        }

        private void moveIfAsked() {
            if (moveNext) {
                moveNext = false;
                delegate.advance(MOVED);
                moved.countDown();
            }
        }
    }
}
