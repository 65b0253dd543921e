package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.Deadline;
import dev.genserver.testing.IntegrationTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * 128 connections flood one endpoint (a hot rate-limit key) while a separate client probes
 * {@code /actuator/health} on the management port: every probe answers 200 within a second, no request fails at
 * the connection, and the excess is shed with 429 and {@code Retry-After} rather than queued without bound.
 * Latencies are printed for {@code docs/reliability.md}; the latency goals are {@code src/test/perf/probes.sh}'s. A second flood, of an endpoint that
 * serves every request, saturates the service with real work while liveness and readiness are probed.
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
            List<Future<?>> senders = flood(flooders, flood, acquire, flooding, statuses, connectionFailures,
                    answer -> {
                        if (answer.statusCode() == 429 && answer.headers().firstValue("Retry-After").isEmpty()) {
                            missingRetryAfter.incrementAndGet();
                        }
                    });
            Deadline.until("the flood is under way", () -> total(statuses) >= WARM_UP_REQUESTS);
            healthMillis = probeHealth();
            flooding.set(false);
            awaitAll(senders);
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
        assertThat(healthMillis).as("each probe's latency, ms").allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
    }

    /**
     * The flood that matters for probes: one that is served, not shed (each request a call to the counter process,
     * answered 200), so the service is saturated with real work. Only what cannot flake is asserted: every
     * liveness and readiness probe answers 200 within a second, none fails. Latency goals are measured by
     * {@code src/test/perf/probes.sh}, not here.
     */
    @Test
    void floodOfAServedEndpoint_leavesEveryProbeAnswering200WithinASecond() throws Exception {
        HttpClient flood = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest read = HttpRequest.newBuilder(uri(port, "/api/counter")).build();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger connectionFailures = new AtomicInteger();
        AtomicBoolean flooding = new AtomicBoolean(true);
        List<Long> probeMillis = new ArrayList<>();
        try (ExecutorService flooders = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> senders = flood(flooders, flood, read, flooding, statuses, connectionFailures,
                    answer -> { });
            Deadline.until("the flood is under way", () -> total(statuses) >= WARM_UP_REQUESTS);
            HttpClient prober = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < HEALTH_SAMPLES; i++) {
                String probe = i % 2 == 0 ? "/actuator/health/liveness" : "/actuator/health/readiness";
                long start = System.nanoTime();
                HttpResponse<String> answer = prober.send(HttpRequest.newBuilder(uri(managementPort, probe))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                probeMillis.add((System.nanoTime() - start) / 1_000_000);
                assertThat(answer.statusCode()).as(probe).isEqualTo(200);
            }
            flooding.set(false);
            awaitAll(senders);
        }
        System.out.printf("served flood: %d connections, %d requests, statuses %s; probes max %d ms over %d%n",
                CONNECTIONS, total(statuses), statuses, Collections.max(probeMillis), probeMillis.size());
        assertThat(connectionFailures.get()).as("requests that failed at the connection").isZero();
        assertThat(statuses.keySet()).as("every flood request is served").containsOnly(200);
        assertThat(probeMillis).as("each probe's latency, ms").allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
    }

    /**
     * {@link #CONNECTIONS} senders of {@code request}, each sending the next once answered, while flooding; their
     * futures, so that a sender ended by anything but a connection failure fails the test.
     */
    private static List<Future<?>> flood(ExecutorService flooders, HttpClient client, HttpRequest request, AtomicBoolean flooding,
                              Map<Integer, AtomicInteger> statuses, AtomicInteger connectionFailures,
                              Consumer<HttpResponse<Void>> check) {
        List<Future<?>> senders = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            senders.add(flooders.submit(() -> {
                while (flooding.get()) {
                    try {
                        HttpResponse<Void> answer = client.send(request, HttpResponse.BodyHandlers.discarding());
                        statuses.computeIfAbsent(answer.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                        check.accept(answer);
                    } catch (IOException e) {
                        connectionFailures.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        return senders;
    }

    private static void awaitAll(List<Future<?>> senders) throws Exception {
        for (Future<?> sender : senders) {
            sender.get();
        }
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
