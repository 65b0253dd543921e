package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses what would store more while the heap is nearly full: a {@link Stores} handler is answered 507
 * {@code insufficient_storage} once the heap holds {@code genserver.web.max-heap-occupancy} of its maximum after the
 * latest collection ({@link HeapOccupancy}), before its body is parsed. The limits count items, entries and events,
 * not bytes, and a parsed JSON value takes up to thirty times its text: within them, a few clients' puts ran the heap
 * out, and every request after the OutOfMemoryError failed. This keeps the instance alive and answering; deletes,
 * pops and expiry make the room that lets storing resume after the next collection. A safety net for the instance,
 * not a quota: it shares nothing out between clients.
 */
@Configuration(proxyBeanMethods = false)
class StorageGuard implements WebMvcConfigurer {

    private final StoringRefusal refusal;

    StorageGuard(WebLimitsProperties limits, HeapOccupancy heapOccupancy) {
        this.refusal = new StoringRefusal(heapOccupancy, limits.maxHeapOccupancy());
    }

    @Bean
    static HeapOccupancy heapOccupancy() {
        return HeapOccupancy.ofThisJvm();
    }

    /**
     * The heap's other guard, on what requests hold while they run rather than on what is stored: one for the JVM,
     * shared by both ports' request guards (the management port's context finds it here, in its parent).
     */
    @Bean
    static BodyBudget bodyBudget(WebLimitsProperties limits) {
        return new BodyBudget(limits.bufferedBodiesBytes(Runtime.getRuntime().maxMemory()));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(refusal);
    }

    private record StoringRefusal(HeapOccupancy occupancy, double limit) implements HandlerInterceptor {

        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            double occupied = occupancy.occupied(); // first: while there is room, nothing else is looked at
            if (occupied >= limit && handler instanceof HandlerMethod method
                    && method.hasMethodAnnotation(Stores.class)) {
                throw Failure.INSUFFICIENT_STORAGE.worded(Math.round(occupied * 100));
            }
            return true;
        }
    }
}
