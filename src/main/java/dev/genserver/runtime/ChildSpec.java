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

    /**
     * Starts this child linked to the calling supervisor process. Supervisors call nothing else to start a child,
     * so a factory that throws fails this one start, as OTP's supervisor catches whatever the start function
     * raises ({@code catch apply(M, F, A)}), instead of crashing the supervisor and its other children with it.
     *
     * @param restarts how often this child has been restarted before, for {@link ProcessInfo#restarts()}
     * @throws StartFailedException  if the factory threw or returned null
     * @throws InitFailedException   if {@code init} failed
     * @throws StartIgnoredException if {@code init} returned ignore
     */
    Pid start(int restarts) {
        GenServer<?> server;
        try {
            server = factory.get();
        } catch (VirtualMachineError fatal) {
            throw fatal; // out of memory or stack: nothing a retry could mend
        } catch (Throwable failure) {
            throw new StartFailedException(id, failure);
        }
        if (server == null) {
            throw new StartFailedException(id, new NullPointerException("the factory returned null"));
        }
        return Self.runtime().start(server, options.withLink(Self.pid()).withRestarts(restarts));
    }
}
