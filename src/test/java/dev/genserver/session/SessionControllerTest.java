package dev.genserver.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.genserver.app.Refusal.Reason;
import dev.genserver.app.Refusal;
import dev.genserver.app.ServiceUnavailableException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Status codes and problem bodies of the session endpoints, with the client API mocked. */
@WebMvcTest(SessionController.class)
class SessionControllerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private SessionStore sessions;

    @Test
    void create_isCreatedWithLocationAndIsoTimestamps() {
        given(sessions.create("u1")).willReturn(new Session("s-1", "u1", T0, T0));

        assertThat(post("{\"userId\":\"u1\"}")).hasStatus(201)
                .hasHeader("Location", "/api/sessions/s-1")
                .bodyJson().isStrictlyEqualTo("{\"sessionId\":\"s-1\",\"userId\":\"u1\","
                        + "\"createdAt\":\"2026-01-01T00:00:00Z\",\"lastAccessed\":\"2026-01-01T00:00:00Z\"}");
    }

    @Test
    void create_withoutUserId_orWithANumber_orBlank_isBadRequest() {
        // the slice has no strict JsonConfiguration, so a missing field reaches validation here (invalid_json
        // over real HTTP, see SessionHttpTest); either way it is a 400
        assertThat(post("{}")).hasStatus(400);
        assertThat(post("{\"userId\":7}")).hasStatus(400).bodyJson().extractingPath("$.error")
                .isEqualTo("invalid_json");
        assertThat(post("{\"userId\":\"  \"}")).hasStatus(400).bodyJson().extractingPath("$.error")
                .isEqualTo("invalid_request");
        assertThat(post("{\"userId\":null}")).hasStatus(400).bodyJson().extractingPath("$.error")
                .isEqualTo("invalid_json"); // null is of the wrong type, as it is for every other field
        assertThat(post("{\"userId\":\"" + "u".repeat(257) + "\"}")).hasStatus(400);
        assertThat(post("{\"userId\":\"" + "\uD83D\uDE00".repeat(257) + "\"}")).hasStatus(400);
        verifyNoInteractions(sessions);
    }

    /** 256 characters as JSON Schema's maxLength counts them: an emoji is one, though Java's length is two. */
    @Test
    void create_withAUserIdOf256Emoji_isAccepted() {
        String emoji = "\uD83D\uDE00".repeat(256);
        given(sessions.create(emoji)).willReturn(new Session("s-1", emoji, T0, T0));

        assertThat(post("{\"userId\":\"" + emoji + "\"}")).hasStatus(201);
    }

    @Test
    void get_expired_isGone() {
        given(sessions.get("s-1")).willThrow(new Refusal(Reason.EXPIRED, "the session has expired"));

        assertThat(mvc.get().uri("/api/sessions/s-1")).hasStatus(410)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.error").isEqualTo("expired");
    }

    @Test
    void get_unknown_isNotFound() {
        given(sessions.get("nope")).willThrow(new Refusal(Reason.NOT_FOUND, "no such session"));

        assertThat(mvc.get().uri("/api/sessions/nope")).hasStatus(404)
                .bodyJson().extractingPath("$.error").isEqualTo("not_found");
    }

    @Test
    void whileTheStoreRestarts_everyEndpointIsUnavailableWithRetryAfter() {
        given(sessions.stats()).willThrow(new ServiceUnavailableException("sessions"));

        assertThat(mvc.get().uri("/api/sessions/stats")).hasStatus(503).hasHeader("Retry-After", "1")
                .bodyJson().extractingPath("$.error").isEqualTo("unavailable");
    }

    @Test
    void refresh_isAcceptedWithoutBody() {
        assertThat(mvc.post().uri("/api/sessions/s-1/refresh")).hasStatus(202).body().isEmpty();
        verify(sessions).refresh("s-1");
    }

    @Test
    void stats_areCounts() {
        given(sessions.stats()).willReturn(new SessionStats(3, 2));

        assertThat(mvc.get().uri("/api/sessions/stats")).hasStatusOk()
                .bodyJson().isStrictlyEqualTo("{\"active\":3,\"expired\":2}");
    }

    @Test
    void delete_isNoContent() {
        assertThat(mvc.delete().uri("/api/sessions/s-1")).hasStatus(204);
        verify(sessions).delete("s-1");
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult post(String body) {
        return mvc.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }
}
