package dev.genserver.breaker;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.AlreadyStartedException;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The circuit breakers' client API. Each name has its own breaker process under the {@code circuit-breaker}
 * dynamic supervisor, registered by name in a {@link Registry} and started on first use. Reading an unused
 * name, or reporting a success on it, starts nothing: a fresh breaker is closed with no failures and a success
 * would leave it so.
 *
 * <p>Thread-safe. Two first uses of one name race to start it; the loser uses the winner's process.
 */
@Component
public class CircuitBreakers {

    static final String SERVICE = "circuit-breaker";

    private final Registry registry = Registry.create("circuit-breakers");
    private final DynamicSupervisor supervisor;
    private final CircuitBreakerProperties properties;
    private final Clock clock;

    CircuitBreakers(ProcessTree tree, CircuitBreakerProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.supervisor = tree.startDynamicSupervisor(SERVICE,
                DynamicSupervisorSpec.withMaxChildren(properties.maxNames()));
    }

    /**
     * May a call guarded by {@code name} proceed (a call)? Starts the breaker if needed.
     *
     * @throws dev.genserver.runtime.MaxChildrenException when {@code max-names} breakers exist already
     */
    public Permit acquire(String name) {
        return whereisOrStart(name).call(new CircuitBreakerServer.Acquire());
    }

    /** Reports a successful call (a cast). On a name never used this changes nothing and starts nothing. */
    public void success(String name) {
        registry.whereis(name).ifPresent(pid -> pid.cast(CircuitBreakerServer.Report.SUCCESS));
    }

    /** Reports a failed call (a cast), starting the breaker if needed so the failure counts. */
    public void failure(String name) {
        whereisOrStart(name).cast(CircuitBreakerServer.Report.FAILURE);
    }

    /** The phase and failure count; a name never used is closed with no failures (and no process is started). */
    public BreakerStatus status(String name) {
        Optional<Pid> pid = registry.whereis(name);
        return pid.isEmpty() ? BreakerStatus.UNUSED : pid.get().call(new CircuitBreakerServer.Status());
    }

    private Pid whereisOrStart(String name) {
        Optional<Pid> running = registry.whereis(name);
        if (running.isPresent()) {
            return running.get();
        }
        try {
            return supervisor.startChild(ChildSpec.temporary(SERVICE, () -> new CircuitBreakerServer(
                            properties.failureThreshold(), properties.openTimeout(), clock))
                    .withOptions(StartOptions.named(Name.via(registry, name)).withService(SERVICE)));
        } catch (AlreadyStartedException e) {
            return e.existing();
        }
    }
}
