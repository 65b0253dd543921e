package dev.genserver.idempotency;

import dev.genserver.app.ClusterMode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * The idempotency filter on {@code /api/*}, the store behind it, its gauges, and the header's part of the OpenAPI
 * document. Registered here rather than as a component so that controller slices, which pick up filter components
 * but not configurations, stay without it.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /**
     * After Micrometer's observation filter (highest + 1) and {@code web.RequestGuard} (highest + 2), which judges
     * the body's size first and gives bare error statuses their bodies, so replays and the filter's own problems
     * are observed and given bodies like every other answer.
     */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    /** One instance's keys; cluster mode keeps them in the cluster instead (cluster.ReplicatedIdempotencyStore). */
    @Bean
    @Conditional(ClusterMode.Off.class)
    IdempotencyStore idempotencyStore(IdempotencyProperties properties, Clock clock) {
        return new InMemoryIdempotencyStore(properties.maxEntries(),
                properties.maxBytes(Runtime.getRuntime().maxMemory()), properties.ttl(), clock);
    }

    /**
     * How full the store is, to size {@code max-entries} and {@code max-bytes} by: near either bound, keys are
     * forgotten before their {@code ttl}.
     */
    @Bean
    MeterBinder idempotencyMetrics(IdempotencyStore store, IdempotencyProperties properties) {
        long maxBytes = properties.maxBytes(Runtime.getRuntime().maxMemory());
        return registry -> {
            Gauge.builder("genserver.idempotency.keys", store, measured(IdempotencyStore::heldKeys))
                    .description("Idempotency-Keys held, answered or still being handled (cluster mode: those this "
                            + "member owns)")
                    .register(registry);
            Gauge.builder("genserver.idempotency.answers", store, measured(IdempotencyStore::answerBytes))
                    .baseUnit("bytes")
                    .description("What the kept answers count against genserver.idempotency.max-bytes (cluster "
                            + "mode: those this member stored)")
                    .register(registry);
            // the bounds beside the fill, so that a dashboard or an alert divides one by the other
            Gauge.builder("genserver.idempotency.keys.max", properties, IdempotencyProperties::maxEntries)
                    .description("The most Idempotency-Keys held (genserver.idempotency.max-entries; cluster mode: "
                            + "per member)")
                    .register(registry);
            Gauge.builder("genserver.idempotency.answers.max", () -> maxBytes).baseUnit("bytes")
                    .description("The most the kept answers may count (genserver.idempotency.max-bytes, or its "
                            + "default from the heap; cluster mode: per member)")
                    .register(registry);
        };
    }

    /**
     * Unknown (NaN) while the store cannot say: in cluster mode before the member has joined, or once it has left.
     * Micrometer would log each such failure's trace; a gauge that cannot be read is no fault of the scrape.
     */
    private static ToDoubleFunction<IdempotencyStore> measured(ToLongFunction<IdempotencyStore> figure) {
        return store -> {
            try {
                return figure.applyAsLong(store);
            } catch (RuntimeException unavailable) {
                return Double.NaN;
            }
        };
    }

    @Bean
    OpenApiCustomizer idempotencyDocumentation(IdempotencyProperties properties) {
        return new IdempotencyDocumentation(properties);
    }

    @Bean
    FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyStore store, JsonMapper json,
            MeterRegistry registry) {
        FilterRegistrationBean<IdempotencyFilter> registration =
                new FilterRegistrationBean<>(new IdempotencyFilter(store, json, registry));
        registration.addUrlPatterns("/api/*");
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(ORDER);
        return registration;
    }
}
