package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.Deadline;
import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.ManualTimersConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * A body must arrive whole within {@code genserver.web.body-timeout} (10 s here, on the test's monotonic clock) of
 * when its reading began: one whose bytes come after that is answered 408 {@code request_timeout} with
 * {@code Connection: close}, nothing stored and its part of the body budget given back, so a client sending a byte
 * now and then cannot hold it for good. A body that stops arriving altogether is Tomcat's to time out
 * ({@code server.tomcat.connection-timeout}, 3 s here, in real time), and is answered 408 {@code request_timeout}
 * too, not 400.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"genserver.web.body-timeout=10s", "server.tomcat.connection-timeout=3s"})
@Import(ManualTimersConfiguration.class)
class SlowBodiesHttpTest {

    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
    private static final int BODY = 100_000;

    @LocalServerPort
    private int port;
    @Autowired
    private ManualTimers timers;
    @Autowired
    private BodyBudget budget;
    private String store;

    @BeforeEach
    void createStore() throws Exception {
        store = send("POST", "/api/kv").headers().firstValue("Location").orElseThrow();
    }

    @Test
    void aBodyStillArrivingPastTheBodyTimeout_isRequestTimeout_andStoresNothing() throws Exception {
        try (HeldBody slow = new HeldBody(port, store + "/entries/slow", HeldBody.jsonString(BODY), 1000)) {
            Deadline.until("the first bytes are read", () -> budget.held() == 1000);
            timers.advance(BODY_TIMEOUT.plusMillis(1));
            slow.send(1000);

            RawHttp.Response answer = slow.answer();
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.headers()).containsEntry("content-type", "application/problem+json")
                    .containsEntry("connection", "close");
            assertThat(answer.body()).contains("\"error\":\"request_timeout\"",
                    Failure.REQUEST_TIMEOUT.detail(BODY_TIMEOUT.toMillis()));
        }
        Deadline.until("the slow body is released", () -> budget.held() == 0);
        assertThat(send("GET", store + "/entries/slow").statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyWhoseLastByteComesPastTheBodyTimeout_isRequestTimeout() throws Exception {
        try (HeldBody late = new HeldBody(port, store + "/entries/late", HeldBody.jsonString(BODY), BODY - 1)) {
            Deadline.until("all but the last byte are read", () -> budget.held() == BODY - 1);
            timers.advance(BODY_TIMEOUT.plusMillis(1));

            assertThat(late.finish()).isEqualTo("HTTP/1.1 408 ");
        }
        Deadline.until("the late body is released", () -> budget.held() == 0);
        assertThat(send("GET", store + "/entries/late").statusCode()).isEqualTo(404);
    }

    /** A keyed write's body of a type read nowhere else (the idempotency filter reads it) is held to it too. */
    @Test
    void aKeyedBodyOfAnyTypeStillArrivingPastTheBodyTimeout_isRequestTimeout_andCountsNothing() throws Exception {
        byte[] text = "b".repeat(BODY).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (HeldBody slow = new HeldBody(port, "POST", "/api/counters/slow-keyed/increment", "text/plain",
                "slow-keyed", text, 1000)) {
            Deadline.until("the first bytes are read", () -> budget.held() == 1000);
            timers.advance(BODY_TIMEOUT.plusMillis(1));

            assertThat(slow.finish()).isEqualTo("HTTP/1.1 408 ");
        }
        Deadline.until("the slow body is released", () -> budget.held() == 0);
        assertThat(send("GET", "/api/counters/slow-keyed").statusCode()).as("never incremented").isEqualTo(404);
    }

    @Test
    void aBodyWholeAtTheBodyTimeout_isServed() throws Exception {
        try (HeldBody slow = new HeldBody(port, store + "/entries/slow", HeldBody.jsonString(BODY), 1000)) {
            Deadline.until("the first bytes are read", () -> budget.held() == 1000);
            timers.advance(BODY_TIMEOUT);
            slow.send(1000);
            Deadline.until("the next bytes are read", () -> budget.held() == 2000);

            assertThat(slow.finish()).isEqualTo("HTTP/1.1 202 ");
        }
        assertThat(send("GET", store + "/entries/slow").statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyThatStopsArriving_isRequestTimeout_whenTomcatStopsWaiting() throws Exception {
        try (HeldBody stalled = new HeldBody(port, store + "/entries/stalled", HeldBody.jsonString(BODY), 1000)) {
            RawHttp.Response answer = stalled.answer(); // once server.tomcat.connection-timeout has passed

            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.headers()).containsEntry("content-type", "application/problem+json");
            assertThat(answer.body()).contains("\"error\":\"request_timeout\"");
        }
        Deadline.until("the stalled body is released", () -> budget.held() == 0);
        assertThat(send("GET", store + "/entries/stalled").statusCode()).isEqualTo(404);
    }

    /** A request on a connection of its own: Tomcat closes idle ones after 3 s here, which a pool would trip on. */
    private HttpResponse<String> send(String method, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, BodyPublishers.noBody()).build(), BodyHandlers.ofString());
        }
    }
}
