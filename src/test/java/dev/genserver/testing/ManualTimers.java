package dev.genserver.testing;

import dev.genserver.runtime.TimerRef;
import dev.genserver.runtime.TimerService;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link TimerService} whose time moves only when a test calls {@link #advance}: timers, idle timeouts and
 * restart intensity windows become deterministic. Due tasks run on the advancing thread, in due order.
 * Thread-safe.
 */
public final class ManualTimers implements TimerService {

    private record Task(long due, long sequence, Runnable action, boolean[] cancelled) { }

    private final PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.due != b.due
            ? Long.compare(a.due, b.due) : Long.compare(a.sequence, b.sequence));
    private long now = 1_000_000_000L;
    private long sequence;

    @Override
    public synchronized TimerRef schedule(Runnable action, Duration delay) {
        boolean[] cancelled = {false};
        Task task = new Task(now + Math.max(0, delay.toNanos()), sequence++, action, cancelled);
        tasks.add(task);
        return () -> {
            synchronized (ManualTimers.this) {
                boolean pending = !cancelled[0] && tasks.remove(task);
                cancelled[0] = true;
                return pending;
            }
        };
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Moves time forward, running every task that falls due (including ones scheduled while advancing). */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = now + duration.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                tasks.poll();
                now = Math.max(now, next.due);
                next.cancelled[0] = true;
            }
            next.action.run();
        }
    }

    /** Timers scheduled and not yet fired or cancelled. */
    public synchronized int pending() {
        return tasks.size();
    }
}
