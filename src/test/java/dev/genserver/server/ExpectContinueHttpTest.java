package dev.genserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.web.RawHttp;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A client that sends {@code Expect: 100-continue} uploads its body only after a 100: a request refused on its
 * headers is answered with no 100 before it, so the body that would be thrown away is never sent (RFC 9110, 10.1.1).
 * Each exchange here sends the headers alone and reads what comes back before sending anything more.
 */
@IntegrationTest
class ExpectContinueHttpTest {

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;

    @Test
    void aBodyTooLargeByItsLength_orOfAnUnreadableType_isRefusedWithoutA100() throws IOException {
        assertThat(firstAnswer(port, "PUT /api/cache/entries/expecting", "application/json", 2_000_000))
                .startsWith("HTTP/1.1 413 ");
        assertThat(firstAnswer(port, "PUT /api/cache/entries/expecting", "application/json;charset=utf-16", 10))
                .startsWith("HTTP/1.1 415 ");
        assertThat(firstAnswer(managementPort, "POST /actuator/processes/counter/suspend", "application/json",
                2_000_000)).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void aBodyThatIsRead_getsItsContinue_andIsServed() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head("PUT /api/cache/entries/continued", "application/json", 1));

            assertThat(RawHttp.readHead(socket.getInputStream())).startsWith("HTTP/1.1 100 ");
            socket.getOutputStream().write('7');
            assertThat(RawHttp.readHead(socket.getInputStream())).startsWith("HTTP/1.1 202 ");
        }
    }

    /**
     * A body the service does not read gets no 100, and its answer closes the connection: the client, answered,
     * need not send the body, and a connection kept alive would take its next request for the body's bytes.
     */
    @Test
    void aBodyThatIsNeverRead_isAnsweredWithoutA100_andTheConnectionCloses() throws IOException {
        String answer = firstAnswer(port, "POST /api/counter/increment", "text/plain", 5);

        assertThat(answer).startsWith("HTTP/1.1 200 ");
        assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("\r\nconnection: close\r\n");
    }

    /** The head of the first answer to a request whose body is never sent. */
    private static String firstAnswer(int port, String requestLine, String type, int length) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head(requestLine, type, length));
            return RawHttp.readHead(socket.getInputStream());
        }
    }

    private static byte[] head(String requestLine, String type, int length) {
        return (requestLine + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + type + "\r\nContent-Length: " + length
                + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
