package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.CapturedLog;
import dev.genserver.testing.IntegrationTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A cookie Tomcat cannot parse is not written to the log: Tomcat reads every request's cookies and quoted such a
 * one, verbatim, at INFO (once a day, then at DEBUG; every time in the tests, pom.xml's
 * {@code UserDataHelper.CONFIG}, so that this test does not depend on being the first to send one); a cookie may be
 * a secret, and this one carries a line separator and a bidi override that forge or hide text in a log viewer.
 */
@IntegrationTest
class InvalidCookieLogHttpTest {

    private static final String COOKIE = "ok=1; bad=\"x y\u2028FORGED \u202eDESREVER\"; c=2";

    @RegisterExtension
    final CapturedLog tomcat = new CapturedLog("org.apache.tomcat.util.http.parser.Cookie");

    @LocalServerPort
    private int port;

    @Test
    void aCookieTomcatCannotParse_isNotLogged_andTheRequestIsServed() {
        String asSent = new String(COOKIE.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1); // UTF-8 bytes
        RawHttp.Response answer = new RawHttp(port).exchange("GET /api/counter HTTP/1.1\r\nHost: localhost\r\n"
                + "Cookie: " + asSent, new byte[0]);

        assertThat(answer.status()).isEqualTo(200);

        assertThat(tomcat.messages()).noneMatch(message -> message.contains("FORGED"));
        assertThat(tomcat.messages()).isEmpty();
    }
}
