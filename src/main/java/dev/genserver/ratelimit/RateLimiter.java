package dev.genserver.ratelimit;

import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.NoProcessException;
import java.math.BigDecimal;
import java.time.Clock;
import org.springframework.stereotype.Component;

/**
 * The rate limiter's client API. Each key has its own bucket process under the {@code rate-limit} dynamic
 * supervisor, registered by key ({@code {:via, Registry, {RateLimits, key}}}) and started on first use; it stops
 * itself when idle, and the next use starts it afresh with a full bucket. In cluster mode the bucket is an entry of
 * a replicated map that Hazelcast drops after as long without a message (its max idle), cluster-wide.
 *
 * <p>Thread-safe (see {@link KeyedProcesses}). A bucket may idle out between the lookup and the call; the call
 * then goes to a fresh one, so {@link #acquire} does not fail with {@code noproc}.
 */
@Component
public class RateLimiter {

    static final String SERVICE = "rate-limit";

    private final KeyedProcesses buckets;
    private final RateLimitProperties properties;

    RateLimiter(ProcessDirectory directory, RateLimitProperties properties, Clock clock) {
        this.properties = properties;
        this.buckets = directory.keyed(SERVICE, "rate-limits", SERVICE, properties.maxKeys(),
                properties.idleTimeout(), () -> new RateLimitServer(properties.capacity(),
                        properties.refillPerSecond(), properties.idleTimeout(), clock));
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
        return buckets.callOrStart(key, new RateLimitServer.Acquire(permits));
    }

    /**
     * Whole tokens available in {@code key}'s bucket. A key without a process shows a full bucket and starts
     * none: a bucket that idled out was full (the idle timeout is at least the fill time).
     */
    public long available(String key) {
        try {
            return buckets.call(key, new RateLimitServer.Available());
        } catch (NoProcessException idledOut) {
            return properties.capacity();
        }
    }
}
