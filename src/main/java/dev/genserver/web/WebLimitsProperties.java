package dev.genserver.web;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.web.*}: limits on what a client may send, and from where a browser may send writes.
 *
 * @param maxBodySize       the largest request body accepted (default 1 MB); a larger one is answered 413
 *                          {@code body_too_large} before any controller reads it, with or without a Content-Length
 * @param maxHeapOccupancy  the share of the heap, after a collection, past which requests that store data are
 *                          answered 507 {@code insufficient_storage} (default 0.85; 0.5 to 0.99)
 * @param maxBufferedBodies the most bytes of request bodies held in memory at once ({@link BodyBudget}); past it a
 *                          request with a JSON body, or one without a length, is answered 503
 *                          {@code overloaded}. Default: a twentieth of the maximum heap; at most half of it (as
 *                          {@link Runtime#maxMemory()} reports it)
 * @param bodyTimeout       how long a JSON body, or one without a length, may take to arrive whole, from when its
 *                          reading begins (default 30 s: 1 MB at 34 KB/s); one whose bytes come after it is 408
 *                          {@code request_timeout}, so a client sending a byte now and then cannot hold its part of
 *                          the budget for good (at most 1 h, which keeps that bound). A body that stops arriving
 *                          is Tomcat's to time out ({@code server.tomcat.connection-timeout}), also 408
 * @param trustedOrigins    origins ({@code scheme://host[:port]}) whose pages' writes are served though the browser
 *                          says they come from another site ({@link CrossSiteWrites}): the public origin of the
 *                          service behind a gateway that rewrites {@code Host}, where a browser sends no
 *                          {@code Sec-Fetch-Site} (plain HTTP to a host name) and its {@code Origin} is not the
 *                          {@code Host} the service sees. Trusted on both ports, the management port's actions
 *                          included. Default: none
 */
@Validated
@ConfigurationProperties("genserver.web")
public record WebLimitsProperties(@DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue("0.85") @DecimalMin("0.5") @DecimalMax("0.99") double maxHeapOccupancy,
        @Nullable DataSize maxBufferedBodies,
        @DefaultValue("30") @DurationUnit(ChronoUnit.SECONDS) @DurationMax(hours = 1) @NotNull Duration bodyTimeout,
        @DefaultValue List<String> trustedOrigins) {

    public WebLimitsProperties {
        if (maxBodySize != null && (maxBodySize.isNegative() || maxBodySize.toBytes() >= Integer.MAX_VALUE)) {
            throw new IllegalArgumentException("genserver.web.max-body-size must be 0 to 2147483646 bytes (under "
                    + "2 GB): " + maxBodySize);
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (maxBufferedBodies != null
                && (maxBufferedBodies.toBytes() <= 0 || maxBufferedBodies.toBytes() > heap / 2)) {
            throw new IllegalArgumentException("genserver.web.max-buffered-bodies must be positive and at most half "
                    + "the maximum heap (" + heap / 2 + " bytes), or bodies alone could fill it: " + maxBufferedBodies);
        }
        if (bodyTimeout != null && !bodyTimeout.isPositive()) {
            throw new IllegalArgumentException("genserver.web.body-timeout must be positive: " + bodyTimeout);
        }
        trustedOrigins = trustedOrigins == null ? List.of() : trustedOrigins.stream().map(origin -> {
            String normalized = CrossSiteWrites.origin(origin);
            if (normalized == null) {
                throw new IllegalArgumentException("genserver.web.trusted-origins must list origins, scheme "
                        + "(http or https), host and port only, such as https://api.example.com: '" + origin + "'");
            }
            return normalized;
        }).toList();
    }

    /** {@code maxBufferedBodies} in bytes, or a twentieth of {@code maxHeap} if it is not set. */
    public long bufferedBodiesBytes(long maxHeap) {
        return maxBufferedBodies == null ? Math.max(1, maxHeap / 20) : maxBufferedBodies.toBytes();
    }
}
