package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * RFC 9110, 13: an origin server evaluates If-Match before it performs a method, and must not perform it when the
 * condition is false. With no entity tags here, a tag never matches (412); whether {@code *} holds for a write is
 * not judged, so such a write is refused (501); either way nothing is applied.
 */
@IntegrationTest
class PreconditionsHttpTest {

    @Autowired
    private RestTestClient client;
    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;

    @Test
    void ifMatchWithATag_isPreconditionFailed_andTheWriteIsNotApplied() {
        put("tagged", "1", null, null).expectStatus().isAccepted();

        put("tagged", "2", "\"v1\"", null).expectStatus().isEqualTo(412)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("precondition_failed")
                .jsonPath("$.detail").isEqualTo(Preconditions.NO_TAG_MATCHES);
        client.delete().uri("/api/cache/entries/tagged").header("If-Match", "\"v1\", \"v2\"").exchange()
                .expectStatus().isEqualTo(412);
        client.get().uri("/api/cache/entries/tagged").header("If-Match", "W/\"v1\"").exchange()
                .expectStatus().isEqualTo(412);

        client.get().uri("/api/cache/entries/tagged").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.value").isEqualTo(1);
    }

    @Test
    void anyOnAWrite_cannotBeJudged_isNotImplemented_andTheWriteIsNotApplied() {
        put("created", "1", null, null).expectStatus().isAccepted();

        put("created", "2", null, "*").expectStatus().isEqualTo(501)
                .expectBody().jsonPath("$.error").isEqualTo("precondition_unsupported")
                .jsonPath("$.detail").isEqualTo(Preconditions.CANNOT_JUDGE);
        put("created", "3", "*", null).expectStatus().isEqualTo(501);
        client.delete().uri("/api/cache/entries/created").header("If-Match", "*").exchange()
                .expectStatus().isEqualTo(501);

        client.get().uri("/api/cache/entries/created").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.value").isEqualTo(1);
    }

    @Test
    void conditionsThatHoldOrDoNotApply_leaveTheRequestAsItWas() {
        put("held", "1", null, "\"v1\"").expectStatus().isAccepted(); // no tag here matches: it holds
        client.post().uri("/api/counter/increment").header("If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")
                .exchange().expectStatus().isOk(); // no modification date: ignored

        client.get().uri("/api/cache/entries/held").header("If-Match", "*").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.value").isEqualTo(1);
    }

    /**
     * RFC 9110, 13.2.2, on a read: If-None-Match: * is false where there is a representation (13.1.2), and a GET or
     * HEAD then answers 304 with no body. What the read answers without it, a 404 here, stands (13.2.1). A tag is
     * refused before the read, which would touch the entry: its hit is not counted.
     */
    @Test
    void aReadWhoseTargetExists_isNotModifiedForIfNoneMatchAny_andOneThatDoesNot_isNotFound() {
        put("read", "1", null, null).expectStatus().isAccepted();

        client.get().uri("/api/cache/entries/read").header("If-None-Match", "*").exchange()
                .expectStatus().isNotModified().expectBody().isEmpty();
        client.head().uri("/api/cache/entries/read").header("If-None-Match", "\"a\", *").exchange()
                .expectStatus().isNotModified();
        client.get().uri("/api/counter").header("If-Match", "*").header("If-None-Match", "*").exchange()
                .expectStatus().isNotModified();
        client.get().uri("/api/cache/entries/read").header("If-None-Match", "\"a\"").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.value").isEqualTo(1);

        for (String condition : new String[] {"If-None-Match", "If-Match"}) {
            client.get().uri("/api/cache/entries/absent").header(condition, "*").exchange()
                    .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("not_found");
            client.get().uri("/api/stacks/absent").header(condition, "*").exchange()
                    .expectStatus().isNotFound();
        }

        long hits = hits();
        client.get().uri("/api/cache/entries/read").header("If-Match", "\"v1\"").exchange()
                .expectStatus().isEqualTo(412);
        assertThat(hits()).isEqualTo(hits);
        client.get().uri("/api/cache/entries/read").exchange().expectStatus().isOk();
        assertThat(hits()).isEqualTo(hits + 1);
    }

    private long hits() {
        return ((Number) client.get().uri("/api/cache/stats").exchange().expectStatus().isOk()
                .returnResult(Map.class).getResponseBody().get("hits")).longValue();
    }

    /** A path is routed decoded, so an encoded letter in {@code /api} leaves the request the API's, judged so. */
    @Test
    void aPercentEncodedApiPath_isJudgedAsTheApi_andTheWriteIsNotApplied() {
        put("encoded", "1", null, null).expectStatus().isAccepted();
        RawHttp raw = new RawHttp(port);

        assertThat(raw.exchange("PUT /%61pi/cache/entries/encoded HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/json\r\nIf-Match: \"v1\"\r\nContent-Length: 1", "2".getBytes()).status())
                .isEqualTo(412);
        assertThat(raw.exchange("PUT /api/c%61che/entries/encoded HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/json\r\nIf-None-Match: *\r\nContent-Length: 1", "3".getBytes()).status())
                .isEqualTo(501);

        client.get().uri("/api/cache/entries/encoded").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.value").isEqualTo(1);
    }

