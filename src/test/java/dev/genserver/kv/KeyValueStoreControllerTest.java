package dev.genserver.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.genserver.app.Refusal.Reason;
import dev.genserver.app.Refusal;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Status codes and problem bodies of the kv endpoints, with the client API mocked. */
@WebMvcTest(KeyValueStoreController.class)
class KeyValueStoreControllerTest {

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private KeyValueStores stores;

    @Test
    void create_isCreatedWithLocationAndId() {
        given(stores.create()).willReturn("abc_-123");

        assertThat(mvc.post().uri("/api/kv")).hasStatus(201)
                .hasHeader("Location", "/api/kv/abc_-123")
                .bodyJson().extractingPath("$.id").isEqualTo("abc_-123");
    }

    @Test
    void create_atTheLimit_isServiceUnavailableMaxChildren() {
        given(stores.create()).willThrow(new MaxChildrenException("kv-supervisor", 10));

        assertThat(mvc.post().uri("/api/kv")).hasStatus(503)
                .hasHeader("Retry-After", "1")
                .bodyJson().extractingPath("$.error").isEqualTo("max_children");
    }

    @Test
    void put_jsonNull_isAcceptedAndStoredAsNull() {
        assertThat(mvc.put().uri("/api/kv/s1/entries/k").contentType(MediaType.APPLICATION_JSON).content("null"))
                .hasStatus(202).body().isEmpty();

        ArgumentCaptor<JsonNode> value = ArgumentCaptor.forClass(JsonNode.class);
        verify(stores).put(eq("s1"), eq("k"), value.capture());
        assertThat(value.getValue().isNull()).isTrue();
    }

    @Test
    void put_withoutBody_isBadRequest() {
        assertThat(mvc.put().uri("/api/kv/s1/entries/k").contentType(MediaType.APPLICATION_JSON))
                .hasStatus(400).bodyJson().extractingPath("$.error").isEqualTo("invalid_json");
        verifyNoInteractions(stores);
    }

    @Test
    void put_malformedJson_isBadRequest() {
        assertThat(mvc.put().uri("/api/kv/s1/entries/k").contentType(MediaType.APPLICATION_JSON).content("{\"a\":"))
                .hasStatus(400).bodyJson().extractingPath("$.error").isEqualTo("invalid_json");
        verifyNoInteractions(stores);
    }

    @Test
    void put_toUnknownStore_isNoproc() {
        willThrow(new NoProcessException("kv store")).given(stores).put(anyString(), anyString(), any());

        assertThat(mvc.put().uri("/api/kv/nope/entries/k").contentType(MediaType.APPLICATION_JSON).content("1"))
                .hasStatus(404).bodyJson().extractingPath("$.error").isEqualTo("noproc");
    }

    @Test
    void put_withTooLongKey_isInvalidKey() {
        String key = "k".repeat(257);

        assertThat(mvc.put().uri("/api/kv/s1/entries/" + key).contentType(MediaType.APPLICATION_JSON).content("1"))
                .hasStatus(400).bodyJson().extractingPath("$.error").isEqualTo("invalid_key");
        verifyNoInteractions(stores);
    }

    @Test
    void get_withControlCharacterOrEncodedSemicolonInKey_isInvalidKey() {
        assertThat(mvc.get().uri("/api/kv/s1/entries/{key}", "a\u0001b"))
                .hasStatus(400).bodyJson().extractingPath("$.error").isEqualTo("invalid_key");
        assertThat(mvc.get().uri(URI.create("/api/kv/s1/entries/a%3Bb")))
                .hasStatus(400).bodyJson().extractingPath("$.error").isEqualTo("invalid_key");
        verifyNoInteractions(stores);
    }

    @Test
    void get_unicodeKey_answersKeyAndValue() {
        given(stores.get("s1", "clé ✓")).willReturn(JsonNodeFactory.instance.numberNode(30));

        assertThat(mvc.get().uri("/api/kv/s1/entries/{key}", "clé ✓")).hasStatusOk()
                .bodyJson().isLenientlyEqualTo("{\"key\":\"clé ✓\",\"value\":30}");
    }

    @Test
    void get_missingKey_isNotFound() {
        given(stores.get("s1", "missing")).willThrow(new Refusal(Reason.NOT_FOUND, "no entry under this key"));

        assertThat(mvc.get().uri("/api/kv/s1/entries/missing")).hasStatus(404)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.error").isEqualTo("not_found");
    }

    @Test
    void delete_returnsTheRemovedEntry_evenWhenItsValueIsNull() {
        given(stores.delete("s1", "k")).willReturn(JsonNodeFactory.instance.nullNode());

        assertThat(mvc.delete().uri("/api/kv/s1/entries/k")).hasStatusOk()
                .bodyJson().isStrictlyEqualTo("{\"key\":\"k\",\"value\":null}");
    }

    @Test
    void keys_withoutMore_hasNoNextField() {
        given(stores.keys("s1", null, KeyPage.MAX_LIMIT)).willReturn(new KeyPage(List.of("a", "b"), null));

        assertThat(mvc.get().uri("/api/kv/s1/keys")).hasStatusOk()
                .bodyJson().isStrictlyEqualTo("{\"keys\":[\"a\",\"b\"]}");
    }

    @Test
    void keys_withLimitOutOfRange_isBadRequest() {
        assertThat(mvc.get().uri("/api/kv/s1/keys?limit=1001")).hasStatus(400)
                .bodyJson().extractingPath("$.error").isEqualTo("invalid_request");
        assertThat(mvc.get().uri("/api/kv/s1/keys?limit=x")).hasStatus(400)
                .bodyJson().extractingPath("$.error").isEqualTo("invalid_request");
        verifyNoInteractions(stores);
    }

    @Test
    void clear_isAccepted_andStop_isNoContent() {
        assertThat(mvc.delete().uri("/api/kv/s1/entries")).hasStatus(202).body().isEmpty();
        assertThat(mvc.delete().uri("/api/kv/s1")).hasStatus(204);
        verify(stores).clear("s1");
        verify(stores).stop("s1");
    }

    @Test
    void stop_unknownStore_isNoproc() {
        willThrow(new NoProcessException("kv store")).given(stores).stop("nope");

        assertThat(mvc.delete().uri("/api/kv/nope")).hasStatus(404)
                .bodyJson().extractingPath("$.error").isEqualTo("noproc");
    }
}
