package dev.genserver.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import dev.genserver.jobs.JobHomes;
import dev.genserver.runtime.GenServer;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * This member's server modules by service: the code an {@link Invoke} runs when it arrives from another member.
 * Every member builds the same services at start-up, so each registers the same modules; the messages carry only
 * the service's name. Kept in the member's user context, where an entry processor finds it; all are registered before the member
 * joins (see {@link ClusterMember}).
 */
final class Modules {

    private static final String KEY = Modules.class.getName();

    private final Map<String, GenServer<Object>> byService = new ConcurrentHashMap<>();
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

    @SuppressWarnings("unchecked")
    void register(String service, GenServer<?> module) {
        byService.put(service, (GenServer<Object>) module);
        firstUses.putIfAbsent(service, new LongAdder());
    }

    /** Processes of {@code service} this member started from their module, its primary replicas only. */
    LongAdder firstUses(String service) {
        return firstUses.get(service);
    }

    GenServer<Object> get(String service) {
        GenServer<Object> module = byService.get(service);
        if (module == null) {
            throw new IllegalStateException("no module for service " + service + " on this member");
        }
        return module;
    }
}
