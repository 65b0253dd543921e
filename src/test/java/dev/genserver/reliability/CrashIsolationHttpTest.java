package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.testing.Deadline;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A process that dies while a request waits on it fails that request at once with 500 {@code exit}, and no other
 * process notices: here the slow-operations process is killed while a ten-second deferred call is in flight.
 */
@ReliabilityTest
class CrashIsolationHttpTest {

    @LocalServerPort
    private int port;
    @Autowired
    private RestTestClient client;
    @Autowired
    private ProcessRuntime runtime;

    @Test
    void killingAProcessWithACallInFlight_failsThatCallAtOnce_andNothingElse() throws Exception {
        String store = client.post().uri("/api/kv").exchange().expectStatus().isCreated().returnResult(String.class)
                .getResponseHeaders().getLocation().getPath();
        client.put().uri(store + "/entries/kept").contentType(MediaType.APPLICATION_JSON).body("42").exchange()
                .expectStatus().isAccepted();
        long counter = counterValue();
        CompletableFuture<HttpResponse<String>> slow = HttpClient.newHttpClient().sendAsync(HttpRequest
                .newBuilder(URI.create("http://localhost:" + port + "/api/slow-operations"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"delayMs\":10000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Pid slowOperations = runtime.whereis("slow-operations").orElseThrow();
        Deadline.until("the operation is in flight", () -> inFlight() == 1);

        runtime.kill(slowOperations);
        // within half the operation's 10 s: answered when the process died, not when the work would have ended
        HttpResponse<String> answer = slow.get(5, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(answer.body()).contains("\"error\":\"exit\"").doesNotContain("Exception");
        client.get().uri(store + "/entries/kept").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.value").isEqualTo(42);
        assertThat(counterValue()).isEqualTo(counter);
        Deadline.until("slow operations are restarted", () -> runtime.whereis("slow-operations")
                .filter(pid -> pid != slowOperations).isPresent());
        assertThat(inFlight()).isZero();
        client.delete().uri(store).exchange().expectStatus().isNoContent();
    }

    private long counterValue() {
        return ((Number) client.get().uri("/api/counter").exchange().expectStatus().isOk()
                .returnResult(java.util.Map.class).getResponseBody().get("value")).longValue();
    }

    private int inFlight() {
        return ((Number) client.get().uri("/api/slow-operations/stats").exchange().expectStatus().isOk()
                .returnResult(java.util.Map.class).getResponseBody().get("inFlight")).intValue();
    }
}
