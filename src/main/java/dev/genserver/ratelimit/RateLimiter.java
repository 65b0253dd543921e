package dev.genserver.ratelimit;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.AlreadyStartedException;
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
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The rate limiter's client API. Each key has its own bucket process under the {@code rate-limit} dynamic
 * supervisor, registered in a {@link Registry} by key ({@code {:via, Registry, {RateLimits, key}}}) and started
 * on first use; it stops itself when idle, and the next use starts it afresh with a full bucket.
 *
 * <p>Thread-safe. Two first uses of one key race to start it: the loser gets {@link AlreadyStartedException}
 * and uses the winner. A process may also idle out between the lookup and the call; the lookup is then retried,
 * so {@link #acquire} never fails with {@code noproc}.
 */
@Component
public class RateLimiter {

    static final String SERVICE = "rate-limit";
    /** A lookup-and-call that lost to an idle-out is retried; three losses in a row mean something else is wrong. */
    private static final int ATTEMPTS = 3;

    private final Registry registry = Registry.create("rate-limits");
    private final DynamicSupervisor supervisor;
    private final RateLimitProperties properties;
    private final Clock clock;

    RateLimiter(ProcessTree tree, RateLimitProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        this.supervisor = tree.startDynamicSupervisor(SERVICE,
                DynamicSupervisorSpec.withMaxChildren(properties.maxKeys()));
    }

    /** Tokens a full bucket holds. */
    public int capacity() {
        return properties.capacity();
    }

    public BigDecimal refillPerSecond() {
        return properties.refillPerSecond();
    }

    /**
     * Takes {@code permits} tokens from {@code key}'s bucket, starting its process if needed (a call).
     *
     * @throws IllegalArgumentException unless {@code 1 <= permits <= capacity}
     * @throws dev.genserver.runtime.MaxChildrenException when {@code max-keys} buckets are alive already
     */
    public Decision acquire(String key, long permits) {
        if (permits < 1 || permits > properties.capacity()) {
            throw new IllegalArgumentException("permits must be between 1 and " + properties.capacity());
        }
        GenServerException lost = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                return whereisOrStart(key).call(new RateLimitServer.Acquire(permits));
            } catch (NoProcessException | ProcessExitException e) {
                if (!idledOut(e)) {
                    throw e;
                }
                lost = e;
            }
        }
        throw lost;
    }

    /**
     * Whole tokens available in {@code key}'s bucket. A key without a process shows a full bucket and starts
     * none: a bucket that idled out was full (the idle timeout is at least the fill time).
     */
    public long available(String key) {
        Optional<Pid> pid = registry.whereis(key);
        if (pid.isEmpty()) {
            return properties.capacity();
        }
        try {
            return pid.get().call(new RateLimitServer.Available());
        } catch (NoProcessException | ProcessExitException e) {
            if (!idledOut(e)) {
                throw e;
            }
            return properties.capacity();
        }
    }

    /** The process of {@code key}'s bucket, if one is running. */
    Optional<Pid> whereis(String key) {
        return registry.whereis(key);
    }

    private Pid whereisOrStart(String key) {
        Optional<Pid> running = registry.whereis(key);
        if (running.isPresent()) {
            return running.get();
        }
        try {
            return supervisor.startChild(ChildSpec.temporary(SERVICE, () -> new RateLimitServer(
                            properties.capacity(), properties.refillPerSecond(), properties.idleTimeout(), clock))
                    .withOptions(StartOptions.named(Name.via(registry, key)).withService(SERVICE)));
        } catch (AlreadyStartedException e) {
            return e.existing();
        }
    }

    /** The process stopped normally (idled out) before or while handling our message. */
    private static boolean idledOut(GenServerException e) {
        return e instanceof NoProcessException
                || e instanceof ProcessExitException exit && exit.reason().kind() == ExitReason.Kind.NORMAL;
    }
}
