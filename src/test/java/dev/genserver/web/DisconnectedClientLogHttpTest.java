package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.genserver.testing.CapturedLog;
import dev.genserver.testing.Deadline;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A client that asks for a large answer (more than Tomcat's 8 KB buffer, so it is written while the handler runs)
 * and resets the connection at once: the write fails, and that is no failure of the service's. A probe of the jar
 * found each such request logged, a WARN with the exception on the API port and an ERROR with a 120-line trace on
 * the management port: a client could fill the log (300 requests, 4.5 MB). They are logged at DEBUG now.
 */
@IntegrationTest
class DisconnectedClientLogHttpTest {

    private static final int RESETS = 10;

    @RegisterExtension
    final CapturedLog advice = new CapturedLog(ProblemAdvice.class);
    @RegisterExtension
    final CapturedLog disconnected = new CapturedLog(ProblemAdvice.DISCONNECTED_CLIENTS);

    @LocalServerPort
    private int port;
    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;

    private final ch.qos.logback.classic.Logger category =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(ProblemAdvice.DISCONNECTED_CLIENTS);

    @BeforeEach
    void largeAnswers() {
        category.setLevel(Level.DEBUG);
        String payload = "x".repeat(400);
        for (int i = 0; i < 40; i++) { // an event log of 16 KB and more
            client.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"type\":\"large\",\"payload\":{\"text\":\"" + payload + "\"}}").exchange()
                    .expectStatus().isAccepted();
        }
        for (int i = 0; i < 120; i++) { // a process list of 16 KB and more
            client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON).body("{\"items\":[]}")
                    .exchange().expectStatus().isCreated();
        }
    }

    @AfterEach
    void quiet() {
        category.setLevel(null);
    }

    @Test
    void aClientGoneWhileItsAnswerIsWritten_isLoggedAtDebugOnly_onEitherPort() throws IOException {
        resetAfterAsking(port, "/api/events?limit=1000");
        resetAfterAsking(management.port(), "/actuator/processes?limit=1000");
        resetAfterAsking(management.port(), "/observer/api/processes?limit=100");

        assertThat(advice.messages()).as("what the advice logged for them").isEmpty();
        assertThat(disconnected.messages()).as("requests that found their client gone").isNotEmpty();
    }

    /**
     * A multipart body the client abandons: Tomcat has begun the answer by the time Spring routes the request, and the
     * mistake met then (no such route, a type the route does not take) was a WARN naming the request's path, one a
     * request, at the client's will.
     */
    @Test
    void aMultipartBodyAbandoned_isLoggedAtDebugOnly_routedOrNot() throws Exception {
        for (String request : List.of("POST /api/sessions/sid-7/x", "POST /api/stacks", "PUT /api/kv/x/entries/k")) {
            int logged = logged();
            for (int i = 0; i < RESETS; i++) {
                abandonMultipart(request);
            }
            Deadline.until("a request " + request + " logged what it met", () -> logged() > logged);
        }

        assertThat(advice.messages()).as("what the advice logged for them").isEmpty();
    }

    private void abandonMultipart(String requestLine) throws Exception {
        byte[] part = "--zz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data;boundary=zz"
                    + "\r\nContent-Length: " + (part.length + 50) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.flush();
            Thread.sleep(50); // the body's start read, its end never sent
        }
    }

    /**
     * Asks for {@code path} and resets the connection, {@link #RESETS} times, then waits until one of the requests
     * has logged what it met, at whichever level: a request whose client was gone before it was read logs nothing,
     * but not all ten are. Another may log later; it can only add to what the test finds, never hide it.
     */
    private void resetAfterAsking(int to, String path) throws IOException {
        int logged = logged();
        for (int i = 0; i < RESETS; i++) {
            try (Socket socket = new Socket("127.0.0.1", to)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.setSoLinger(true, 0); // closed with a reset, not a FIN
            }
        }
        Deadline.until("a request to " + path + " logged what it met", () -> logged() > logged);
    }

    private int logged() {
        return disconnected.messages().size() + advice.messages().size();
    }
}
