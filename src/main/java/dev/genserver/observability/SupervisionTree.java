package dev.genserver.observability;

import dev.genserver.runtime.ChildInfo;
import dev.genserver.runtime.ChildType;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.SupervisionReport;
import dev.genserver.runtime.SupervisorStats;
import dev.genserver.runtime.Supervisor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The supervision tree from what each supervisor published after its last message ({@link
 * ProcessRuntime#supervision}), as the health check reads it: no message to any process, so drawing the tree
 * never waits behind a busy supervisor, and a dynamic supervisor with a million children costs what one with ten
 * does (its children are paged by the process table, not listed here).
 *
 * <p>Thread-safe.
 */
final class SupervisionTree {

    /** Nodes drawn at most; a deeper or wider tree is cut, and says so with a {@code …} node. */
    static final int MAX_NODES = 500;

    private final ProcessRuntime runtime;
    private final Supervisor root;

    SupervisionTree(ProcessRuntime runtime, Supervisor root) {
        this.runtime = runtime;
        this.root = root;
    }

    TreeNode tree() {
        return node("root", root.pid(), false, ChildType.SUPERVISOR, null, 0, new int[] {MAX_NODES}, true);
    }

    /** The root alone, its children left out (as the overview shows it). */
    TreeNode root() {
        return node("root", root.pid(), false, ChildType.SUPERVISOR, null, 0, new int[] {MAX_NODES}, false);
    }

    private TreeNode node(String id, Pid pid, boolean restarting, ChildType type, String restart, int restarts,
                          int[] budget, boolean withChildren) {
        budget[0]--;
        String name = pid == null ? null : ProcessNames.label(pid);
        if (pid == null || !pid.isAlive()) {
            return new TreeNode(id, null, name, type(type), restarting ? "restarting" : "stopped", restarts,
                    restart, null, null, null, null, null, null, null);
        }
        String status = runtime.info(pid).status();
        Optional<SupervisionReport> report = type == ChildType.SUPERVISOR ? runtime.supervision(pid) : Optional.empty();
        if (report.isEmpty()) {
            return new TreeNode(id, pid.id(), name, type(type), status, restarts, restart,
                    null, null, null, null, null, null, null);
        }
        SupervisorStats stats = report.get().stats();
        List<TreeNode> children = null;
        if (withChildren && !report.get().dynamic()) {
            children = new ArrayList<>();
            for (ChildInfo child : report.get().children()) {
                if (budget[0] <= 0) {
                    children.add(new TreeNode("…", null, null, "worker", "cut", 0, null,
                            null, null, null, null, null, null, null));
                    break;
                }
                children.add(node(child.id(), child.pid(), child.restarting(), child.type(),
                        child.restart().name().toLowerCase(Locale.ROOT), child.restarts(), budget, true));
            }
        }
        return new TreeNode(id, pid.id(), name, "supervisor", status, restarts, restart, stats.strategy(),
                stats.restartsInWindow(), stats.maxRestarts(), stats.period().toString(), report.get().dynamic(),
                stats.children(), children);
    }

    private static String type(ChildType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
