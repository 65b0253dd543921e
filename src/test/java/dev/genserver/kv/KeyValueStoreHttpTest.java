package dev.genserver.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.servlet.client.RestTestClient;

/** The seed's KeyValueStore session over real HTTP, on a store of its own (the context is shared). */
@IntegrationTest
class KeyValueStoreHttpTest {

    @Autowired
    private RestTestClient client;

    @Test
    void seedSession_putGetKeysDeleteClear_thenStop() {
        String id = create();
        String store = "/api/kv/" + id;

        put(store, "name", "\"Alice\"");
        put(store, "age", "30");
        client.get().uri(store + "/entries/name").exchange().expectStatus().isOk()
                .expectBody().json("{\"key\":\"name\",\"value\":\"Alice\"}", JsonCompareMode.STRICT);
        client.get().uri(store + "/entries/missing").exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
        client.get().uri(store + "/keys").exchange().expectStatus().isOk()
                .expectBody().json("{\"keys\":[\"age\",\"name\"]}", JsonCompareMode.STRICT);
        client.delete().uri(store + "/entries/age").exchange().expectStatus().isOk()
                .expectBody().json("{\"key\":\"age\",\"value\":30}", JsonCompareMode.STRICT);
        client.delete().uri(store + "/entries").exchange().expectStatus().isAccepted().expectBody().isEmpty();
        client.get().uri(store).exchange().expectStatus().isOk()
                .expectBody().json("{\"id\":\"" + id + "\",\"size\":0}", JsonCompareMode.STRICT);

        client.delete().uri(store).exchange().expectStatus().isNoContent();
        client.get().uri(store).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("noproc");
        client.put().uri(store + "/entries/k").contentType(MediaType.APPLICATION_JSON).body("1").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");
        client.delete().uri(store).exchange().expectStatus().isNotFound();
    }

    @Test
    void values_roundTripExactly_nullAndBigNumbersIncluded() {
        String store = "/api/kv/" + create();
        String value = "{\"n\":null,\"big\":12345678901234567890123,\"dec\":1.10,\"list\":[true,\"x\"]}";

        put(store, "doc", value);
        put(store, "nothing", "null");

        String doc = client.get().uri(store + "/entries/doc").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(doc).contains("12345678901234567890123").contains("1.10");
        client.get().uri(store + "/entries/nothing").exchange().expectStatus().isOk()
                .expectBody().json("{\"key\":\"nothing\",\"value\":null}", JsonCompareMode.STRICT);
    }

    @Test
    void unicodeKeys_areStored_andListedInCodeUnitOrder() {
        String store = "/api/kv/" + create();

        put(store, "zébu ✓", "1");
        put(store, "Äpfel", "2");
        client.get().uri(store + "/entries/{key}", "zébu ✓").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.value").isEqualTo(1);
        client.get().uri(store + "/keys").exchange().expectStatus().isOk()
                // 'z' is U+007A and 'Ä' U+00C4: ascending by code unit, not by a locale's collation
                .expectBody().json("{\"keys\":[\"zébu ✓\",\"Äpfel\"]}", JsonCompareMode.STRICT);
    }

    @Test
    void createdStores_appearInTheList_withUrlSafeUnguessableIds() {
        String a = create();
        String b = create();

        assertThat(a).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(b);
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) client.get().uri("/api/kv").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("ids");
        assertThat(ids).contains(a, b).isSorted();
    }

    private String create() {
        var result = client.post().uri("/api/kv").exchange().expectStatus().isCreated()
                .expectBody(StoreCreated.class).returnResult();
        String id = result.getResponseBody().id();
        assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/kv/" + id);
        return id;
    }

    private void put(String store, String key, String json) {
        client.put().uri(store + "/entries/{key}", key).contentType(MediaType.APPLICATION_JSON).body(json)
                .exchange().expectStatus().isAccepted().expectBody().isEmpty();
    }
}
