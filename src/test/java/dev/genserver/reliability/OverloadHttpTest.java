package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * 128 connections flood one endpoint (a hot rate-limit key) while a separate client probes
 * {@code /actuator/health} on the management port: health answers within 0.5 s at the 95th percentile, no
 * request fails at the connection, and the excess is shed with 429 and {@code Retry-After} rather than queued
 * without bound. Measured figures are printed for {@code docs/reliability.md}.
 */
@IntegrationTest
class OverloadHttpTest {

    private static final int CONNECTIONS = 128;
    private static final int WARM_UP_REQUESTS = 2_000;
    private static final int HEALTH_SAMPLES = 100;

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;

    @Test
    void floodOfOneEndpoint_leavesHealthResponsive_andShedsTheExcess() throws Exception {
        HttpClient flood = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest acquire = HttpRequest
                .newBuilder(uri(port, "/api/rate-limits/hot-" + UUID.randomUUID() + "/acquire"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger connectionFailures = new AtomicInteger();
        AtomicInteger missingRetryAfter = new AtomicInteger();
        AtomicBoolean flooding = new AtomicBoolean(true);
        long started = System.nanoTime();
        List<Long> healthMillis;
        try (ExecutorService flooders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < CONNECTIONS; i++) {
                flooders.submit(() -> {
                    while (flooding.get()) {
                        try {
                            HttpResponse<Void> answer = flood.send(acquire, HttpResponse.BodyHandlers.discarding());
                            statuses.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                            if (answer.statusCode() == 429 && answer.headers().firstValue("Retry-After").isEmpty()) {
                                missingRetryAfter.incrementAndGet();
                            }
                        } catch (IOException e) {
                            connectionFailures.incrementAndGet();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
            }
            Deadline.until("the flood is under way", () -> total(statuses) >= WARM_UP_REQUESTS);
            healthMillis = probeHealth();
            flooding.set(false);
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        List<Long> sorted = new ArrayList<>(healthMillis);
        Collections.sort(sorted);
        long p50 = sorted.get(sorted.size() / 2);
        long p95 = sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1);
        System.out.printf("overload: %d connections, %d requests in %.1f s (%.0f/s), statuses %s, connection "
                        + "failures %d; health p50 %d ms, p95 %d ms, max %d ms over %d probes%n", CONNECTIONS,
                total(statuses), seconds, total(statuses) / seconds, statuses, connectionFailures.get(), p50, p95,
                sorted.getLast(), sorted.size());
        assertThat(connectionFailures.get()).as("requests that failed at the connection").isZero();
        assertThat(statuses.keySet()).as("every answer is served or shed").containsOnly(200, 429);
        assertThat(statuses.get(429).get()).as("the excess is shed").isPositive();
        assertThat(missingRetryAfter.get()).as("shed answers say when to retry").isZero();
        assertThat(p95).as("health latency at the 95th percentile, ms").isLessThan(500);
    }

    /** Health latencies, one probe after another on its own client, each of which must answer 200. */
    private List<Long> probeHealth() throws IOException, InterruptedException {
        HttpClient prober = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest health = HttpRequest.newBuilder(uri(managementPort, "/actuator/health")).build();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < HEALTH_SAMPLES; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = prober.send(health, HttpResponse.BodyHandlers.ofString());
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(answer.statusCode()).isEqualTo(200);
        }
        return millis;
    }

    private static int total(Map<Integer, AtomicInteger> statuses) {
        return statuses.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private static URI uri(int port, String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
