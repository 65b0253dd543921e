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
 * %{id: Cache, …, shutdown: :brutal_kill}                   ….withShutdown(Shutdown.brutalKill())
 * %{id: Job, …, restart: :transient, significant: true}    ChildSpec.transientChild("job", …).withSignificant(true)
 * }</pre>
 *
 * <p>The factories here make a worker's spec, with OTP's 5-second shutdown; {@link Supervisor#childSpec} and
 * {@link DynamicSupervisor#childSpec} make a supervisor's ({@code type: :supervisor, shutdown: :infinity}).
 *
 * @param id          unique among the supervisor's children
 * @param factory     makes a fresh server for every start and restart (a restart begins from the initial state)
 * @param options     name, service label and mailbox bound of the process
 * @param restart     when it is restarted
 * @param shutdown    how the supervisor stops it: killed at once, or signalled, a trapping child's {@code terminate}
 *                    given a time or all it needs
 * @param type        worker or supervisor, for {@code count_children}
 * @param significant whether its own exit may shut its supervisor down ({@link AutoShutdown})
 */
public record ChildSpec(String id, Supplier<? extends GenServer<?>> factory, StartOptions options,
                        RestartType restart, Shutdown shutdown, ChildType type, boolean significant) {

    /** OTP's default for a worker. */
    private static final Shutdown WORKER_SHUTDOWN = Shutdown.timeout(Duration.ofSeconds(5));

    /**
     * Checks that no component is null and the id is not blank.
     *
     * @throws NullPointerException     if {@code id}, {@code factory}, {@code options}, {@code restart},
     *                                  {@code shutdown} or {@code type} is null
     * @throws IllegalArgumentException if {@code id} is blank (empty or only white space)
     */
    public ChildSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(type, "type");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a child id must not be blank");
        }
    }

    /**
     * A child that is not significant ({@code significant: false}, the default).
     *
     * @throws NullPointerException     if {@code id}, {@code factory}, {@code options}, {@code restart},
     *                                  {@code shutdown} or {@code type} is null
     * @throws IllegalArgumentException if {@code id} is blank (empty or only white space)
     */
    public ChildSpec(String id, Supplier<? extends GenServer<?>> factory, StartOptions options, RestartType restart,
                     Shutdown shutdown, ChildType type) {
        this(id, factory, options, restart, shutdown, type, false);
    }

    /** A worker with {@code restart: :permanent}: always restarted. */
    public static ChildSpec permanent(String id, Supplier<? extends GenServer<?>> factory) {
        return worker(id, factory, RestartType.PERMANENT);
    }

    /** A worker with {@code restart: :transient}: restarted only after an abnormal exit. */
    public static ChildSpec transientChild(String id, Supplier<? extends GenServer<?>> factory) {
        return worker(id, factory, RestartType.TRANSIENT);
    }

    /** A worker with {@code restart: :temporary}: never restarted. */
    public static ChildSpec temporary(String id, Supplier<? extends GenServer<?>> factory) {
        return worker(id, factory, RestartType.TEMPORARY);
    }

    private static ChildSpec worker(String id, Supplier<? extends GenServer<?>> factory, RestartType restart) {
        return new ChildSpec(id, factory, StartOptions.DEFAULTS, restart, WORKER_SHUTDOWN, ChildType.WORKER);
    }

    /** A permanent supervisor child with infinite shutdown: what the supervisors' own {@code childSpec} give. */
    static ChildSpec supervisor(String id, Supplier<? extends GenServer<?>> factory, StartOptions options) {
        return new ChildSpec(id, factory, options, RestartType.PERMANENT, Shutdown.infinity(), ChildType.SUPERVISOR);
    }

    /** The options its process starts with: a name, a service label, a mailbox bound. */
    public ChildSpec withOptions(StartOptions options) {
        return new ChildSpec(id, factory, options, restart, shutdown, type, significant);
    }

    /** {@code restart:}: whether the supervisor restarts the child, always, after an abnormal exit, or never. */
    public ChildSpec withRestart(RestartType restart) {
        return new ChildSpec(id, factory, options, restart, shutdown, type, significant);
    }

    /** {@code shutdown:}: {@code :brutal_kill}, a timeout, or {@code :infinity}. */
    public ChildSpec withShutdown(Shutdown shutdown) {
        return new ChildSpec(id, factory, options, restart, shutdown, type, significant);
    }

    /**
     * {@code significant:}: whether this child's own exit, when its supervisor does not restart it, may shut the
     * supervisor down, as its {@link AutoShutdown} says. Only a transient or temporary child may be significant,
     * and only under a supervisor whose auto shutdown is not {@link AutoShutdown#NEVER}; the supervisor that is
     * given the spec checks both, as supervisor.erl's {@code check_childspec} does ({@link SupervisorSpec},
     * {@link Supervisor#startChild}). A {@link DynamicSupervisor} takes no significant child.
     */
    public ChildSpec withSignificant(boolean significant) {
        return new ChildSpec(id, factory, options, restart, shutdown, type, significant);
    }

    /**
     * {@code shutdown: milliseconds}: the same as {@code withShutdown(Shutdown.timeout(timeout))}.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public ChildSpec withShutdown(Duration timeout) {
        return withShutdown(Shutdown.timeout(timeout));
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
        ProcessCell supervisor = ProcessCell.CURRENT.get();
        return supervisor.runtime.startLinked(server, options, supervisor, restarts);
    }
}
