package dev.genserver.observability;

import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessInfo;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registries by name, so {@code counters:foo} can be looked up as displayed. The runtime knows only its own
 * local names; each service keeps its {@link Registry} to itself, and a registry is reachable only through the
 * name of a process registered in it. So registries are learnt from the processes this endpoint sees, and a name
 * that is not known yet is looked for among the processes started since the last look, never twice among the
 * same ones: a lookup of an unknown registry costs one pass over the process table, not a sort of it each time.
 *
 * <p>A process that is still being inserted into the table while a look passes its id can be missed; its
 * registry is then found through the next process registered in it.
 *
 * <p>Thread-safe.
 */
final class RegistryDirectory {

    /**
     * Processes read per page while looking for a registry, at least: every page costs a pass over the whole
     * table, so pages grow with it (a quarter of it) to keep a look at a few passes.
     */
    static final int SCAN_PAGE = 10_000;

    private final ProcessRuntime runtime;
    private final ConcurrentHashMap<String, List<Registry>> byName = new ConcurrentHashMap<>();
    /** Every process with an id up to this one has been looked at; guarded by {@code this}. */
    private long lookedUpTo;

    RegistryDirectory(ProcessRuntime runtime) {
        this.runtime = runtime;
    }

    /** Remembers the registry {@code pid} is registered in, if any. */
    void learn(Pid pid) {
        if (pid.name().orElse(null) instanceof Name.Via via) {
            Registry registry = via.registry();
            List<Registry> known = byName.get(registry.name());
            if (known == null || !known.contains(registry)) {
                byName.compute(registry.name(), (name, current) -> with(current, registry));
            }
        }
    }

    /** The registries called {@code name}; looks through processes started since the last look if none is known. */
    List<Registry> named(String name) {
        List<Registry> known = byName.get(name);
        if (known != null) {
            return known;
        }
        lookFor(name);
        return byName.getOrDefault(name, List.of());
    }

    private synchronized void lookFor(String name) {
        int pageSize = Math.max(SCAN_PAGE, runtime.count() / 4 + 1);
        while (!byName.containsKey(name)) {
            List<ProcessInfo> page = runtime.processes(lookedUpTo, pageSize);
            for (ProcessInfo info : page) {
                learn(info.pid());
            }
            if (!page.isEmpty()) {
                lookedUpTo = page.getLast().pid().id();
            }
            if (page.size() < pageSize) {
                return;
            }
        }
    }

    private static List<Registry> with(List<Registry> current, Registry registry) {
        if (current == null) {
            return List.of(registry);
        }
        if (current.contains(registry)) {
            return current;
        }
        List<Registry> more = new ArrayList<>(current);
        more.add(registry);
        return List.copyOf(more);
    }
}
