package dev.genserver.counters;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.AlreadyStartedException;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.GenServerException;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The named counters' client API. Each counter is a temporary child of the {@code counters} dynamic supervisor,
 * registered in this package's own {@link Registry} under its name ({@code {:via, Registry, {Counters, name}}}),
 * and addressed through the registry on every use, so a deleted counter is simply not found.
 *
 * <p>Thread-safe. Two first increments of one name may race to start it: the registry lets exactly one process
 * take the name, and the loser uses the winner ({@code {:error, {:already_started, pid}}}), so both count.
 */
@Component
public class NamedCounters {

    /** {@link #names()} returns at most this many names. */
    public static final int LIST_LIMIT = 1000;

    /** An increment racing a delete retries this often: the counter it finds may be stopping. */
    private static final int ATTEMPTS = 3;

    private final DynamicSupervisor supervisor;
    private final Registry registry;

    @Autowired
    NamedCounters(ProcessTree tree, CountersProperties properties) {
        this(tree.startDynamicSupervisor("counters", DynamicSupervisorSpec.withMaxChildren(properties.maxCount())),
                Registry.create("counters"));
    }

    /** For tests: counters under a given supervisor, registered in a given registry. */
    NamedCounters(DynamicSupervisor supervisor, Registry registry) {
        this.supervisor = supervisor;
        this.registry = registry;
    }

    /**
     * Adds one to the counter {@code name}, starting it (at zero) if it does not exist; returns the new value.
     *
     * @throws dev.genserver.runtime.MaxChildrenException when {@code genserver.counters.max-count} counters exist
     */
    public long increment(String name) {
        for (int attempt = 1; ; attempt++) {
            Pid pid = registry.whereis(name).orElseGet(() -> start(name));
            try {
                return pid.call(new NamedCounterServer.Increment());
            } catch (NoProcessException | ProcessExitException gone) {
                // Deleted between lookup and call: the increment was not applied, so start afresh.
                if (attempt == ATTEMPTS || !stoppedDeliberately(gone)) {
                    throw gone;
                }
            }
        }
    }

    /**
     * The value of counter {@code name}.
     *
     * @throws NoProcessException if it was never started or has been deleted
     */
    public long value(String name) {
        return call(name, new NamedCounterServer.Value());
    }

    /**
     * Stops counter {@code name} ({@code terminate} runs); a later increment starts it again from zero.
     *
     * @throws NoProcessException if it does not exist
     */
    public void delete(String name) {
        if (!supervisor.terminateChild(pid(name))) {
            throw new NoProcessException("counter"); // another request deleted it first
        }
    }

    /** The names of the running counters, sorted ascending, at most {@link #LIST_LIMIT}. */
    public List<String> names() {
        return registry.keys().stream().map(String.class::cast).sorted().limit(LIST_LIMIT).toList();
    }

    /** Starts counter {@code name}, or returns the process that holds the name already (the race's loser). */
    Pid start(String name) {
        try {
            return supervisor.startChild(ChildSpec.temporary("counter", NamedCounterServer::new)
                    .withOptions(StartOptions.named(Name.via(registry, name)).withService("counters")));
        } catch (AlreadyStartedException raced) {
            return raced.existing();
        }
    }

    private Pid pid(String name) {
        return registry.whereis(name).orElseThrow(() -> new NoProcessException("counter"));
    }

    private <R> R call(String name, Call<R> request) {
        try {
            return pid(name).call(request);
        } catch (ProcessExitException exit) {
            if (stoppedDeliberately(exit)) {
                throw new NoProcessException("counter"); // queued behind a delete: as if it came after it
            }
            throw exit;
        }
    }

    /** No such process, or it was shut down (deleted) before handling the message: nothing was applied. */
    private static boolean stoppedDeliberately(GenServerException failure) {
        return failure instanceof NoProcessException
                || failure instanceof ProcessExitException exit && exit.reason().kind() == ExitReason.Kind.SHUTDOWN;
    }
}
