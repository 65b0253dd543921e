package dev.genserver.keyed;

import dev.genserver.app.RandomIds;
import dev.genserver.app.Relookup;
import dev.genserver.app.TimedOutCalls;
import dev.genserver.runtime.AlreadyStartedException;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link KeyedProcesses} in this JVM: each process a temporary child of one dynamic supervisor, registered under
 * its key in one {@link Registry}. Two first uses of one key race to start it: the registry lets exactly one
 * process take the key and the loser uses the winner ({@code {:error, {:already_started, pid}}}).
 */
public final class RegisteredProcesses implements KeyedProcesses {

    /**
     * A message whose process stops under it goes to a fresh one; the attempts end when the stops do, and at this
     * many for a module that stops itself on every message.
     */
    private static final int ATTEMPTS = 100;

    private final DynamicSupervisor supervisor;
    private final Registry registry;
    private final String service;
    private final Supplier<? extends GenServer<?>> module;
    private final TimedOutCalls timedOut;
    private final Function<String, Optional<Pid>> lookup;

    /**
     * Processes of {@code service} under {@code supervisor}, registered in {@code registry}, made by {@code module};
     * a retry of a request whose call timed out waits for that call, kept in {@code timedOut}.
     */
    public RegisteredProcesses(DynamicSupervisor supervisor, Registry registry, String service,
            Supplier<? extends GenServer<?>> module, TimedOutCalls timedOut) {
        this(supervisor, registry, service, module, timedOut, registry::whereis);
    }

    /** {@code lookup} finds a key's process: a test's may let it exit between the lookup and the message. */
    RegisteredProcesses(DynamicSupervisor supervisor, Registry registry, String service,
            Supplier<? extends GenServer<?>> module, TimedOutCalls timedOut,
            Function<String, Optional<Pid>> lookup) {
        this.supervisor = supervisor;
        this.registry = registry;
        this.service = service;
        this.module = module;
        this.timedOut = timedOut;
        this.lookup = lookup;
    }

    @Override
    public <R> R call(String key, Call<R> request) {
        return call(key, null, request);
    }

    @Override
    public <R> R callOrStart(String key, Call<R> request) {
        return call(key, module, request);
    }

    @Override
    public void cast(String key, Object message) {
        send(key, null, pid -> cast(pid, message));
    }

    @Override
    public void castOrStart(String key, Object message) {
        send(key, module, pid -> cast(pid, message));
    }

    @Override
    public String create(Supplier<? extends GenServer<?>> server) {
        String key = RandomIds.next();
        whereisOrStart(key, server);
        return key;
    }

    @Override
    public void stop(String key) {
        if (!supervisor.terminateChild(pid(key))) {
            throw noproc(); // stopped meanwhile, by another request
        }
    }

    @Override
    public List<String> keys(String after, int limit) {
        requireSupervisor(); // an empty registry without it says nothing: its processes went with it
        return Listing.firstAfter(() -> registry.keys().stream().map(String.class::cast).iterator(), after, limit);
    }

    private <R> R call(String key, Supplier<? extends GenServer<?>> factory, Call<R> request) {
        return timedOut.call(request, null, call -> send(key, factory, call));
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
                    requireSupervisor(); // gone with its supervisor, maybe: said as a miss in the registry says it
                    throw noproc();
                }
            }
        }
    }

    private Pid whereisOrStart(String key, Supplier<? extends GenServer<?>> factory) {
        Pid pid = lookup.apply(key).orElseGet(() -> start(key, factory));
        if (pid == null) {
            throw noproc(); // its init ignored the start: there is no process to send to
        }
        return pid;
    }

    /**
     * Starts the process for {@code key}; the winner's if another start took the key first, also when the supervisor
     * is at its bound with the winner. A supervisor that exits between its lookup and the start, or stops (not
     * crashes) with the start in its mailbox, never handled it, and is looked up again ({@link Relookup}): its next
     * incarnation, or 503 while there is none.
     */
    private Pid start(String key, Supplier<? extends GenServer<?>> factory) {
        return Relookup.untilHeld(() -> {
            try {
                return supervisor.startChild(ChildSpec.temporary(service, factory)
                        .withOptions(StartOptions.named(Name.via(registry, key)).withService(service)));
            } catch (AlreadyStartedException raced) {
                return raced.existing();
            } catch (MaxChildrenException full) {
                // the supervisor counts its children before it would find the key taken: at the bound, a start
                // racing another first use of the key is refused, where the winner's process is there to use
                return lookup.apply(key).orElseThrow(() -> full);
            } catch (ProcessExitException exited) {
                if (exited.reason().isAbnormal()) {
                    throw exited; // killed with the start in it
                }
                // stopped (by the root, or by itself at its restart limit) before it came to the start: look again
                throw noproc();
            }
        });
    }

    private Pid pid(String key) {
        return lookup.apply(key).orElseThrow(() -> {
            requireSupervisor();
            return noproc();
        });
    }

    /**
     * Throws 503 {@code unavailable} while the supervisor is not there: a key's process may have gone with it, so a
     * miss says nothing of the key (a read is not answered as for a key never used), nor an empty registry of the
     * service (once the tree has stopped, the instance answers nothing but 503 and health DOWN).
     */
    private void requireSupervisor() {
        supervisor.pid();
    }

    private NoProcessException noproc() {
        return new NoProcessException(service); // never the key: keys may be capabilities
    }

    private static Void cast(Pid pid, Object message) {
        pid.cast(message);
        return null;
    }
}
