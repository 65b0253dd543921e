package dev.genserver.runtime;

import java.util.List;

/**
 * A supervisor as it published itself after the last message it handled: read by {@link ProcessRuntime#supervision}
 * without a message, so a health probe never queues behind a supervisor busy restarting children, however loaded
 * the runtime is. The restarts in the window are counted at the moment of reading.
 *
 * @param stats    strategy, children alive, restarts within the intensity window, the intensity
 * @param children a static supervisor's children in start order; empty for a dynamic supervisor, which may have
 *                 a million and publishes its counts only
 * @param dynamic  a dynamic supervisor (children started on demand, listed by {@link ProcessRuntime#children})
 */
public record SupervisionReport(SupervisorStats stats, List<ChildInfo> children, boolean dynamic) {
    /**
     * Copies {@code children}, so the report does not change with the list it was built from.
     *
     * @throws NullPointerException if {@code children} is null or holds a null
     */
    public SupervisionReport {
        children = List.copyOf(children);
    }
}
