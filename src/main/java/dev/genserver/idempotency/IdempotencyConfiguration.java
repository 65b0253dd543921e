package dev.genserver.idempotency;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * The idempotency filter on {@code /api/*}, the store behind it, and the header's part of the OpenAPI document. Registered here rather than as a component so
 * that controller slices, which pick up filter components but not configurations, stay without it.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /**
     * After {@code web.RequestGuard} (highest precedence), which judges the body's size first, and after the
     * error-body and Micrometer observation filters (highest + 1), so replays and the filter's own problems are
     * observed and given bodies like every other answer.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /** One instance's keys; cluster mode keeps them in the cluster instead (cluster.ReplicatedIdempotencyStore). */
    @Bean
    @ConditionalOnProperty(name = "genserver.cluster.enabled", havingValue = "false", matchIfMissing = true)
    IdempotencyStore idempotencyStore(IdempotencyProperties properties, Clock clock) {
        return new InMemoryIdempotencyStore(properties.maxEntries(), properties.maxBytes().toBytes(), properties.ttl(),
                clock);
    }

    @Bean
    OpenApiCustomizer idempotencyDocumentation(IdempotencyProperties properties) {
        return new IdempotencyDocumentation(properties);
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store, JsonMapper json) {
        FilterRegistrationBean<IdempotencyFilter> registration =
                new FilterRegistrationBean<>(new IdempotencyFilter(store, json));
        registration.addUrlPatterns("/api/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(ORDER);
        return registration;
    }
}
