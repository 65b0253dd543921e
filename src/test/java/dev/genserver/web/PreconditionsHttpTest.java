package dev.genserver.web;

import dev.genserver.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
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
        client.get().uri("/api/cache/entries/held").header("If-None-Match", "*").exchange()
                .expectStatus().isOk();
    }

    /** Judged after routing: a path or method that answers without the condition answers the same with it. */
    @Test
    void anUnknownPathOrMethod_answersAsWithoutTheCondition() {
        client.put().uri("/api/no-such-thing").header("If-Match", "\"v1\"").exchange()
                .expectStatus().isNotFound();
        client.delete().uri("/api/counter").header("If-Match", "\"v1\"").exchange()
                .expectStatus().isEqualTo(405);
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
