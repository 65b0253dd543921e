package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.Deadline;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to the application, in a child JVM, with requests in flight and casts queued. Each step of a graceful
 * shutdown is checked: readiness turns to refusing traffic and new connections are refused, the requests in
 * flight (a call queued behind the casts, and a deferred reply of 3 s) get their normal answers, the queued casts
 * are handled, and then the processes terminate in reverse start order, {@code terminate} running, all within the
 * shutdown phase timeout. The casts and the call wait behind a hold the test releases only after the refusal is
 * seen ({@link ShutdownProbes}), so what is in flight at SIGTERM does not depend on the machine's pace.
 */
class GracefulShutdownTest {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final int QUEUED_CASTS = 6;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void sigterm_drainsRequests_handlesQueuedCasts_thenTerminatesProcessesInReverseOrder() throws Exception {
        try (ChildJvm child = ChildJvm.start("--server.port=0", "--management.server.port=0",
                "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--logging.level.org.springframework.boot.tomcat=INFO")) {
            String ready = child.awaitLine("readiness", line -> line.startsWith("PROBE ready port="), STARTUP);
            int port = Integer.parseInt(ready.replaceAll(".*port=(\\d+).*", "$1"));
            int management = Integer.parseInt(ready.replaceAll(".*management=(\\d+).*", "$1"));
            Duration phaseTimeout = Duration.parse("PT" + ready.replaceAll(".*phase=(\\S+).*", "$1").toUpperCase());
            // Boot announces readiness just after the ready event the line above is printed on
            child.awaitLine("accepting traffic", line -> line.equals("PROBE availability ACCEPTING_TRAFFIC"), STARTUP);
            assertThat(send(management, "GET", "/actuator/health/readiness", null).body()).contains("\"UP\"");

            child.send("cast " + QUEUED_CASTS); // behind a hold, released only once shutdown is under way
            child.awaitLine("queued casts", line -> line.equals("PROBE casts queued " + QUEUED_CASTS), STARTUP);
            CompletableFuture<HttpResponse<String>> held = http.sendAsync(request(port, "GET", "/probe/held", null),
                    HttpResponse.BodyHandlers.ofString());
            // the list, not the process's own page: that one asks the held process for its state, which queues
            Deadline.until("the held call is queued behind the casts", () -> send(management, "GET",
                    "/actuator/processes?limit=1000", null).body().matches("(?s).*\"name\":\"probe-last\",[^}]*"
                    + "\"mailbox\":" + (QUEUED_CASTS + 1) + ",.*"));
            CompletableFuture<HttpResponse<String>> deferred = sendAsync(port, 3000);
            Deadline.until("the slow operation is in flight", () -> send(port, "GET", "/api/slow-operations/stats",
                    null).body().contains("\"inFlight\":1"));

            long sigterm = System.nanoTime();
            child.terminate();

            child.awaitLine("graceful shutdown", line -> line.contains("Commencing graceful shutdown"), phaseTimeout);
            child.awaitLine("readiness down", line -> line.equals("PROBE availability REFUSING_TRAFFIC"),
                    phaseTimeout);
            Deadline.until("new connections are refused", () -> refusesConnections(port));
            assertThat(held).as("refusing while a request is still in flight").isNotDone();
            HttpResponse<String> liveness = send(management, "GET", "/actuator/health/liveness", null);
            assertThat(liveness.statusCode()).as("alive while draining: %s", liveness.body()).isEqualTo(200);
            assertThat(liveness.body()).contains("\"apiPort\":{\"details\"");
            child.send("release");
            assertThat(held.get(phaseTimeout.toMillis(), TimeUnit.MILLISECONDS).body())
                    .isEqualTo("answered after " + QUEUED_CASTS + " casts");
            assertThat(deferred.get(phaseTimeout.toMillis(), TimeUnit.MILLISECONDS).body())
                    .contains("\"delayMs\":3000");
            assertThat(child.awaitExit(phaseTimeout)).as("exited within the shutdown phase timeout").isTrue();
            Duration shutdown = Duration.ofNanos(System.nanoTime() - sigterm);

            List<String> probes = child.probeLines();
            System.out.println("graceful shutdown took " + shutdown.toMillis() + " ms; probes: " + probes);
            assertThat(probes).as("readiness down, the queue handled, then terminate").containsSubsequence(
                    "availability REFUSING_TRAFFIC", "cast handled last " + QUEUED_CASTS,
                    "terminate last shutdown after " + QUEUED_CASTS + " casts");
            assertThat(probes.stream().filter(line -> line.startsWith("terminate")).toList()).containsExactly(
                    "terminate last shutdown after " + QUEUED_CASTS + " casts",
                    "terminate nested shutdown after 0 casts",
                    "terminate first shutdown after 0 casts");
            assertThat(shutdown).isLessThan(phaseTimeout);
        }
    }

    private static boolean refusesConnections(int port) {
        try (Socket socket = new Socket("localhost", port)) {
            return false;
        } catch (ConnectException refused) {
            return true;
        } catch (java.io.IOException other) {
            // a connection the kernel had queued for the listener as it closed is reset: ask again
            if (other instanceof java.net.SocketException && String.valueOf(other.getMessage()).contains("reset")) {
                return false;
            }
            throw new AssertionError("neither accepted nor refused", other);
        }
    }

    private CompletableFuture<HttpResponse<String>> sendAsync(int port, int delayMs) {
        return http.sendAsync(request(port, "POST", "/api/slow-operations", "{\"delayMs\":" + delayMs + "}"),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(int port, String method, String path, String json) {
        try {
            return http.send(request(port, method, path, json), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    private static HttpRequest request(int port, String method, String path, String json) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json)).build();
    }
}
