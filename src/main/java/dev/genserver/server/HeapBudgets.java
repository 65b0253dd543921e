package dev.genserver.server;

import dev.genserver.app.ClusterMode;
import dev.genserver.idempotency.IdempotencyProperties;
import dev.genserver.web.WebLimitsProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The two budgets of clients' bytes the service holds in memory, checked together at start-up: request bodies
 * being read ({@code genserver.web.max-buffered-bodies}) and kept answers ({@code genserver.idempotency.max-bytes}).
 * Each alone may be half the heap, so together they could be all of it, and a burst of large bodies beside a full
 * store of answers would run the service out of memory. Together they must fit in half of it; the defaults take
 * at most 15 % (25 % in cluster mode).
 */
@Component
class HeapBudgets {

    HeapBudgets(WebLimitsProperties web, IdempotencyProperties idempotency, Environment environment) {
        check(web, idempotency, Runtime.getRuntime().maxMemory(), ClusterMode.isOn(environment));
    }

    /**
     * Refuses the two budgets unless they fit in half of {@code maxHeap}. In cluster mode a member holds about
     * {@code max-bytes} of the answers it stored and as much again in backups of the others' (the README), so the
     * answers count twice.
     */
    static void check(WebLimitsProperties web, IdempotencyProperties idempotency, long maxHeap, boolean cluster) {
        long bodies = web.bufferedBodiesBytes(maxHeap); // each at most half the heap, so nothing here overflows
        long answers = idempotency.maxBytes(maxHeap);
        if ((cluster ? 2 : 1) * answers > maxHeap / 2 - bodies) {
            throw new SettingsConflict("genserver.web.max-buffered-bodies (" + bodies + " bytes) and "
                    + "genserver.idempotency.max-bytes (" + answers + " bytes"
                    + (cluster ? ", counted twice in cluster mode: a member holds as much again in backups" : "")
                    + ") together must be at most half the maximum heap (" + maxHeap / 2 + " bytes), or request "
                    + "bodies and kept answers could fill it.",
                    "Lower either setting (by default max-buffered-bodies is a twentieth of the maximum heap and "
                    + "max-bytes a tenth, at most 64MB), or give the JVM a larger heap (-Xmx).");
        }
    }
}
