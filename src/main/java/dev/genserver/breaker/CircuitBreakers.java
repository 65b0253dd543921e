package dev.genserver.breaker;

import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.NoProcessException;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * The circuit breakers' client API. Each name has its own breaker process under the {@code circuit-breaker}
 * dynamic supervisor, registered by name ({@code {:via, Registry, {CircuitBreakers, name}}}) and started on first
 * use. Reading an unused name, or reporting a success on it, starts nothing: a fresh breaker is closed with no
 * failures and a success would leave it so.
 *
 * <p>Thread-safe (see {@link KeyedProcesses}).
 */
@Component
public class CircuitBreakers {

    static final String SERVICE = "circuit-breaker";

    private final KeyedProcesses breakers;

    CircuitBreakers(ProcessDirectory directory, CircuitBreakerProperties properties, Clock clock) {
        // no fixed idle timeout: a breaker idles out once it would admit a call again (CircuitBreakerServer)
        this.breakers = directory.keyed(SERVICE, "circuit-breakers", SERVICE, properties.maxNames(), null,
                () -> new CircuitBreakerServer(properties.failureThreshold(), properties.openTimeout(),
                        properties.idleTimeout(), clock));
    }

    /**
     * May a call guarded by {@code name} proceed (a call)? Starts the breaker if needed.
     *
     * @throws dev.genserver.runtime.MaxChildrenException when {@code max-names} breakers exist already
     */
    public Permit acquire(String name) {
        return breakers.callOrStart(name, new CircuitBreakerServer.Acquire());
    }

    /** Reports a successful call (a cast). On a name never used this changes nothing and starts nothing. */
    public void success(String name) {
        try {
            breakers.cast(name, CircuitBreakerServer.Report.SUCCESS);
        } catch (NoProcessException unused) {
            // a fresh breaker is closed with no failures, and a success leaves it so
        }
    }

    /** Reports a failed call (a cast), starting the breaker if needed so the failure counts. */
    public void failure(String name) {
        breakers.castOrStart(name, CircuitBreakerServer.Report.FAILURE);
    }

    /** The phase and failure count; a name never used is closed with no failures (and no process is started). */
    public BreakerStatus status(String name) {
        try {
            return breakers.call(name, new CircuitBreakerServer.Status());
        } catch (NoProcessException unused) {
            return BreakerStatus.UNUSED;
        }
    }
}
