package dev.genserver.counters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Named counters over real HTTP: the seed's Counter session, once per name. Names are unique per run. */
@IntegrationTest
class NamedCountersHttpTest {

    @Autowired
    private RestTestClient client;

    @Test
    void firstIncrementStartsTheCounter_namesAreIndependent_deleteForgetsIt() {
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();

        client.get().uri("/api/counters/{name}", a).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");

        assertThat(increment(a)).isEqualTo(1);
        assertThat(increment(a)).isEqualTo(2);
        assertThat(increment(b)).isEqualTo(1);
        client.get().uri("/api/counters/{name}", a).exchange()
                .expectStatus().isOk().expectBody().json("{\"name\": \"" + a + "\", \"value\": 2}");
        client.get().uri("/api/counters").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.names[?(@ == '" + a + "')]").exists()
                .jsonPath("$.names[?(@ == '" + b + "')]").exists();

        client.delete().uri("/api/counters/{name}", a).exchange().expectStatus().isNoContent();

        client.get().uri("/api/counters/{name}", a).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");
        client.delete().uri("/api/counters/{name}", a).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");
        assertThat(increment(a)).isEqualTo(1);
        assertThat(increment(b)).isEqualTo(2);
    }

    /** The seed's {@code reset/0}, once per name: that counter back at zero, still running, the others untouched. */
    @Test
    void resetSetsThatCounterToZero_keepingItAndItsName() {
        String a = "a-" + UUID.randomUUID();
        String b = "b-" + UUID.randomUUID();
        increment(a);
        increment(a);
        increment(b);

        client.post().uri("/api/counters/{name}/reset", a).exchange().expectStatus().isAccepted()
                .expectBody().isEmpty();

        client.get().uri("/api/counters/{name}", a).exchange()
                .expectStatus().isOk().expectBody().json("{\"name\": \"" + a + "\", \"value\": 0}");
        client.get().uri("/api/counters").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.names[?(@ == '" + a + "')]").exists();
        assertThat(increment(a)).isEqualTo(1);
        assertThat(increment(b)).isEqualTo(2);
    }

    /** A cast to a name without a counter is refused, not dropped, and starts none. */
    @Test
    void resetOfANameWithoutACounter_isNoproc_andStartsNone() {
        String name = "never-" + UUID.randomUUID();

        client.post().uri("/api/counters/{name}/reset", name).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");

        client.get().uri("/api/counters/{name}", name).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");
    }

    @Test
    void unicodeName_roundTrips() {
        String name = "zähler " + UUID.randomUUID();

        assertThat(increment(name)).isEqualTo(1);
        client.get().uri("/api/counters/{name}", name).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo(name);
    }

    private long increment(String name) {
        return client.post().uri("/api/counters/{name}/increment", name).exchange()
                .expectStatus().isOk()
                .expectBody(NamedCounterValue.class).returnResult().getResponseBody().value();
    }
}
