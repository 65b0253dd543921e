package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.Deadline;
import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.ManualTimersConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * A body still arriving past the body timeout gets its 408, and then the connection's end, while the client has still
 * not sent the rest: Tomcat does not wait for the rest to read and discard it at the client's pace. The body timeout
 * runs on the test's monotonic clock (10 s here); Tomcat's own read timeout, {@code server.tomcat.connection-timeout},
 * on the wall clock (3 s here), answers a body that stops arriving 408 too, and closes alike. The clients here stop
 * sending before the end of their bodies, so a server that waited for the rest would hold the connection until its
 * read timed out again, 3 s after its answer, well past the clients' patience (1.5 s). (Bodies refused 413 or 503
 * are still read and discarded, as Tomcat does, so that a client sending its whole body before it reads gets their
 * answer.) The settings are {@link SlowBodiesHttpTest}'s, so both classes run in one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"genserver.web.body-timeout=10s", "server.tomcat.connection-timeout=3s"})
@Import(ManualTimersConfiguration.class)
class UnreadBodiesHttpTest {

    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
    /** How long a client waits for the connection's end after the answer: half Tomcat's read timeout. */
    private static final Duration PATIENCE = Duration.ofMillis(1500);

    @LocalServerPort
    private int port;
    @Autowired
    private ManualTimers timers;
    @Autowired
    private BodyBudget budget;
    private String store;

    @BeforeEach
    void createStore() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            store = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/kv"))
                    .POST(BodyPublishers.noBody()).build(), BodyHandlers.discarding())
                    .headers().firstValue("Location").orElseThrow();
        }
    }

    @Test
    void aBodyStillArrivingPastTheBodyTimeout_isAnsweredAndClosed_withoutWaitingForItsRest() throws Exception {
        try (HeldBody slow = new HeldBody(port, store + "/entries/slow", HeldBody.jsonString(50_000), 1000)) {
            Deadline.until("the first bytes are read", () -> budget.held() == 1000);
            timers.advance(BODY_TIMEOUT.plusMillis(1));
            slow.send(1); // the read that returns past the timeout; 48,999 bytes are never sent

            RawHttp.Response answer = slow.answer();
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.headers()).containsEntry("content-type", "application/problem+json")
                    .containsEntry("connection", "close");
            assertThat(answer.body()).contains("\"error\":\"request_timeout\"");
            assertThat(slow.closedAfter(answer, PATIENCE)).as("closed without waiting for the rest of the body").isTrue();
        }
    }

    @Test
    void aBodyThatStopsArriving_getsTomcats408_andTheConnectionsEnd_withoutAWaitForItsRest() throws Exception {
        try (HeldBody stalled = new HeldBody(port, store + "/entries/stalled", HeldBody.jsonString(50_000), 1000)) {
            // nothing more is sent: Tomcat's read of the body times out after its connection-timeout, 3 s

            RawHttp.Response answer = stalled.answer();
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.headers()).containsEntry("content-type", "application/problem+json")
                    .containsEntry("connection", "close");
            assertThat(answer.body()).contains("\"error\":\"request_timeout\"");
            assertThat(stalled.closedAfter(answer, PATIENCE)).as("closed without waiting for the rest of the body")
                    .isTrue();
        }
    }
}
