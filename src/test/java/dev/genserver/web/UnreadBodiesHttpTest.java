package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.Deadline;
import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.ManualTimersConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * A body the guard stops reading (408 {@code request_timeout}, 503 {@code overloaded}, 413 {@code body_too_large})
 * gets its answer, and then the connection's end, while the client has still not sent the rest: Tomcat does not wait
 * for the rest to read and discard it. Each client here stops sending once it has sent what is refused, so a server
 * that waited would hold the connection until {@code server.tomcat.connection-timeout} (Tomcat's 60 s here), well
 * past the clients' read timeout (10 s). The body timeout runs on the test's monotonic clock (10 s here).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"genserver.web.body-timeout=10s", "genserver.web.max-body-size=100000B",
                "genserver.web.max-buffered-bodies=120000B"})
@Import(ManualTimersConfiguration.class)
class UnreadBodiesHttpTest {

    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
    private static final int LIMIT = 100_000;
    private static final int BUDGET = 120_000;

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
            assertThat(slow.closedAfter(answer)).as("closed without waiting for the rest of the body").isTrue();
        }
    }

    @Test
    void aBodyPastTheBudget_isAnsweredAndClosed_withoutWaitingForItsRest() throws Exception {
        try (HeldBody held = new HeldBody(port, store + "/entries/held", HeldBody.jsonString(LIMIT), 99_000)) {
            Deadline.until("the held body is read", () -> budget.held() == 99_000);
            // its last byte is the first that does not fit beside the held body; 8,999 bytes are never sent
            int fitting = BUDGET - 99_000;
            try (HeldBody refused = new HeldBody(port, store + "/entries/refused", HeldBody.jsonString(30_000),
                    fitting + 1)) {
                RawHttp.Response answer = refused.answer();
                assertThat(answer.status()).isEqualTo(503);
                assertThat(answer.headers()).containsEntry("retry-after", "1").containsEntry("connection", "close");
                assertThat(answer.body()).contains("\"error\":\"overloaded\"");
                assertThat(refused.closedAfter(answer)).as("closed without waiting for the rest of the body")
                        .isTrue();
            }
            assertThat(held.finish()).as("the held body is served").isEqualTo("HTTP/1.1 202 ");
        }
    }

    @Test
    void aDeclaredLengthPastTheLimit_isAnsweredAndClosed_withoutWaitingForTheBody() throws Exception {
        try (HeldBody large = new HeldBody(port, store + "/entries/large", HeldBody.jsonString(LIMIT + 1), 0)) {
            RawHttp.Response answer = large.answer();
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.headers()).containsEntry("connection", "close");
            assertThat(large.closedAfter(answer)).as("closed without waiting for the body").isTrue();
        }
    }

    @Test
    void aBodyWithoutLengthPastTheLimit_isAnsweredAndClosed_withoutWaitingForItsRest() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // one chunk of a byte past the limit, all the guard reads; its end and the rest are never sent
            byte[] chunk = HeldBody.jsonString(2 * LIMIT);
            out.write(("PUT " + store + "/entries/unbounded HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length)
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk, 0, LIMIT + 1);
            out.flush();

            InputStream in = socket.getInputStream();
            String head = RawHttp.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 413 ").containsIgnoringCase("connection: close");
            in.readNBytes(contentLength(head));
            assertThat(endOf(in)).as("closed without waiting for the rest of the body").isTrue();
        }
    }

    private static int contentLength(String head) {
        return Integer.parseInt(head.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1"));
    }

    /** Whether the next read is the connection's end; false if it is still open when the read timeout passes. */
    private static boolean endOf(InputStream in) throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }
}
