package dev.genserver.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

/** The application's strict JSON settings are included: the slice alone would not apply them. */
@WebMvcTest(controllers = EventLogController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
        pattern = "dev\\.genserver\\.web\\.JsonConfiguration"))
class EventLogControllerTest {

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private EventLog log;

    @Test
    void post_isAcceptedWithoutBody_andLogsTheEvent() {
        assertThat(post("{\"type\":\"login\",\"payload\":{\"user\":\"alice\"}}"))
                .hasStatus(202).body().isEmpty();
        then(log).should().log(any(), any());
    }

    @Test
    void post_withNullPayload_isAccepted() {
        assertThat(post("{\"type\":\"ping\",\"payload\":null}")).hasStatus(202);
        then(log).should().log("ping", NullNode.getInstance());
    }

    @Test
    void post_withBadTypeOrMissingField_isBadRequest_andLogsNothing() {
        // a type out of its length rule breaks a constraint; the body's wrong shape is invalid_json, as elsewhere
        Map<String, String> errors = Map.of("{\"type\":\"\",\"payload\":1}", "invalid_request",
                "{\"type\":\"" + "x".repeat(65) + "\",\"payload\":1}", "invalid_request",
                "{\"payload\":1}", "invalid_json", "{\"type\":\"login\"}", "invalid_json",
                "{\"type\":7,\"payload\":1}", "invalid_json", "{\"type\":null,\"payload\":1}", "invalid_json",
                "not json", "invalid_json");
        errors.forEach((body, error) -> assertThat(post(body)).as(body).hasStatus(400)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.error").isEqualTo(error));
        then(log).should(never()).log(anyString(), any());
    }

    /**
     * A type is a name: control characters in it are refused, and so is the name under which the types past
     * max-types are counted (a client's "_other" was counted with them, so neither count meant what it said).
     */
    @Test
    void post_withControlCharactersOrTheOverflowsName_isBadRequest_andLogsNothing() {
        for (String type : List.of("a\\u0000b", "line\\nbreak", "tab\\t", "del\\u007f", "\\u0085", "_other")) {
            assertThat(post("{\"type\":\"" + type + "\",\"payload\":1}")).as(type).hasStatus(400)
                    .bodyJson().extractingPath("$.error").isEqualTo("invalid_request");
        }
        then(log).should(never()).log(anyString(), any());
        assertThat(post("{\"type\":\"_others\",\"payload\":1}")).hasStatus(202);
    }

    /**
     * A type that could be shown as another is refused as a key would be: "_other" with a zero-width space read as
     * the overflow's count in the stats, and bidi overrides, line separators and decomposed accents disguise a
     * type. A '/' is fine in a type, which is no path's.
     */
    @Test
    void post_withATypeThatCouldBeShownAsAnother_isBadRequest_andLogsNothing() {
        for (String type : List.of("_other\\u200b", "\\u202eevil", "a\\u2028b", "e\\u0301", "\\ufeffsoft", "\\ud800",
                "x\\udbff")) {
            assertThat(post("{\"type\":\"" + type + "\",\"payload\":1}")).as(type).hasStatus(400)
                    .bodyJson().extractingPath("$.detail").isEqualTo(EventLogController.CONTROL_CHARACTERS);
        }
        then(log).should(never()).log(anyString(), any());
        assertThat(post("{\"type\":\"user/login\",\"payload\":1}")).hasStatus(202);
        assertThat(post("{\"type\":\"\\u00e9t\\u00e9 \\ud83d\\udc69\\u200d\\ud83d\\udcbb\",\"payload\":1}"))
                .as("composed accents, an emoji joined by U+200D").hasStatus(202);
    }

    @Test
    void post_withTypeOf64Characters_isAccepted() {
        assertThat(post("{\"type\":\"" + "é".repeat(64) + "\",\"payload\":1}")).hasStatus(202);
    }

    @Test
    void get_defaultsTo50_andAnswersTheEventsNewestFirst() {
        given(log.newest(50)).willReturn(List.of(
                new Event("login", StringNode.valueOf("bob"), Instant.parse("2026-01-01T00:00:10Z"))));

        assertThat(mvc.get().uri("/api/events")).hasStatusOk().bodyJson()
                .isEqualTo("{\"events\":[{\"type\":\"login\",\"payload\":\"bob\",\"at\":\"2026-01-01T00:00:10Z\"}]}");
    }

    @Test
    void get_withLimitOutOfRange_isBadRequest() {
        for (String limit : List.of("0", "1001", "-1", "abc", "2.5")) {
            assertThat(mvc.get().uri("/api/events?limit=" + limit)).as(limit).hasStatus(400)
                    .bodyJson().extractingPath("$.error").isEqualTo("invalid_request");
        }
        then(log).should(never()).newest(anyInt());
    }

    @Test
    void stats_answerTotalAndCountsByType() {
        given(log.stats()).willReturn(new EventStats(3, Map.of("login", 2L, "logout", 1L)));

        assertThat(mvc.get().uri("/api/events/stats")).hasStatusOk().bodyJson()
                .isEqualTo("{\"total\":3,\"byType\":{\"login\":2,\"logout\":1}}");
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult post(String body) {
        return mvc.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }
}
