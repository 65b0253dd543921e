package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A page of another site can have a browser send a bodiless POST (or one with a form or text body) without a CORS
 * preflight: every write the service maps is refused when a browser says it comes from another site, the
 * Fetch standard's way ({@code Sec-Fetch-Site}) or an older browser's ({@code Origin}), and changes nothing. The
 * rule is Go's {@code CrossOriginProtection}; these cases are its documented ones.
 */
@IntegrationTest
class CrossSiteWritesHttpTest {

    /** What a browser sends with a page's write to this service from another site, one way or another. */
    private static final List<String> FROM_ANOTHER_SITE = List.of("Sec-Fetch-Site: cross-site",
            "Sec-Fetch-Site: same-site", "Sec-Fetch-Site: cross-site\r\nOrigin: http://localhost",
            "Origin: https://evil.example", "Origin: null", "Origin: http://localhost:1", "Origin: not an origin");

    @LocalServerPort
    private int port;
    @Autowired
    private ApplicationContext context;
    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;

    /** The breaker and the rate-limit bucket the writes name, used by nothing else in the shared context. */
    private static final String UNUSED = "cross-site-" + java.util.UUID.randomUUID();

    @Test
    void everyWrite_fromAnotherSite_isForbidden_andChangesNothing() {
        CorrectClient victim = CorrectClient.writeState(client);
        long counter = counterValue();
        List<EndpointCatalog.Endpoint> writes = writes(EndpointCatalog.of(context));
        List<EndpointCatalog.Endpoint> actions = writes(EndpointCatalog.of(management.context()));
        assertThat(EndpointCatalog.patterns(writes)).as("the bodiless POSTs a page could send")
                .contains("/api/counter/increment", "/api/counter/reset", "/api/stacks/{id}/pop", "/api/kv",
                        "/api/circuit-breakers/{name}/failure", "/api/rate-limits/{key}/acquire");

        assertSoftly(softly -> {
            for (EndpointCatalog.Endpoint write : writes) {
                sendFromAnotherSite(softly, port, write, victim);
            }
            for (EndpointCatalog.Endpoint action : actions) {
                sendFromAnotherSite(softly, management.port(), action, victim);
            }
        });

        victim.assertIntact(client);
        assertThat(counterValue()).as("the counter, neither incremented nor reset").isEqualTo(counter);
        client.get().uri("/api/circuit-breakers/{name}", UNUSED).exchange().expectBody()
                .jsonPath("$.state").isEqualTo("closed").jsonPath("$.failures").isEqualTo(0);
        Map<?, ?> bucket = client.get().uri("/api/rate-limits/{key}", UNUSED).exchange().returnResult(Map.class)
                .getResponseBody();
        assertThat(bucket.get("available").toString()).as("a full bucket")
                .isEqualTo(bucket.get("capacity").toString());
    }

    /** Go's rule: the browser's word first, then Origin against Host as sent, scheme aside; reads are free. */
    @Test
    void aWriteFromThisOrigin_orFromAClientThatIsNotABrowser_isServed_asAnyRead() {
        RawHttp raw = new RawHttp(port);
        String increment = "POST /api/counter/increment HTTP/1.1\r\nHost: ";

        assertThat(raw.exchange(increment + "localhost:" + port, new byte[0]).status())
                .as("no Origin, no Sec-Fetch-Site: not a browser").isEqualTo(200);
        for (String site : new String[] {"same-origin", "none"}) {
            assertThat(raw.exchange(increment + "localhost:" + port + "\r\nSec-Fetch-Site: " + site
                    + "\r\nOrigin: https://elsewhere.example", new byte[0]).status()).as(site).isEqualTo(200);
        }
        assertThat(raw.exchange(increment + "localhost:" + port + "\r\nOrigin: http://LocalHost:" + port,
                new byte[0]).status()).as("an older browser on this origin").isEqualTo(200);
        assertThat(raw.exchange(increment + "api.example\r\nOrigin: https://api.example", new byte[0]).status())
                .as("behind a proxy that ends TLS and keeps Host").isEqualTo(200);
        assertThat(raw.exchange(increment + "api.example\r\nOrigin: https://api.example:8443", new byte[0])
                .status()).as("another port is another origin").isEqualTo(403);
        assertThat(raw.exchange("GET /api/counter HTTP/1.1\r\nHost: localhost:" + port
                + "\r\nSec-Fetch-Site: cross-site\r\nOrigin: https://evil.example", new byte[0]).status())
                .as("a read, which the browser keeps from the page").isEqualTo(200);

        RawHttp.Response refused = raw.exchange(increment + "localhost:" + port + "\r\nOrigin: https://evil.example"
                + "/path?q", new byte[0]);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.body()).as("the origin named as parsed, not echoed whole").contains(
                "\"error\":\"forbidden\"", CrossSiteWrites.REFUSED.formatted("Origin", "https://evil.example"));
    }

    private static void sendFromAnotherSite(org.assertj.core.api.SoftAssertions softly, int port,
            EndpointCatalog.Endpoint write, CorrectClient victim) {
        boolean named = write.pattern().startsWith("/api/circuit-breakers/")
                || write.pattern().startsWith("/api/rate-limits/");
        String path = write.path(variable -> named ? UNUSED : victim.valueFor(write.pattern(), variable));
        byte[] body = write.takesBody() ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
        for (String browser : FROM_ANOTHER_SITE) {
            RawHttp.Response answer = new RawHttp(port).exchange(write.method() + " " + path + " HTTP/1.1\r\nHost: "
                    + "localhost:" + port + "\r\n" + browser + (write.takesBody() ? "\r\nContent-Type: "
                    + "text/plain\r\nContent-Length: " + body.length : ""), body);
            softly.assertThat(answer.status()).as("%s %s with %s", write.method(), path, browser).isEqualTo(403);
            // refused as a write from another site, not for another reason (actions are off on the management port)
            softly.assertThat(answer.body()).as("%s %s with %s", write.method(), path, browser)
                    .contains("\"error\":\"forbidden\"", "a browser's write from another site (");
        }
    }

    private static List<EndpointCatalog.Endpoint> writes(List<EndpointCatalog.Endpoint> endpoints) {
        return endpoints.stream().filter(endpoint -> endpoint.method() != null
                && List.of("POST", "PUT", "PATCH", "DELETE").contains(endpoint.method())).toList();
    }

    private long counterValue() {
        return ((Number) client.get().uri("/api/counter").exchange().returnResult(Map.class).getResponseBody()
                .get("value")).longValue();
    }
}