    /** Every line of a field is one list: a '*' on any line, or among tags, is judged as such. */
    @Test
    void everyLineAndMemberOfAField_counts() {
        put("listed", "1", null, null).expectStatus().isAccepted();
        RawHttp raw = new RawHttp(port);

        assertThat(raw.exchange("PUT /api/cache/entries/listed HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/json\r\nIf-None-Match: \"a\"\r\nIf-None-Match: *\r\nContent-Length: 1", "2".getBytes())
                .status()).isEqualTo(501);
        assertThat(raw.exchange("PUT /api/cache/entries/listed HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/json\r\nIf-None-Match: \"a,b\", *\r\nContent-Length: 1", "3".getBytes())
                .status()).isEqualTo(501);
        assertThat(raw.exchange("GET /api/cache/entries/listed HTTP/1.1\r\nHost: localhost\r\nIf-Match: *\r\n"
                + "If-Match: \"a\"", new byte[0]).status()).isEqualTo(412);
        assertThat(raw.exchange("PUT /api/cache/entries/listed HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                + "application/json\r\nIf-None-Match: \"a*\"\r\nContent-Length: 1", "4".getBytes())
                .status()).as("a '*' inside a tag is the tag's").isEqualTo(202);

        client.get().uri("/api/cache/entries/listed").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.value").isEqualTo(4);
    }

    /**
     * RFC 9110, 13.2.1: a request that fails without the condition fails the same with it (an unknown path or
     * method, a key that breaks the key rule, a query parameter or a body that cannot be read), and OPTIONS is never
     * judged; the management port is not the API.
     */
    @Test
    void whatFailsAnywayOrIsNotJudged_answersAsWithoutTheCondition() {
        client.put().uri("/api/no-such-thing").header("If-Match", "\"v1\"").exchange()
                .expectStatus().isNotFound();
        client.delete().uri("/api/counter").header("If-Match", "\"v1\"").exchange()
                .expectStatus().isEqualTo(405);
        client.put().uri("/api/cache/entries/{key}", "a\u00ADb").contentType(MediaType.APPLICATION_JSON)
                .header("If-Match", "\"v1\"").body("1").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_key");
        client.post().uri("/api/rate-limits/{key}/acquire?permits=ten", "p").header("If-Match", "\"v1\"")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        client.get().uri("/api/events?limit=0x10").header("If-Match", "\"v1\"").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        put("k", "{\"unclosed\": ", "\"v1\"", null).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_json");
        client.get().uri("/v3/api-docs").header("If-Match", "\"v1\"").exchange().expectStatus().isOk();
        client.get().uri("/swagger-ui/index.html").header("If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT")
                .exchange().expectStatus().isEqualTo(412) // a file's date, judged by Spring: still one of ours
                .expectBody().jsonPath("$.error").isEqualTo("precondition_failed");
        client.options().uri("/api/cache/entries/k").header("If-Match", "\"v1\"").exchange()
                .expectStatus().isOk();
        assertThat(new RawHttp(managementPort).exchange("GET /observer/api/overview HTTP/1.1\r\nHost: localhost\r\n"
                + "If-Match: \"v1\"", new byte[0]).status()).isEqualTo(200);
    }

    /**
     * RFC 9110, 13.2.1 again: a query parameter outside its range is refused before the request content is read, so
     * the condition is ignored and the answer is the 400 the request gets without it; the bucket keeps its tokens.
     */
    @Test
    void aQueryParameterOutsideItsRange_isRefusedAsWithoutTheCondition() {
        String id = client.post().uri("/api/kv").exchange().expectStatus().isCreated()
                .returnResult(Map.class).getResponseBody().get("id").toString();
        Map<String, String> outOfRange = Map.of(
                "/api/events?limit=0", "limit must be between 1 and 1000",
                "/api/kv/" + id + "/keys?limit=1001", "limit must be between 1 and 1000");
        outOfRange.forEach((uri, detail) -> client.get().uri(uri).header("If-Match", "\"v1\"").exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.detail").isEqualTo(detail));
        client.post().uri("/api/rate-limits/{key}/acquire?permits=11", "ranged").header("If-Match", "\"v1\"")
                .exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.detail").isEqualTo("permits must be between 1 and 10");
        client.post().uri("/api/rate-limits/{key}/acquire?permits=0", "ranged").exchange()
                .expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").isEqualTo("permits must be between 1 and 10");
        client.get().uri("/api/rate-limits/{key}", "ranged").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.available").isEqualTo(10);
    }

    private RestTestClient.ResponseSpec put(String key, String json, String ifMatch, String ifNoneMatch) {
        return client.put().uri("/api/cache/entries/" + key).contentType(MediaType.APPLICATION_JSON)
                .headers(headers -> {
                    if (ifMatch != null) {
                        headers.set("If-Match", ifMatch);
                    }
                    if (ifNoneMatch != null) {
                        headers.set("If-None-Match", ifNoneMatch);
                    }
                }).body(json).exchange();
    }
}
