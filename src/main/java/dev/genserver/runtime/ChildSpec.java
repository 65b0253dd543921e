package dev.genserver.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a supervisor starts, restarts and stops one child: OTP's child specification. Immutable; validated when
 * built.
 *
 * <pre>{@code
 * %{id: Counter, start: {Counter, :start_link, [10]},      ChildSpec.permanent("counter", () -> new CounterServer(10))
 *   restart: :permanent, shutdown: 5_000}                      .withOptions(StartOptions.named(Name.local("counter")))
 * }</pre>
 *
 * @param id       unique among the supervisor's children
 * @param factory  makes a fresh server for every start and restart (a restart begins from the initial state)
 * @param options  name, service label and mailbox bound of the process
 * @param restart  when it is restarted
 * @param shutdown how long {@code terminate} may take when the supervisor stops it, before it is killed
 */
public record ChildSpec(String id, Supplier<? extends GenServer<?>> factory, StartOptions options,
                        RestartType restart, Duration shutdown) {

    private static final Duration DEFAULT_SHUTDOWN = Duration.ofSeconds(5);

    public ChildSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(shutdown, "shutdown");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a child id must not be blank");
        }
        if (shutdown.isNegative() || shutdown.isZero()) {
            throw new IllegalArgumentException("shutdown must be positive: " + shutdown);
        }
    }

    public static ChildSpec permanent(String id, Supplier<? extends GenServer<?>> factory) {
        return new ChildSpec(id, factory, StartOptions.DEFAULTS, RestartType.PERMANENT, DEFAULT_SHUTDOWN);
    }

    public static ChildSpec transientChild(String id, Supplier<? extends GenServer<?>> factory) {
        return new ChildSpec(id, factory, StartOptions.DEFAULTS, RestartType.TRANSIENT, DEFAULT_SHUTDOWN);
    }

    public static ChildSpec temporary(String id, Supplier<? extends GenServer<?>> factory) {
        return new ChildSpec(id, factory, StartOptions.DEFAULTS, RestartType.TEMPORARY, DEFAULT_SHUTDOWN);
    }

    public ChildSpec withOptions(StartOptions options) {
        return new ChildSpec(id, factory, options, restart, shutdown);
    }

    public ChildSpec withRestart(RestartType restart) {
        return new ChildSpec(id, factory, options, restart, shutdown);
    }

    public ChildSpec withShutdown(Duration shutdown) {
        return new ChildSpec(id, factory, options, restart, shutdown);
    }
}
