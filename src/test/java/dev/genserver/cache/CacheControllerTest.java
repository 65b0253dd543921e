package dev.genserver.cache;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.genserver.app.Refusal.Reason;
import dev.genserver.app.Refusal;
import dev.genserver.app.ServiceUnavailableException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.IntNode;

/** Status codes and problem bodies of the cache endpoints, with the client bean mocked. */
@WebMvcTest(CacheController.class)
class CacheControllerTest {

    @Autowired
    private MockMvc mvc;

    @Autowired
    private JsonMapper json;

    @MockitoBean
    private Cache cache;

    @Test
    void put_anyJson_isAcceptedWithoutBody() throws Exception {
        mvc.perform(put("/api/cache/entries/a").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"n\": 1.5, \"l\": [true, null]}"))
                .andExpect(status().isAccepted())
                .andExpect(content().string(""));

        // as the application reads it: 1.5 exactly, a decimal (spring.jackson.deserialization in application.yml)
        verify(cache).put("a", json.readTree("{\"n\": 1.5, \"l\": [true, null]}"));
    }

    @Test
    void put_malformedJson_isBadRequest_andChangesNothing() throws Exception {
        mvc.perform(put("/api/cache/entries/a").contentType(MediaType.APPLICATION_JSON).content("{\"n\": "))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.error").value("invalid_json"));

        verifyNoInteractions(cache);
    }

    @Test
    void put_withoutBody_isBadRequest() throws Exception {
        mvc.perform(put("/api/cache/entries/a").contentType(MediaType.APPLICATION_JSON))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("invalid_json"));

        verifyNoInteractions(cache);
    }

    @Test
    void put_keyTooLong_isInvalidKey() throws Exception {
        mvc.perform(put("/api/cache/entries/{key}", "k".repeat(257)).contentType(MediaType.APPLICATION_JSON)
                        .content("1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("invalid_key"));

        verifyNoInteractions(cache);
    }

    @Test
    void get_controlCharacterInKey_isInvalidKey() throws Exception {
        mvc.perform(get("/api/cache/entries/{key}", "a\u0001b"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("invalid_key"));

        verifyNoInteractions(cache);
    }

    @Test
    void get_hit_answersKeyAndValue() throws Exception {
        given(cache.get("a")).willReturn(IntNode.valueOf(1));

        mvc.perform(get("/api/cache/entries/a"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.key").value("a"))
                .andExpect(jsonPath("$.value").value(1));
    }

    @Test
    void get_missing_isNotFoundProblem() throws Exception {
        given(cache.get("a")).willThrow(new Refusal(Reason.NOT_FOUND, "no entry for this key"));

        mvc.perform(get("/api/cache/entries/a"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.error").value("not_found"))
                .andExpect(jsonPath("$.status").value(404));
    }

    @Test
    void get_expired_isGoneProblem() throws Exception {
        given(cache.get("a")).willThrow(new Refusal(Reason.EXPIRED, "ttl ran out"));

        mvc.perform(get("/api/cache/entries/a"))
                .andExpect(status().isGone())
                .andExpect(jsonPath("$.error").value("expired"));
    }

    @Test
    void delete_live_isNoContent_missing_isNotFound() throws Exception {
        mvc.perform(delete("/api/cache/entries/a")).andExpect(status().isNoContent());
        verify(cache).delete("a");

        willThrow(new Refusal(Reason.NOT_FOUND, "no entry for this key")).given(cache).delete("b");
        mvc.perform(delete("/api/cache/entries/b"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("not_found"));
    }

    @Test
    void stats_answersEveryField_withTtlInSeconds() throws Exception {
        given(cache.stats()).willReturn(new CacheStats(2, 3, new BigDecimal("0.5"), 4, 5, 6, 7));

        mvc.perform(get("/api/cache/stats"))
                .andExpect(status().isOk())
                .andExpect(content().json(
                        "{\"size\":2,\"maxSize\":3,\"ttl\":0.5,\"hits\":4,\"misses\":5,\"evictions\":6,"
                                + "\"expirations\":7}", org.springframework.test.json.JsonCompareMode.STRICT));
    }

    @Test
    void whileRestarting_isUnavailableWithRetryAfter() throws Exception {
        given(cache.stats()).willThrow(new ServiceUnavailableException("cache"));
        willThrow(new ServiceUnavailableException("cache")).given(cache).put(any(), any());

        mvc.perform(get("/api/cache/stats"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.error").value("unavailable"));
        mvc.perform(put("/api/cache/entries/a").contentType(MediaType.APPLICATION_JSON).content("1"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error").value("unavailable"));
    }
}
