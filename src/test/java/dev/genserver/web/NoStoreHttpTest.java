package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Every answer is a process's state at that moment, or a refusal: {@code Cache-Control: no-store} on each, once,
 * on both ports, so no browser or proxy serves it again (without a directive, HTTP lets a cache reuse a 200 or a
 * 404 for a heuristic while, RFC 9111 4.2.2). The observer's files are the exception: they may be kept, if
 * revalidated.
 */
@IntegrationTest
class NoStoreHttpTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;
    @LocalServerPort
    private int port;

    @Test
    void answers_andRefusals_onBothPorts_areNotToBeStored() {
        assertNoStore(client.get().uri("/api/counter").exchange().expectStatus().isOk());
        assertNoStore(client.post().uri("/api/counter/increment").exchange().expectStatus().isOk());
        assertNoStore(client.get().uri("/api/stacks/{id}", "no-such-stack").exchange().expectStatus().isNotFound());
        assertNoStore(client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON).body("{")
                .exchange().expectStatus().isBadRequest()); // refused by the request guard, before Spring
        assertNoStore(client.get().uri("/no/such/path").exchange().expectStatus().isNotFound());
        assertNoStore(client.get().uri("/v3/api-docs").exchange().expectStatus().isOk());

        RawHttp.Response trace = new RawHttp(port).exchange("TRACE /no/such/path HTTP/1.1\r\nHost: localhost",
                new byte[0]);
        assertThat(trace.status()).isEqualTo(404); // answered after the guard resets what Tomcat had set
        assertThat(trace.headers()).containsEntry("cache-control", "no-store");
        RawHttp.Response refusedByTomcat = new RawHttp(port).exchange("GET /api/stacks/a%2Fb HTTP/1.1\r\n"
                + "Host: localhost", new byte[0]);
        assertThat(refusedByTomcat.status()).isEqualTo(400); // before any filter: the error report's answer
        assertThat(refusedByTomcat.headers()).containsEntry("cache-control", "no-store");

        assertNoStore(management.client().get().uri("/actuator/health").exchange().expectStatus().isOk());
        assertNoStore(management.client().get().uri("/observer").exchange().expectStatus().isOk());
        assertNoStore(management.client().get().uri("/observer/api/overview").exchange().expectStatus().isOk());
    }

    @Test
    void theObserversFiles_areKeptAndRevalidated_swaggerUisAreNot() {
        assertRevalidated(management.client(), "/observer/assets/observer.js");
        assertRevalidated(management.client(), "/observer/uplot/uPlot.iife.min.js");
        // springdoc writes swagger-initializer.js for the settings, reached through the same handler as the rest
        assertNoStore(client.get().uri("/swagger-ui/swagger-ui.css").exchange().expectStatus().isOk());
        assertNoStore(client.get().uri("/swagger-ui/swagger-initializer.js").exchange().expectStatus().isOk());
        // a refusal of a file is no more to be kept than any other
        assertNoStore(management.client().get().uri("/observer/assets/observer.js")
                .header(HttpHeaders.RANGE, "bytes=100000000-").exchange()
                .expectStatus().isEqualTo(416));
    }

    /**
     * no-cache, and a conditional request on the ETag given answers 304, still no-cache. The tag is the file's
     * content, not the jar's date: a browser holding a newer build's file is not told 304 by an older jar.
     */
    private static void assertRevalidated(RestTestClient client, String path) {
        HttpHeaders first = client.get().uri(path).exchange().expectStatus().isOk().returnResult(byte[].class)
                .getResponseHeaders();
        assertThat(first.get(HttpHeaders.CACHE_CONTROL)).as(path).containsExactly("no-cache");
        assertThat(first.getFirst(HttpHeaders.LAST_MODIFIED)).as(path).isNull();
        String tag = first.getETag();
        assertThat(tag).as(path).isNotNull();
        HttpHeaders again = client.get().uri(path).header(HttpHeaders.IF_NONE_MATCH, tag).exchange()
                .expectStatus().isNotModified().returnResult(byte[].class).getResponseHeaders();
        assertThat(again.get(HttpHeaders.CACHE_CONTROL)).as(path).containsExactly("no-cache");
        client.get().uri(path).header(HttpHeaders.IF_NONE_MATCH, "\"another build's\"").exchange()
                .expectStatus().isOk();
        // a date later than the jar's: the file all the same
        client.get().uri(path).header(HttpHeaders.IF_MODIFIED_SINCE, "Fri, 01 Jan 2100 00:00:00 GMT").exchange()
                .expectStatus().isOk();
    }

    private static void assertNoStore(RestTestClient.ResponseSpec answer) {
        List<String> cacheControl = answer.returnResult(byte[].class).getResponseHeaders()
                .get(HttpHeaders.CACHE_CONTROL);
        assertThat(cacheControl).containsExactly("no-store");
    }
}
