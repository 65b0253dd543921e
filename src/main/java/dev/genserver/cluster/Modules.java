package dev.genserver.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import dev.genserver.jobs.JobHomes;
import dev.genserver.runtime.GenServer;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * This member's server modules by service: the code an {@link Invoke} runs when it arrives from another member.
 * Every member builds the same services at start-up, so each registers the same modules; the messages carry only
 * the service's name. Kept in the member's user context, where an entry processor finds it; all are registered
 * before the member joins (see {@link ClusterMember}). A service may also ask for its map to be set up its own way
 * (an idle timeout), which {@link #configure} adds to the member's configuration as it starts.
 */
final class Modules {

    private static final String KEY = Modules.class.getName();

    private final Map<String, GenServer<Object>> byService = new ConcurrentHashMap<>();
    private final Map<String, Duration> idleTimeouts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> firstUses = new ConcurrentHashMap<>();

    private volatile BiFunction<JobHomes.Question, String, Object> jobs;

    /** How this member answers questions about the jobs it runs (see {@link ClusterJobHomes}). */
    void serveJobs(BiFunction<JobHomes.Question, String, Object> answers) {
        jobs = answers;
    }

    BiFunction<JobHomes.Question, String, Object> jobs() {
        if (jobs == null) {
            throw new IllegalStateException("this member runs no jobs");
        }
        return jobs;
    }

    /** The modules of {@code member}, as {@link #into} gave them to its configuration. */
    static Modules of(HazelcastInstance member) {
        return (Modules) member.getUserContext().get(KEY);
    }

    /** Gives these modules to the members made from {@code config}. */
    Config into(Config config) {
        config.getUserContext().put(KEY, this);
        return config;
    }

    /**
     * {@code config} with the map settings the services of the modules {@link #into} gave it have asked for; called
     * as its member starts, when every service has registered.
     */
    static Config configure(Config config) {
        if (config.getUserContext().get(KEY) instanceof Modules modules) {
            modules.idleTimeouts.forEach((service, idleTimeout) -> {
                String map = ClusterConfiguration.MAP_PREFIX + service;
                // the settings every service's map has (backups, format, split-brain protection), plus this one; as
                // late as an idled-out entry's time to live: Hazelcast counts by the owner's clock from the last
                // touch, and a message stamped by its caller's clock (behind by its trip at least) still finds the
                // process there until that clock has passed the timeout
                // and no sooner than a stop's tombstone is kept, which answers the stop's retry (Replica)
                Duration removal = idleTimeout.plus(Invoke.REMOVAL_MARGIN);
                Duration tombstone = Duration.ofMillis(Replica.REMEMBERED_FOR_MILLIS);
                config.addMapConfig(new MapConfig(config.findMapConfig(map)).setName(map)
                        .setMaxIdleSeconds(maxIdleSeconds(removal.compareTo(tombstone) < 0 ? tombstone : removal)));
            });
        }
        return config;
    }

    /** Hazelcast counts idleness in whole seconds: rounded up, so an entry never goes sooner than a process would. */
    static int maxIdleSeconds(Duration idleTimeout) {
        long seconds = idleTimeout.getNano() == 0 ? idleTimeout.getSeconds() : idleTimeout.getSeconds() + 1;
        return Math.clamp(seconds, 1, Integer.MAX_VALUE);
    }

    @SuppressWarnings("unchecked")
    void register(String service, GenServer<?> module) {
        byService.put(service, (GenServer<Object>) module);
        firstUses.putIfAbsent(service, new LongAdder());
    }

    /** Processes of {@code service} this member started from their module, its primary replicas only. */
    LongAdder firstUses(String service) {
        return firstUses.get(service);
    }

    /**
     * Hazelcast drops the entries of {@code service} left untouched for {@code idleTimeout} and
     * {@link Invoke#REMOVAL_MARGIN} (its max idle, on every member). That removes state, it does not decide the
     * stop: {@link Invoke} does, by {@link Replica#idleUntil}, on owner and backup alike, and a read, which
     * Hazelcast counts as a touch, does not extend it.
     */
    void idleTimeout(String service, Duration idleTimeout) {
        idleTimeouts.put(service, idleTimeout);
    }

    /** The services registered, in no order. */
    java.util.Set<String> services() {
        return byService.keySet();
    }

    GenServer<Object> get(String service) {
        GenServer<Object> module = byService.get(service);
        if (module == null) {
            throw new IllegalStateException("no module for service " + service + " on this member");
        }
        return module;
    }
}
