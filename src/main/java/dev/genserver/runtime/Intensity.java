package dev.genserver.runtime;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Restart intensity: at most {@code maxRestarts} restarts within any {@code period}. One restart more and the
 * supervisor gives up, stopping its children and itself, so a child that crashes in a loop escalates to the
 * supervisor's parent instead of burning the CPU. Owned by one supervisor process; not thread-safe.
 *
 * <p>The period is measured on the runtime's clock to the nanosecond. OTP's {@code supervisor} and Elixir's
 * {@code DynamicSupervisor} stamp restarts in whole seconds of the monotonic clock and keep those within
 * {@code period} seconds, so theirs holds restarts up to a second longer: with 1 restart in 1 second, two
 * crashes 1.9 s apart can end an OTP supervisor and never end this one.
 */
final class Intensity {

    private final int maxRestarts;
    private final long periodNanos;
    private final ArrayDeque<Long> restarts = new ArrayDeque<>();

    Intensity(int maxRestarts, Duration period) {
        this.maxRestarts = maxRestarts;
        this.periodNanos = Timeouts.capped(period).toNanos();
    }

    /** Records a restart at {@code now}; false if it exceeds the intensity. */
    boolean allowRestart(long now) {
        restarts.addLast(now);
        prune(now);
        return restarts.size() <= maxRestarts;
    }

    /** The restart times still remembered (some may have left the window since), for a published snapshot. */
    long[] times() {
        return restarts.stream().mapToLong(Long::longValue).toArray();
    }

    private void prune(long now) {
        while (!restarts.isEmpty() && now - restarts.peekFirst() > periodNanos) {
            restarts.removeFirst();
        }
    }
}
