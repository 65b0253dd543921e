package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.Deadline;
import dev.genserver.testing.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * Request bodies held in memory at once are bounded ({@code genserver.web.max-buffered-bodies}, 2 MB here), each
 * by exactly the bytes it has sent: a client that declares a large body and sends a little of it holds that little,
 * and gives it back when it goes away. Two clients each holding back the last byte of a 1,000,000-byte body fill the
 * budget, and the next body that does not fit beside them, on either port, with or without a length, is answered
 * 503 {@code overloaded} with Retry-After, storing nothing; a body that fits is served; once one of the two
 * finishes, the same requests are served. Without the bound, 400 such clients ran a 256 MB heap out of memory.
 * (The bound on events' bytes is {@code events.EventBytesBoundHttpTest}'s: with the same settings, the two classes
 * share one application context.)
 */
@IntegrationTest
@TestPropertySource(properties = {"genserver.events.max-bytes=2KB", "genserver.web.max-buffered-bodies=2MB"})
class BufferedBodiesHttpTest {

    private static final int HELD_BODY = 1_000_000;
    private static final int CAPACITY = 2 * 1024 * 1024;
    /** What a held body holds: the bytes it has sent, all but its last. */
    private static final long HELD = HELD_BODY - 1;

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;
    @Autowired
    private BodyBudget budget;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void bodiesPastTheBudget_areOverloaded_untilHeldOnesAreHandled() throws Exception {
        String store = send(port, "POST", "/api/kv", BodyPublishers.noBody()).headers().firstValue("Location")
                .orElseThrow();
        assertThat(budget.capacity()).isEqualTo(CAPACITY);
        byte[] held = HeldBody.jsonString(HELD_BODY);
        byte[] third = HeldBody.jsonString(100_000); // beside the two held bodies it passes 2 MB; alone, it fits

        try (HeldBody slow = new HeldBody(port, store + "/entries/slow", held, 1000)) {
            Deadline.until("a slow body holds what it has sent", () -> budget.held() == 1000);
        }
        Deadline.until("an abandoned body is released", () -> budget.held() == 0);
        // a POST's form too, which Tomcat read itself, into a buffer of the declared length taken at once
        try (HeldBody form = new HeldBody(port, "POST", "/api/counter/increment",
                "application/x-www-form-urlencoded", "a=".concat("b".repeat(HELD_BODY)).getBytes(
                        StandardCharsets.US_ASCII), 1000)) {
            Deadline.until("a slow form holds what it has sent", () -> budget.held() == 1000);
        }
        Deadline.until("an abandoned form is released", () -> budget.held() == 0);
        // a keyed write's body of any type, which the idempotency filter reads whole to fingerprint it
        byte[] text = "b".repeat(HELD_BODY).getBytes(StandardCharsets.US_ASCII);
        try (HeldBody keyed = new HeldBody(port, "POST", "/api/counter/increment", "text/plain", "held-text", text,
                1000)) {
            Deadline.until("a slow keyed body holds what it has sent", () -> budget.held() == 1000);
        }
        Deadline.until("an abandoned keyed body is released", () -> budget.held() == 0);

        try (HeldBody first = new HeldBody(port, store + "/entries/first", held, HELD_BODY - 1)) {
            Deadline.until("the first body is reserved", () -> budget.held() == HELD);
            try (HeldBody second = new HeldBody(port, store + "/entries/second", held, HELD_BODY - 1)) {
                Deadline.until("both bodies are reserved", () -> budget.held() == 2 * HELD);

                assertOverloaded(send(port, "PUT", store + "/entries/third", BodyPublishers.ofByteArray(third)));
                assertOverloaded(send(port, "PUT", store + "/entries/chunked", chunked(third)));
                assertThat(send(port, "PUT", store + "/entries/small", chunked("7".getBytes(StandardCharsets.UTF_8)))
                        .statusCode()).as("a body that fits beside the held ones").isEqualTo(202);
                // one budget for the JVM: the management port's requests draw on it too
                assertOverloaded(send(managementPort, "POST", "/actuator/processes",
                        BodyPublishers.ofByteArray(third)));
                assertThat(send(port, "GET", store + "/entries/third", BodyPublishers.noBody()).statusCode())
                        .as("an overloaded put stores nothing").isEqualTo(404);

                assertThat(first.finish()).isEqualTo("HTTP/1.1 202 ");
                Deadline.until("the first body is released", () -> budget.held() == HELD);

                assertThat(send(port, "PUT", store + "/entries/third", BodyPublishers.ofByteArray(third))
                        .statusCode()).isEqualTo(202);
                assertThat(send(port, "PUT", store + "/entries/chunked", chunked(third)).statusCode())
                        .isEqualTo(202);
                assertThat(second.finish()).isEqualTo("HTTP/1.1 202 ");
            }
        }
        Deadline.until("every body is released", () -> budget.held() == 0);
        assertThat(send(port, "GET", store + "/entries/third", BodyPublishers.noBody()).body())
                .contains("\"key\":\"third\"");
        assertThat(send(port, "GET", store + "/entries/chunked", BodyPublishers.noBody()).body())
                .contains("\"key\":\"chunked\"");
        assertThat(send(port, "GET", store + "/entries/small", BodyPublishers.noBody()).body())
                .contains("\"value\":7");
        assertThat(send(managementPort, "GET", "/actuator/prometheus", BodyPublishers.noBody()).body())
                .contains("genserver_web_buffered_bodies_bytes ", "genserver_web_buffered_bodies_max_bytes 2097152");
    }

    /** A body sent without a length (chunked). */
    private static BodyPublisher chunked(byte[] json) {
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json));
    }

    private static void assertOverloaded(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        // the rest of the body is left unread: the connection cannot carry another request
        assertThat(answer.headers().firstValue("Connection")).hasValue("close");
        assertThat(answer.body()).contains("\"error\":\"overloaded\"", RequestGuard.BODIES_HELD);
    }

    private HttpResponse<String> send(int port, String method, String path, BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").method(method, body).build(), BodyHandlers.ofString());
    }
}
