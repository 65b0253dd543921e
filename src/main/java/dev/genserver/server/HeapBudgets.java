package dev.genserver.server;

import dev.genserver.idempotency.IdempotencyProperties;
import dev.genserver.web.WebLimitsProperties;
import org.springframework.stereotype.Component;

/**
 * The two budgets of clients' bytes the service holds in memory, checked together at start-up: request bodies
 * being read ({@code genserver.web.max-buffered-bodies}) and kept answers ({@code genserver.idempotency.max-bytes}).
 * Each alone may be half the heap, so together they could be all of it, and a burst of large bodies beside a full
 * store of answers would run the service out of memory. Together they must fit in half of it; the defaults take
 * at most 15 %.
 */
@Component
class HeapBudgets {

    HeapBudgets(WebLimitsProperties web, IdempotencyProperties idempotency) {
        check(web, idempotency, Runtime.getRuntime().maxMemory());
    }

    static void check(WebLimitsProperties web, IdempotencyProperties idempotency, long maxHeap) {
        long bodies = web.bufferedBodiesBytes(maxHeap);
        long answers = idempotency.maxBytes(maxHeap);
        if (bodies + answers > maxHeap / 2) {
            throw new IllegalStateException("genserver.web.max-buffered-bodies (" + bodies + " bytes) and "
                    + "genserver.idempotency.max-bytes (" + answers + " bytes) together must be at most half the "
                    + "maximum heap (" + maxHeap / 2 + " bytes), or request bodies and kept answers could fill it");
        }
    }
}
