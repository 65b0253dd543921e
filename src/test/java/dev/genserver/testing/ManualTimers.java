package dev.genserver.testing;

import dev.genserver.runtime.TimerRef;
import dev.genserver.runtime.TimerService;
import java.time.Duration;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TimerService} whose time moves only when a test calls {@link #advance}: timers, idle timeouts and
 * restart intensity windows become deterministic. Due tasks run on the advancing thread, in due order.
 * Thread-safe.
 */
public final class ManualTimers implements TimerService {

    private final PriorityQueue<Timer> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
    private long now = 1_000_000_000L;
    private long nextSequence;

    /** A scheduled task; its fields are guarded by the {@link ManualTimers} it belongs to. */
    private final class Timer implements TimerRef {
        final long due;
        final long sequence;
        final Runnable action;
        /** Fired or cancelled. */
        boolean done;

        Timer(long due, long sequence, Runnable action) {
            this.due = due;
            this.sequence = sequence;
            this.action = action;
        }

        @Override
        public Optional<Duration> timeLeft() {
            synchronized (ManualTimers.this) {
                return done ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, due - now)));
            }
        }

        @Override
        public Optional<Duration> cancel() {
            synchronized (ManualTimers.this) {
                Optional<Duration> left = timeLeft();
                done = true;
                tasks.remove(this);
                return left;
            }
        }
    }

    @Override
    public synchronized TimerRef schedule(Runnable action, Duration delay) {
        return scheduleAt(action, now + Math.max(0, delay.toNanos()));
    }

    /** Due at {@code dueNanos} of this clock, whatever time has passed since the caller read it. */
    @Override
    public synchronized TimerRef scheduleAt(Runnable action, long dueNanos) {
        Timer timer = new Timer(Math.max(now, dueNanos), nextSequence++, action);
        tasks.add(timer);
        notifyAll(); // for awaitDueIn
        return timer;
    }

    /**
     * Waits, at most {@code patience} of real time, until a timer falls due exactly {@code delay} from now: what a
     * wait bounded by {@code delay} schedules when it begins (a blocked call's wake-up). False if none did.
     */
    public synchronized boolean awaitDueIn(Duration delay, Duration patience) throws InterruptedException {
        long giveUpAt = System.nanoTime() + patience.toNanos();
        while (tasks.stream().noneMatch(timer -> timer.due == now + delay.toNanos())) {
            long left = giveUpAt - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /**
     * Moves time forward, running every task that falls due (including ones scheduled while advancing); returns how
     * many ran. Two threads may advance at once (a process's code moving time while a test does): time never goes
     * back, and ends at the further of their targets.
     */
    public int advance(Duration duration) {
        long target;
        synchronized (this) {
            target = now + duration.toNanos();
        }
        for (int ran = 0; ; ran++) {
            Timer next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = Math.max(now, target); // another thread's advance may have gone further meanwhile
                    return ran;
                }
                tasks.poll();
                now = Math.max(now, next.due);
                next.done = true;
            }
            next.action.run();
        }
    }

    /** Timers scheduled and not yet fired or cancelled. */
    public synchronized int pending() {
        return tasks.size();
    }
}
