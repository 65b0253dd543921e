package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.Refusal;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class FailureTest {

    @Test
    void everyRefusalReason_hasAFailureWithTheSameError() {
        for (Refusal.Reason reason : Refusal.Reason.values()) {
            assertThat(Failure.of(reason).error()).isEqualTo(reason.error());
        }
    }

    @Test
    void retryAfter_isWholeSecondsRoundedUp_andAtLeastOne() {
        assertThat(Failure.retryAfterSeconds(java.time.Duration.ZERO)).isEqualTo("1");
        assertThat(Failure.retryAfterSeconds(java.time.Duration.ofMillis(1001))).isEqualTo("2");
    }

    /** A bare 503 from the container or the framework is {@code unavailable}, which tells the client when to retry. */
    @Test
    void aBareStatusWhoseFailureCarriesRetryAfter_isWrittenWithIt() throws Exception {
        MockHttpServletResponse unavailable = new MockHttpServletResponse();
        MockHttpServletResponse internal = new MockHttpServletResponse();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/counter");

        Failure.write(request, unavailable, JsonMapper.builder().build(), Failure.forStatus(503));
        Failure.write(request, internal, JsonMapper.builder().build(), Failure.forStatus(500));

        assertThat(unavailable.getHeader("Retry-After")).isEqualTo("1");
        assertThat(unavailable.getContentAsString()).contains("\"error\":\"unavailable\"");
        assertThat(internal.getHeader("Retry-After")).isNull();
    }

    @Test
    void aRetryAfterAlreadySet_isKept() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setHeader("Retry-After", "7");

        Failure.write(new MockHttpServletRequest(), response, JsonMapper.builder().build(),
                Failure.OVERLOADED.problem("busy"));

        assertThat(response.getHeaders("Retry-After")).containsExactly("7");
    }
}
