package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Under a context path, {@code //ctx/x} is mapped by Tomcat to the context {@code /ctx} (it merges the slashes)
 * while the request's URI stays as sent, which Spring refused with an exception: a 500, logged with its stack
 * trace, for a client's typo. It is 404, as {@code //api/x} is without a context path; both ports. So is a TRACE
 * of such a path, which Tomcat refuses and the error page asks again as OPTIONS (two stack traces logged each).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "management.server.port=0", "server.servlet.context-path=/ctx", "management.server.base-path=/admin"})
class MergedSlashesHttpTest {

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;

    @Test
    void aPathWhoseSlashesOnlyTomcatMergesIntoTheContextPath_isNotFound_onBothPorts() {
        RawHttp.Response api = new RawHttp(port).exchange("GET //ctx/api/counter HTTP/1.1\r\nHost: localhost",
                new byte[0]);
        RawHttp.Response management = new RawHttp(managementPort).exchange(
                "GET //admin/actuator/health HTTP/1.1\r\nHost: localhost", new byte[0]);

        assertThat(api.status()).as(api.body()).isEqualTo(404);
        assertThat(api.body()).contains("\"error\":\"unknown_endpoint\"");
        assertThat(management.status()).as(management.body()).isEqualTo(404);
        assertThat(management.body()).contains("\"error\":\"unknown_endpoint\"");
        for (String trace : new String[] {"TRACE /./ctx/api/counter", "TRACE //ctx/api/counter",
                "TRACE /ctx;p/api/counter"}) { // refused by Tomcat; the error page asked the path as OPTIONS
            RawHttp.Response refused = new RawHttp(port).exchange(trace + " HTTP/1.1\r\nHost: localhost",
                    new byte[0]);
            assertThat(refused.status()).as(trace + ": " + refused.body()).isEqualTo(404);
        }
        RawHttp.Response trace = new RawHttp(port).exchange("TRACE /ctx/api/counter HTTP/1.1\r\nHost: localhost",
                new byte[0]);
        assertThat(trace.status()).as("TRACE on the path as it should be").isEqualTo(405);
        assertThat(trace.headers().get("allow")).isEqualTo("GET, HEAD, OPTIONS");
        assertThat(new RawHttp(port).exchange("GET /ctx/api/counter HTTP/1.1\r\nHost: localhost", new byte[0])
                .status()).as("the path as it should be").isEqualTo(200);
        assertThat(new RawHttp(managementPort).exchange("GET /admin/actuator/health HTTP/1.1\r\nHost: localhost",
                new byte[0]).status()).isEqualTo(200);
    }
}
