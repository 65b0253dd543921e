package dev.genserver.observability;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.ChildInfo;
import dev.genserver.runtime.GenServerException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorStats;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code supervision} health contributor. UP while the root supervisor lives: a supervisor that exceeds its
 * restart intensity gives up and stops, its parent restarts it or gives up in turn, so a living root means every
 * supervisor is within its intensity. DOWN once the root has given up — in OTP the node would stop; here the
 * liveness probe fails and the orchestrator restarts the container. UNKNOWN while the root is too busy to answer.
 *
 * <p>Details per supervisor (the root and its children that are supervisors): strategy, children, restarts in
 * the current window, {@code maxRestarts}, {@code period}. Counts come from each supervisor's status, which it
 * answers without listing its children, so a dynamic supervisor with a million children costs no more than one
 * with ten. The walk stops at the root's children: the runtime cannot tell a static supervisor (whose children
 * could be listed) from a dynamic one (which would crash on the request).
 *
 * <p>Thread-safe.
 */
@Component
class SupervisionHealthIndicator implements HealthIndicator {

    /** Supervisors detailed at most: the details of a health check must stay small. */
    static final int MAX_SUPERVISORS = 64;

    private final ProcessRuntime runtime;
    private final Supervisor root;
    private final Duration timeout;
    private final ProcessNames names;
    /** The root's child ids, each known to be a supervisor or not: ids outlive restarts, so each is asked once. */
    private final Map<String, Boolean> supervisorChildren = new ConcurrentHashMap<>();

    @Autowired
    SupervisionHealthIndicator(ProcessTree tree, ObservabilityProperties properties) {
        this(tree.runtime(), tree.root(), properties);
    }

    SupervisionHealthIndicator(ProcessRuntime runtime, Supervisor root, ObservabilityProperties properties) {
        this.runtime = runtime;
        this.root = root;
        this.timeout = properties.statusTimeout();
        this.names = new ProcessNames(runtime, properties.publicRegistries());
    }

    @Override
    public Health health() {
        if (runtime.isClosed()) {
            return Health.outOfService().withDetail("runtime", "shutting down").build();
        }
        Pid rootPid = root.pid();
        String rootName = names.label(rootPid);
        Object rootStatus;
        List<ChildInfo> children;
        try {
            rootStatus = runtime.status(rootPid, timeout);
            children = root.children();
        } catch (CallTimeoutException busy) {
            return Health.unknown().withDetail(rootName, "did not answer within " + timeout.toMillis() + " ms")
                    .build();
        } catch (GenServerException gone) {
            return Health.down().withDetail(rootName,
                    "stopped: it exceeded its restart intensity or was shut down").build();
        }
        Map<String, Object> supervisors = new LinkedHashMap<>();
        supervisors.put(rootName, rootStatus instanceof SupervisorStats stats ? describe(stats) : Map.of());
        for (ChildInfo child : children) {
            if (supervisors.size() == MAX_SUPERVISORS) {
                break;
            }
            Object detail = childDetail(child);
            if (detail != null) {
                supervisors.put(child.pid() == null ? child.id() : names.label(child.pid()), detail);
            }
        }
        return Health.up().withDetail("supervisors", supervisors).build();
    }

    /** The child's counts if it is a supervisor, its state if it is one that cannot answer, else null. */
    private Object childDetail(ChildInfo child) {
        Boolean known = supervisorChildren.get(child.id());
        if (Boolean.FALSE.equals(known)) {
            return null;
        }
        if (child.pid() == null) {
            return known == null ? null : Map.of("state", "restarting");
        }
        Object status;
        try {
            status = runtime.status(child.pid(), timeout);
        } catch (CallTimeoutException busy) {
            return known == null ? null : Map.of("state", "busy");
        } catch (GenServerException gone) {
            return known == null ? null : Map.of("state", "restarting");
        }
        boolean supervisor = status instanceof SupervisorStats;
        supervisorChildren.put(child.id(), supervisor);
        return supervisor ? describe((SupervisorStats) status) : null;
    }

    private static Map<String, Object> describe(SupervisorStats stats) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("strategy", stats.strategy());
        detail.put("children", stats.children());
        detail.put("restartsInWindow", stats.restartsInWindow());
        detail.put("maxRestarts", stats.maxRestarts());
        detail.put("period", stats.period().toString());
        return detail;
    }
}
