package dev.genserver.observability;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One node of the supervision tree as the observer draws it. Supervisor fields are null for a worker.
 *
 * @param id               the child spec's id ({@code root} for the root)
 * @param pid              the process id, or null while it is not running
 * @param name             the process's name as shown (redacted as the processes endpoint redacts), or its pid
 * @param type             {@code supervisor} or {@code worker}
 * @param status           {@code running}, {@code waiting}, {@code suspended}, {@code restarting} (a restart
 *                         failed and will be retried) or {@code stopped}
 * @param restarts         how often its supervisor has restarted it
 * @param restart          its restart type ({@code permanent}, {@code transient}, {@code temporary}); null for the root
 * @param strategy         a supervisor's strategy
 * @param restartsInWindow a supervisor's restarts within its intensity period
 * @param maxRestarts      a supervisor's intensity bound
 * @param period           a supervisor's intensity period, ISO 8601
 * @param dynamic          whether it is a dynamic supervisor, whose children are listed paged, not here
 * @param childCount       a supervisor's children alive
 * @param children         a static supervisor's children, in start order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TreeNode(String id, Long pid, String name, String type, String status, int restarts, String restart,
                String strategy, Integer restartsInWindow, Integer maxRestarts, String period, Boolean dynamic,
                Integer childCount, List<TreeNode> children) {
}
