package dev.genserver.keyed;

import dev.genserver.app.Singleton;
import dev.genserver.runtime.GenServer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Where the services' stateful processes live: the one place that decides whether a process is in this JVM or on
 * the cluster member that owns its key. Services ask it once, at start-up, for their {@link KeyedProcesses} or
 * their {@link Singleton}, and from then on speak only to those.
 */
public interface ProcessDirectory {

    /**
     * The processes of {@code service}, one per key, at most {@code maxCount} of them, each started from
     * {@code module} on first use. {@code supervisor} and {@code registry} name where they are found in the
     * supervision tree and in {@code /actuator/processes} ({@code registry:key}).
     */
    KeyedProcesses keyed(String supervisor, String registry, String service, int maxCount,
            Supplier<? extends GenServer<?>> module);

    /**
     * {@link #keyed(String, String, String, int, Supplier)}, for processes that stop themselves after
     * {@code idleTimeout} without a message (their module's idle timeout, OTP's {@code {:reply, r, s, timeout}}).
     * A process in this JVM stops itself, so the default adds nothing. A directory that holds states outside any
     * process (the cluster's map, where no timer runs beside a state) decides the stop with the message that leaves
     * the state idle, and uses {@code idleTimeout} to have what was left untouched that long removed as well. A
     * null {@code idleTimeout} is none: the processes never stop for idleness.
     */
    default KeyedProcesses keyed(String supervisor, String registry, String service, int maxCount,
            Duration idleTimeout, Supplier<? extends GenServer<?>> module) {
        return keyed(supervisor, registry, service, maxCount, module);
    }

    /** The one process of {@code service}: a permanent child of the root, named after the service. */
    Singleton singleton(String service, Supplier<? extends GenServer<?>> module);

    /**
     * {@link #singleton(String, Supplier)} for a process whose {@code terminate} waits for work in flight (the job
     * queue's running jobs): the tree gives it {@code shutdown} to end in when it stops it, where a worker gets
     * OTP's 5 seconds. A directory that replicates the service has no terminate to wait for.
     */
    Singleton singleton(String service, Supplier<? extends GenServer<?>> module, Duration shutdown);
}
