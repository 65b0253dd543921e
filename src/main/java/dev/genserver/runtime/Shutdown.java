package dev.genserver.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * How a supervisor stops a child: a child spec's {@code shutdown:}. Immutable; validated when built.
 *
 * <pre>{@code
 * shutdown: :brutal_kill     Shutdown.brutalKill()                     killed at once; terminate does not run
 * shutdown: 5_000            Shutdown.timeout(Duration.ofSeconds(5))   signalled, killed if still there after 5 s
 * shutdown: :infinity        Shutdown.infinity()                       signalled, and waited for
 * }</pre>
 *
 * <p>The signal, {@code exit(Pid, shutdown)}, ends a child that does not trap exits at once, without
 * {@code terminate}, whatever its shutdown; the time (or infinity) is what a trapping child has to take it in
 * mailbox order and run {@code terminate}.
 *
 * <p>As in OTP, a worker's default is 5 seconds and a supervisor's is infinity: a supervisor needs as long as its
 * own children take, and killing it midway would leave them running without a parent. Infinity for a worker
 * makes stopping the tree wait on its {@code terminate}, so that must always return.
 */
public sealed interface Shutdown {

    /** {@code :brutal_kill}: {@code Process.exit(child, :kill)}, without {@code terminate}. */
    static Shutdown brutalKill() {
        return new BrutalKill();
    }

    /**
     * A timeout: {@code Process.exit(child, :shutdown)}, then a kill if the child has not stopped within
     * {@code timeout}. Zero, as in OTP, ends the child at once without {@code terminate}: killed if it traps exits
     * (OTP's kill comes before the child can take the shutdown), ended with {@code :shutdown} if it does not (the
     * signal itself ends it). (Elixir's {@code DynamicSupervisor} takes 0 since 1.15; 1.14's refused it.)
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    static Shutdown timeout(Duration timeout) {
        return new Timeout(timeout);
    }

    /** {@code :infinity}: {@code Process.exit(child, :shutdown)}, then wait as long as it takes. */
    static Shutdown infinity() {
        return new Infinity();
    }

    /** {@code :brutal_kill}. */
    record BrutalKill() implements Shutdown {
        @Override
        public String toString() {
            return "brutal_kill";
        }
    }

    /** A timeout in which {@code terminate} must finish. */
    record Timeout(Duration duration) implements Shutdown {
        /**
         * Checks that {@code duration} is given and not negative; zero ends the child at once, see
         * {@link Shutdown#timeout}.
         *
         * @throws NullPointerException     if {@code duration} is null
         * @throws IllegalArgumentException if {@code duration} is negative
         */
        public Timeout {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("a shutdown timeout must not be negative: " + duration);
            }
        }

        @Override
        public String toString() {
            return duration.toMillis() + " ms";
        }
    }

    /** {@code :infinity}. */
    record Infinity() implements Shutdown {
        @Override
        public String toString() {
            return "infinity";
        }
    }
}
