package dev.genserver.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * A timer started with {@link ProcessRuntime#sendAfter} or {@link Self#sendAfter}:
 * <pre>{@code
 * ref = Process.send_after(pid, :tick, 1_000)     TimerRef ref = runtime.sendAfter(pid, TICK, Duration.ofSeconds(1));
 * Process.read_timer(ref)                         ref.timeLeft()
 * Process.cancel_timer(ref)                       ref.cancel()
 * }</pre>
 * Time left is measured on the clock of the {@link TimerService} that started the timer, so it moves only when
 * a test's manual clock does.
 *
 * <p>Implementations must be thread-safe.
 */
public interface TimerRef {

    /**
     * {@code erlang:read_timer/1}: the time left until the timer fires (zero if it is due and about to), or
     * empty (OTP's {@code false}) once it has fired or been cancelled.
     */
    Optional<Duration> timeLeft();

    /**
     * {@code erlang:cancel_timer/1}: stops the timer. When this returns the time that was left, the timer's task
     * will never run; empty (OTP's {@code false}) means it had fired, or was cancelled already.
     */
    Optional<Duration> cancel();
}
