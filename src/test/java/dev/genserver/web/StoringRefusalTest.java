package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.HandlerMethod;

/**
 * Bodies being stored count against the heap's room together: a request admitted holds its body's estimated tree
 * until it is answered, and what it stored counts until the next collection, which sees it.
 */
class StoringRefusalTest {

    private static final long HEAP = 16L << 20;
    private static final long BODY = 3_300_000; // one fits in the 5.6 MB left at half full, two do not

    private final HeapOccupancy heap = new HeapOccupancy() {
        @Override
        double occupied() {
            return 0.5;
        }

        @Override
        long max() {
            return HEAP;
        }

        @Override
        long inUse() {
            return inUse;
        }
    };
    /** What the heap holds now, garbage included: by default more than the estimates, so it bounds nothing. */
    private volatile long inUse = HEAP;
    private final StorageGuard.StoringRefusal guard = new StorageGuard.StoringRefusal(heap, 0.85, new AtomicLong());
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    static class Handlers {
        @Stores
        void put() {
        }

        void read() {
        }
    }

    @Test
    void aBodyBeingStored_holdsItsRoom_untilTheCollectionAfterItsAnswer() throws Exception {
        HandlerMethod put = new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod("put"));
        MockHttpServletRequest first = withBody(BODY);
        MockHttpServletRequest second = withBody(BODY);

        assertThat(guard.preHandle(first, response, put)).isTrue();
        assertRefused(second, put); // while the first is being stored

        guard.afterCompletion(first, response, put, null);
        assertRefused(second, put); // stored, but no collection has counted it yet

        heap.collected(0.5);
        assertThat(guard.preHandle(second, response, put)).isTrue();
    }

    /**
     * What was stored since the latest collection is estimated from text, up to thirteen times the tree it made:
     * what the heap holds now, garbage and all, bounds it.
     */
    @Test
    void whatWasStoredSince_countsNoMoreThanTheHeapHoldsNow() throws Exception {
        HandlerMethod put = new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod("put"));
        MockHttpServletRequest first = withBody(BODY);
        assertThat(guard.preHandle(first, response, put)).isTrue();
        guard.afterCompletion(first, response, put, null);
        assertRefused(withBody(BODY), put); // as estimated, the first's tree is still in the heap

        inUse = HEAP / 2 + 1_000_000; // the first's tree took a megabyte, with its garbage

        assertThat(guard.preHandle(withBody(BODY), response, put)).isTrue();
        assertRefused(withBody(BODY), put); // the one just let in holds its room until answered, heap or not
    }

    @Test
    void aRefusedBody_holdsNoRoom() throws Exception {
        HandlerMethod put = new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod("put"));
        MockHttpServletRequest tooLarge = withBody(6_000_000);

        assertRefused(tooLarge, put);
        guard.afterCompletion(tooLarge, response, put, null);

        assertThat(guard.preHandle(withBody(BODY), response, put)).isTrue();
    }

    @Test
    void aHandlerThatStoresNothing_isNeverRefused() throws Exception {
        HandlerMethod read = new HandlerMethod(new Handlers(), Handlers.class.getDeclaredMethod("read"));

        assertThat(guard.preHandle(withBody(100_000_000), response, read)).isTrue();
    }

    private static MockHttpServletRequest withBody(long estimate) {
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/");
        request.setAttribute(JsonFootprint.ATTRIBUTE, estimate);
        return request;
    }

    private void assertRefused(MockHttpServletRequest request, HandlerMethod handler) {
        assertThatThrownBy(() -> guard.preHandle(request, response, handler))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        refused -> assertThat(refused.getStatusCode().value()).isEqualTo(507));
    }
}
