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
 * A {@link Stores} handler is refused 507 {@code insufficient_storage}, before its body is parsed, once the heap
 * holds {@code genserver.web.max-heap-occupancy} after the latest collection (README, Memory): the limits count
 * items, not bytes. A safety net for the instance, not a quota.
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

    /** One for the JVM, shared by both ports' request guards (the management context finds it in its parent). */
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
