package dev.genserver.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A supervisor's strategy, restart intensity, automatic shutdown and initial children ({@code Supervisor.init/2}'s
 * options). Immutable; validated when built.
 *
 * <p>The default intensity is Elixir's, 3 restarts within 5 seconds ({@code max_restarts: 3, max_seconds: 5}),
 * as the runtime follows Elixir's names and defaults. Erlang's {@code supervisor} defaults to 1 restart within 5
 * seconds ({@code intensity => 1, period => 5}); ask for that with {@link #withIntensity}. The period is measured
 * to the nanosecond, where OTP stamps restarts in whole seconds and so holds them up to a second longer (with 1
 * restart in 1 second, two crashes 1.9 s apart can end an OTP supervisor, never this one).
 */
public record SupervisorSpec(Strategy strategy, int maxRestarts, Duration period, List<ChildSpec> children,
                             AutoShutdown autoShutdown) {

    /**
     * Checks the strategy and the intensity, copies {@code children} and checks that their ids are unique and that
     * {@code autoShutdown} takes each of them.
     *
     * @throws NullPointerException     if {@code strategy}, {@code period}, {@code children} or
     *                                  {@code autoShutdown} is null, or {@code children} holds a null
     * @throws IllegalArgumentException if {@code maxRestarts} is negative, {@code period} is zero or negative, two
     *                                  children have the same id, or a child is significant and either permanent
     *                                  or under {@link AutoShutdown#NEVER} (supervisor.erl's
     *                                  {@code {:bad_combination, ...}}, which OTP answers when the supervisor
     *                                  starts, as {@code {:start_spec, ...}})
     */
    public SupervisorSpec {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(autoShutdown, "autoShutdown");
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("maxRestarts must be >= 0: " + maxRestarts);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        children = List.copyOf(children);
        var ids = new HashSet<String>();
        for (ChildSpec child : children) {
            if (!ids.add(child.id())) {
                throw new IllegalArgumentException("duplicate child id: " + child.id());
            }
            String refused = autoShutdown.refusal(child);
            if (refused != null) {
                throw new IllegalArgumentException(refused);
            }
        }
    }

    /**
     * A supervisor without automatic shutdown ({@link AutoShutdown#NEVER}).
     *
     * @throws NullPointerException     as the canonical constructor
     * @throws IllegalArgumentException as the canonical constructor
     */
    public SupervisorSpec(Strategy strategy, int maxRestarts, Duration period, List<ChildSpec> children) {
        this(strategy, maxRestarts, period, children, AutoShutdown.NEVER);
    }

    /** {@code strategy: strategy}, Elixir's default intensity and no children yet. */
    public static SupervisorSpec of(Strategy strategy) {
        return new SupervisorSpec(strategy, 3, Duration.ofSeconds(5), List.of(), AutoShutdown.NEVER);
    }

    /**
     * {@code max_restarts: maxRestarts, max_seconds: period}: one restart more than {@code maxRestarts} within
     * {@code period} and the supervisor gives up.
     */
    public SupervisorSpec withIntensity(int maxRestarts, Duration period) {
        return new SupervisorSpec(strategy, maxRestarts, period, children, autoShutdown);
    }

    /**
     * {@code auto_shutdown: autoShutdown}: whether the supervisor shuts itself down when its significant children
     * exit (see {@link AutoShutdown}). Set it before adding a significant child, which {@link AutoShutdown#NEVER},
     * the default, refuses.
     *
     * @throws IllegalArgumentException if {@code autoShutdown} is {@link AutoShutdown#NEVER} and a child is
     *                                  significant
     */
    public SupervisorSpec withAutoShutdown(AutoShutdown autoShutdown) {
        return new SupervisorSpec(strategy, maxRestarts, period, children, autoShutdown);
    }

    /**
     * Adds {@code child} after the others (children start in order, stop in reverse); its id must be new.
     *
     * @throws IllegalArgumentException if a child has the same id, or {@code child} is significant and either
     *                                  permanent or added under {@link AutoShutdown#NEVER}
     */
    public SupervisorSpec withChild(ChildSpec child) {
        List<ChildSpec> more = new ArrayList<>(children);
        more.add(child);
        return new SupervisorSpec(strategy, maxRestarts, period, more, autoShutdown);
    }
}
