package dev.genserver.keyed;

import dev.genserver.app.Singleton;
import dev.genserver.runtime.GenServer;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Where the services' stateful processes live: the one place that decides whether a process is in this JVM or on
 * the cluster member that owns its key. Services ask it once, at start-up, for their {@link KeyedProcesses} or
 * their {@link Singleton}, and from then on speak only to those.
 */
public interface ProcessDirectory {

    /**
     * The processes of {@code service}, one per key, at most {@code maxCount} of them, each started from
     * {@code module} on first use. {@code supervisor} and {@code registry} name where they are found in the
     * supervision tree and in {@code /actuator/processes} ({@code registry:key}). {@code idleTimeout} is that of
     * processes that stop themselves after it without a message (null: none): one in this JVM stops itself, so
     * the local directory ignores it; the cluster's, whose states no timer runs beside, has states left untouched
     * that long removed.
     */
    KeyedProcesses keyed(String supervisor, String registry, String service, int maxCount,
            @Nullable Duration idleTimeout, Supplier<? extends GenServer<?>> module);

    /**
     * The one process of {@code service}: a permanent child of the root, named after the service. {@code shutdown}
     * is for a process whose {@code terminate} waits for work in flight (the job queue's running jobs): the tree
     * gives it that long to end in when it stops it, where a worker (null) gets OTP's 5 seconds. A directory that
     * replicates the service has no terminate to wait for.
     */
    Singleton singleton(String service, @Nullable Duration shutdown, Supplier<? extends GenServer<?>> module);
}
