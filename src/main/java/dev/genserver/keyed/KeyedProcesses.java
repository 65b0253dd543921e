package dev.genserver.keyed;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.RandomIds;
import dev.genserver.runtime.AlreadyStartedException;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The processes of one kind, one per key: each a temporary child of one dynamic supervisor, registered under its
 * key in one {@link Registry}, and started on first use. In Elixir:
 * <pre>{@code
 * DynamicSupervisor.start_child(Sup,                    processes.start(key, factory)
 *   {Mod, name: {:via, Registry, {Reg, key}}})          (:already_started counts as started)
 * GenServer.call({:via, Registry, {Reg, key}}, req)     processes.call(key, req)
 * GenServer.cast({:via, Registry, {Reg, key}}, msg)     processes.cast(key, msg)
 * }</pre>
 * Services address their processes by key only and no pid crosses this class, so what stands behind a key can
 * change (another node, say) without the services changing.
 *
 * <p>Failures: {@link NoProcessException} ({@code noproc}) for a key without a process, and for one whose process
 * stopped (deleted, idled out) before it handled the message — to the client that is the same as coming after the
 * stop; {@link dev.genserver.runtime.MaxChildrenException} when a start would pass the supervisor's bound;
 * {@link dev.genserver.app.ServiceUnavailableException} while the supervisor itself is being restarted; otherwise
 * as {@link Pid#call}. The exceptions never name the key: keys may be capabilities and must not reach the logs.
 *
 * <p>Thread-safe. Two first uses of one key race to start it: the registry lets exactly one process take the key
 * and the loser uses the winner ({@code {:error, {:already_started, pid}}}).
 */
public final class KeyedProcesses {

    /** A message whose process stops under it goes to a fresh one; this many stops in a row are a failure. */
    private static final int ATTEMPTS = 3;

    private final DynamicSupervisor supervisor;
    private final Registry registry;
    private final String service;

    /** Processes under {@code supervisor}, registered in {@code registry}, labelled {@code service}. */
    public KeyedProcesses(DynamicSupervisor supervisor, Registry registry, String service) {
        this.supervisor = supervisor;
        this.registry = registry;
        this.service = service;
    }

    /** Under a new {@code supervisor-supervisor} of the tree's root, in a new registry of the tree. */
    public static KeyedProcesses start(ProcessTree tree, String supervisor, int maxChildren, String registry,
            String service) {
        return new KeyedProcesses(tree.startDynamicSupervisor(supervisor,
                DynamicSupervisorSpec.withMaxChildren(maxChildren)), tree.registry(registry), service);
    }

    /** Starts a process under a new random key (an unguessable capability, see {@link RandomIds}); returns it. */
    public String create(Supplier<? extends GenServer<?>> factory) {
        String key = RandomIds.next();
        start(key, factory);
        return key;
    }

    /** Starts the process for {@code key} with {@code factory}, unless one runs already. */
    public void start(String key, Supplier<? extends GenServer<?>> factory) {
        whereisOrStart(key, factory);
    }

    /** {@code GenServer.call/2} to the process for {@code key}; a key without one is {@code noproc}. */
    public <R> R call(String key, Call<R> request) {
        return send(key, null, pid -> pid.call(request));
    }

    /** {@link #call(String, Call)}, starting the process if there is none, or afresh if it stops meanwhile. */
    public <R> R call(String key, Call<R> request, Supplier<? extends GenServer<?>> factory) {
        return send(key, factory, pid -> pid.call(request));
    }

    /** {@code GenServer.cast/2}, once queued; a key without a process is refused with noproc, not dropped. */
    public void cast(String key, Object message) {
        send(key, null, cast(message));
    }

    /** {@link #cast(String, Object)}, starting the process if there is none, or afresh if it stops meanwhile. */
    public void cast(String key, Object message, Supplier<? extends GenServer<?>> factory) {
        send(key, factory, cast(message));
    }

    /** {@code DynamicSupervisor.terminate_child/2}: {@code terminate} runs, then the key is free; else noproc. */
    public void stop(String key) {
        if (!supervisor.terminateChild(pid(key))) {
            throw noproc(); // stopped meanwhile, by another request
        }
    }

    /** Whether a process runs for {@code key} now. */
    public boolean isRunning(String key) {
        return registry.whereis(key).isPresent();
    }

    /** The keys with a process now, sorted, at most {@code limit} of them. */
    public List<String> keys(int limit) {
        return registry.keys().stream().map(String.class::cast).sorted().limit(limit).toList();
    }

    private <R> R send(String key, Supplier<? extends GenServer<?>> factory, Function<Pid, R> message) {
        for (int attempt = 1; ; attempt++) {
            Pid pid = factory == null ? pid(key) : whereisOrStart(key, factory);
            try {
                return message.apply(pid);
            } catch (NoProcessException | ProcessExitException failure) {
                if (failure instanceof ProcessExitException exit && exit.reason().isAbnormal()) {
                    throw failure; // it crashed, or was killed: not as if the message came after a stop
                }
                if (factory == null || attempt == ATTEMPTS) {
                    throw noproc();
                }
            }
        }
    }

    private Pid whereisOrStart(String key, Supplier<? extends GenServer<?>> factory) {
        return registry.whereis(key).orElseGet(() -> {
            try {
                return supervisor.startChild(ChildSpec.temporary(service, factory)
                        .withOptions(StartOptions.named(Name.via(registry, key)).withService(service)));
            } catch (AlreadyStartedException raced) {
                return raced.existing();
            }
        });
    }

    private Pid pid(String key) {
        return registry.whereis(key).orElseThrow(this::noproc);
    }

    private NoProcessException noproc() {
        return new NoProcessException(service);
    }

    private static Function<Pid, Void> cast(Object message) {
        return pid -> {
            pid.cast(message);
            return null;
        };
    }
}
