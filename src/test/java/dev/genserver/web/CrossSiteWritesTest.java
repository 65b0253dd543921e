package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The rule's cases that need a gateway in front ({@link CrossSiteWritesHttpTest} has the rest, over HTTP): over
 * plain HTTP to a host name a browser sends no {@code Sec-Fetch-Site}, and a gateway that rewrites {@code Host}
 * makes the page's own {@code Origin} look foreign; a trusted origin is served, as Go's
 * {@code AddTrustedOrigin} serves one, whatever the browser says of it.
 */
class CrossSiteWritesTest {

    private static final List<String> TRUSTED = List.of("http://api.test:8080");

    @Test
    void behindAGatewayThatRewritesHost_thePublicOrigin_isServedOnlyWhenTrusted() {
        MockHttpServletRequest write = write("127.0.0.1:8080", "http://api.test:8080", null);

        assertThat(CrossSiteWrites.refusal(write, List.of())).contains("Origin http://api.test:8080");
        assertThat(CrossSiteWrites.refusal(write, TRUSTED)).isNull();
        assertThat(CrossSiteWrites.refusal(write("127.0.0.1:8080", "http://API.test:8080", null), TRUSTED))
                .as("compared as an origin").isNull();
        assertThat(CrossSiteWrites.refusal(write("127.0.0.1:8080", "http://api.test:8081", null), TRUSTED))
                .as("another port").isNotNull();
        assertThat(CrossSiteWrites.refusal(write("127.0.0.1:8080", "http://evil.test", "cross-site"), TRUSTED))
                .as("another site").isNotNull();
        assertThat(CrossSiteWrites.refusal(write("127.0.0.1:8080", "http://api.test:8080", "same-site"), TRUSTED))
                .as("trusted, whatever the browser says").isNull();
        assertThat(CrossSiteWrites.refusal(write("127.0.0.1:8080", null, "cross-site"), TRUSTED))
                .as("no Origin to trust").isNotNull();
    }

    /** The observer's stream, a GET that only the port's own page may make, judged alike, trusted origins too. */
    @Test
    void aRequestOfAnyMethod_fromAnotherSite_isRefusedWithTheCallersWording_unlessTrusted() {
        MockHttpServletRequest read = write("127.0.0.1:8081", "http://api.test:8080", null);
        read.setMethod("GET");

        assertThat(CrossSiteWrites.refusal(read, List.of())).as("a read is no write").isNull();
        assertThat(CrossSiteWrites.fromAnotherSite(read, List.of(), "no stream (%s %s)"))
                .isEqualTo("no stream (Origin http://api.test:8080)");
        assertThat(CrossSiteWrites.fromAnotherSite(read, TRUSTED, "no stream (%s %s)")).isNull();
        read.addHeader("Sec-Fetch-Site", "same-site");
        assertThat(CrossSiteWrites.fromAnotherSite(read, List.of(), "no stream (%s %s)"))
                .isEqualTo("no stream (Sec-Fetch-Site same-site)");
    }

    @Test
    void originsAreCompared_asBrowsersWriteThem() {
        assertThat(CrossSiteWrites.origin("HTTPS://Api.Example.COM:443")).isEqualTo("https://api.example.com");
        assertThat(CrossSiteWrites.origin("http://api.example.com:80")).isEqualTo("http://api.example.com");
        assertThat(CrossSiteWrites.origin("http://[::1]:8080")).isEqualTo("http://[::1]:8080");
        assertThat(CrossSiteWrites.origin("https://api.example.com:8443")).isEqualTo("https://api.example.com:8443");
        for (String notOne : new String[] {"null", "", "api.example.com", "https://api.example.com/",
                "https://a@api.example.com", "file:///etc", "https://api.example.com#x", "not an origin"}) {
            assertThat(CrossSiteWrites.origin(notOne)).as(notOne).isNull();
        }
    }

    private static MockHttpServletRequest write(String host, String origin, String site) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/counter/increment");
        request.addHeader("Host", host);
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        if (site != null) {
            request.addHeader("Sec-Fetch-Site", site);
        }
        return request;
    }
}
