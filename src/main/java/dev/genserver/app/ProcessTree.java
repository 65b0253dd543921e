package dev.genserver.app;

import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessInfo;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Supervisor;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The application's supervision tree: the root supervisor and the runtime it lives in. Services start their
 * processes here while the context starts; when the context stops — after the web server has finished the
 * requests in flight — the runtime stops every process as OTP's supervisors do (those that trap exits run
 * {@code terminate}): the root's children newest first, as its spec declares, a dynamic supervisor's children all
 * at once, as Elixir's (see {@code ProcessRuntime.close}).
 *
 * <p>Thread-safe.
 */
public final class ProcessTree extends StopStep {

    /**
     * Stopped after the web server: Spring stops higher phases first, and graceful shutdown of the web server
     * runs in {@code DEFAULT_PHASE - 1024}, so in-flight requests still reach their processes.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;
    /** Processes read at a time by {@link #killAll}. */
    private static final int KILL_PAGE = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(ProcessTree.class);

    private final ProcessRuntime runtime;
    private final Supervisor root;
    private final TimedOutCalls timedOut;
    private final Predicate<String> printsKeys;
    private final List<Registry> registries = new CopyOnWriteArrayList<>();
    private final Set<String> onDemandServices = ConcurrentHashMap.newKeySet();

    ProcessTree(ProcessRuntime runtime, Supervisor root, TimedOutCalls timedOut) {
        this(runtime, root, timedOut, registry -> true);
    }

    /** {@code printsKeys}: whether a registry's keys may be printed, in logs too; the others' are redacted. */
    ProcessTree(ProcessRuntime runtime, Supervisor root, TimedOutCalls timedOut, Predicate<String> printsKeys) {
        super(PHASE);
        this.runtime = runtime;
        this.root = root;
        this.timedOut = timedOut;
        this.printsKeys = printsKeys;
    }

    public ProcessRuntime runtime() {
        return runtime;
    }

    public Supervisor root() {
        return root;
    }

    /** Starts a child of the root supervisor (typically a permanent, named singleton). */
    public Pid startChild(ChildSpec spec) {
        return root.startChild(spec);
    }

    /**
     * Starts a dynamic supervisor under the root, for a service's processes made on demand. The handle finds it
     * by name on every use, so after the root restarts it the service carries on (and answers 503
     * {@code unavailable} in the moment between).
     */
    public DynamicSupervisor startDynamicSupervisor(String service, DynamicSupervisorSpec spec) {
        Name name = Name.local(service + "-supervisor");
        startChild(DynamicSupervisor.childSpec(service + "-supervisor", spec,
                StartOptions.named(name).withService(service)));
        NamedSingleton supervisor = new NamedSingleton(runtime, name, timedOut, root.pid());
        return DynamicSupervisor.lookedUp(supervisor::pid);
    }

    /**
     * A new registry for the tree's processes, listed by {@link #registries()}; unless its keys are public
     * ({@code genserver.observability.public-registries}), they print redacted ({@link Registry#createRedacted}).
     */
    public Registry registry(String name) {
        Registry registry = printsKeys.test(name) ? Registry.create(name) : Registry.createRedacted(name);
        registries.add(registry);
        return registry;
    }

    /**
     * Names a service none of whose processes runs until there is work for it (the job queue's workers), so that
     * what is reported per service, its metrics, can show it from start-up at zero rather than from its first
     * process: a series that appears with its first exits hides them from Prometheus' {@code increase()}.
     */
    public void declareOnDemandService(String service) {
        onDemandServices.add(service);
    }

    /** The services named by {@link #declareOnDemandService}. */
    public Set<String> onDemandServices() {
        return Set.copyOf(onDemandServices);
    }

    /** The registries made by {@link #registry(String)}: the observer resolves {@code registry:key} in them. */
    public List<Registry> registries() {
        return List.copyOf(registries);
    }

    /** A named singleton's client-side handle: looks the process up on every use, so restarts are transparent. */
    public Singleton singleton(Name name) {
        return new NamedSingleton(runtime, name, timedOut, root.pid());
    }

    /**
     * Kills every living process of {@code service}, found by a walk of the whole process table a page at a time:
     * for processes whose owner cannot be asked for them (the job queue's workers, when the queue does not answer
     * at a stop). Returns how many were killed.
     */
    public int killAll(String service) {
        int killed = 0;
        List<ProcessInfo> page = runtime.processes(0, KILL_PAGE);
        while (!page.isEmpty()) {
            for (ProcessInfo info : page) {
                if (service.equals(info.service()) && info.pid().isAlive()) {
                    runtime.kill(info.pid());
                    killed++;
                }
            }
            page = runtime.processes(page.getLast().pid().id(), KILL_PAGE);
        }
        return killed;
    }

    /** The calls of requests that timed out, kept for their retries: one memory for the whole tree. */
    public TimedOutCalls timedOutCalls() {
        return timedOut;
    }

    /**
     * Closes the runtime for good: only closing the context stops the processes, never a pause. Said in the log
     * before and after, so that a stop's log shows where its time went and that the processes did stop (each
     * process's own stop is silent, as OTP's shutdown is).
     */
    @Override
    protected void onStop() {
        LOG.info("Stopping the process tree: {} processes, newest first", runtime.count());
        long began = System.nanoTime();
        runtime.close();
        LOG.info("Process tree stopped in {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }
}
