package dev.genserver.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A {@link Stores} handler is refused 507 {@code insufficient_storage}, before its body is parsed, when it would
 * take the heap to {@code genserver.web.max-heap-occupancy} ({@link StoringRefusal}; README, Memory): the limits
 * count items, not bytes. A safety net for the instance, not a quota.
 */
@Configuration(proxyBeanMethods = false)
class StorageGuard implements WebMvcConfigurer {

    private final StoringRefusal refusal;

    StorageGuard(WebLimitsProperties limits, HeapOccupancy heapOccupancy) {
        this.refusal = new StoringRefusal(heapOccupancy, limits.maxHeapOccupancy(), new AtomicLong());
    }

    @Bean
    static HeapOccupancy heapOccupancy() {
        return HeapOccupancy.ofThisJvm();
    }

    /** One for the JVM, shared by both ports' request guards (the management context finds it in its parent). */
    @Bean
    static BodyBudget bodyBudget(WebLimitsProperties limits) {
        return new BodyBudget(limits.bufferedBodiesBytes(Runtime.getRuntime().maxMemory()));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(refusal);
    }

    /**
     * Refuses a storing request that would take the heap past the limit: counting what the latest collection left,
     * what has been stored since (that collection could not see it), what requests admitted before it are storing
     * now, and its own body's tree ({@link JsonFootprint}). The body is what fills the heap: seven 1 MB bodies of
     * empty objects, admitted below the limit, took it from 80 % to 93 % and kept it there (events are not deleted),
     * and four such bodies parsed at once ran it out. A request without a body is judged by the first two alone.
     * Before refusing, the first two are bounded by what the heap holds now ({@link HeapOccupancy#inUse}): what was
     * stored since is estimated from text, up to thirteen times its tree, and a quiet instance may not collect for
     * minutes, so a 40 KB put was refused for 100 s after a 1 MB array of ones, with the heap far from full.
     */
    record StoringRefusal(HeapOccupancy occupancy, double limit, AtomicLong storing)
            implements HandlerInterceptor {

        private static final String RESERVED = StoringRefusal.class.getName() + ".reserved";

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            long max = occupancy.max();
            long before = Math.round(occupancy.occupied() * max) + occupancy.storedSince();
            Object footprint = request.getAttribute(JsonFootprint.ATTRIBUTE); // a JSON body's, read whole
            if (footprint == null && before < limit * max // first: with room and no body, nothing else is asked
                    || !(handler instanceof HandlerMethod method && method.hasMethodAnnotation(Stores.class))
                    || request.getDispatcherType() != DispatcherType.REQUEST) {
                return true;
            }
            long body = footprint instanceof Long bytes ? bytes : 0;
            if (before + storing.get() + body >= limit * max) { // the estimate says no: the heap now may say yes
                before = Math.min(before, occupancy.inUse());
            }
            for (long held = storing.get(); ; held = storing.get()) {
                long after = before + held + body;
                if (after >= limit * max) {
                    throw Failure.INSUFFICIENT_STORAGE.worded(Math.round(100.0 * after / max));
                }
                if (storing.compareAndSet(held, held + body)) {
                    request.setAttribute(RESERVED, body);
                    return true;
                }
            }
        }

        /**
         * The body's tree is stored, or was refused: from now on the next collection counts it, if it is kept. A
         * 4xx answer stored nothing (a body that is not JSON, or names nothing to store in), so counts nothing: else
         * 4.5 MB of malformed bodies, which allocate little, counted as 217 MB stored and had every storing write
         * of a quiet 256 MB instance, 15 % full, refused 507 for 90 s, until some collection came.
         */
        @Override
        public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                Exception failure) {
            if (request.getAttribute(RESERVED) instanceof Long body) {
                request.removeAttribute(RESERVED);
                storing.addAndGet(-body);
                if (HttpStatus.Series.resolve(response.getStatus()) != HttpStatus.Series.CLIENT_ERROR) {
                    occupancy.stored(body);
                }
            }
        }
    }
}
