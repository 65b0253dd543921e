package dev.genserver.app;

import dev.genserver.runtime.Call;
import java.time.Duration;

/**
 * The one process of a service (the counter, the session store, the cache): a keyed process with a fixed key.
 * Clients address it through this handle on every use, as the seed's {@code GenServer.call(__MODULE__, …)} does,
 * so a restarted process is found again without anyone holding a stale pid.
 *
 * <p>Failures: {@link ServiceUnavailableException} while it is being restarted (or after its supervisor gave up);
 * otherwise as {@link dev.genserver.runtime.Pid#call}. Thread-safe.
 */
public interface Singleton {

    /** {@code GenServer.call/2}, with OTP's default timeout of 5 s. */
    <R> R call(Call<R> request);

    /** {@code GenServer.call/3}. */
    <R> R call(Call<R> request, Duration timeout);

    /** {@code GenServer.cast/2}: returns once the message is accepted. */
    void cast(Object message);

    /** {@code send/2}: a plain (info) message. */
    void send(Object message);

    /**
     * Whether the process is hosted by this instance now: always on a single instance; in a cluster, whether this
     * member owns the process's key. Work that each instance would otherwise start for itself but that must happen
     * once in the cluster (the session store's scheduled cleanup) is started only where this is true. Read from
     * what this instance knows, without a message; while partitions migrate it can be stale, so such work should
     * tolerate running twice, or being skipped once.
     */
    boolean isLocal();
}
