package dev.genserver.slow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The application's strict JSON settings are included: the slice alone would not apply them. */
@WebMvcTest(controllers = SlowOperationController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
        pattern = "dev\\.genserver\\.web\\.JsonConfiguration"))
class SlowOperationControllerTest {

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private SlowOperations operations;

    @Test
    void post_answersTheDelayAndCompletionTime() {
        given(operations.perform(300)).willReturn(new SlowOperationResult(300, Instant.parse("2026-01-01T00:00:00Z")));

        assertThat(post("{\"delayMs\":300}")).hasStatusOk().bodyJson()
                .isEqualTo("{\"delayMs\":300,\"completedAt\":\"2026-01-01T00:00:00Z\"}");
    }

    @Test
    void post_withDelayOutOfRangeOrMalformed_isBadRequest_andRunsNothing() {
        for (String body : List.of("{\"delayMs\":-1}", "{\"delayMs\":10001}", "{\"delayMs\":\"300\"}",
                "{\"delayMs\":2.5}", "{\"delayMs\":null}", "{}", "{\"delayMs\":1,\"extra\":1}")) {
            String error = body.contains("-1") || body.contains("10001") ? "invalid_request" : "invalid_json";
            assertThat(post(body)).as(body).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyJson().extractingPath("$.error").isEqualTo(error);
        }
        then(operations).should(never()).perform(anyLong());
    }

    @Test
    void post_atTheBounds_isAccepted() {
        given(operations.perform(anyLong())).willReturn(new SlowOperationResult(0, Instant.EPOCH));

        assertThat(post("{\"delayMs\":0}")).hasStatusOk();
        assertThat(post("{\"delayMs\":10000}")).hasStatusOk();
    }

    @Test
    void post_whoseCallTimesOut_isGatewayTimeout() {
        CallTimeoutException timeout;
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Pid pid = runtime.start(() -> Init.ok(0)); // pids are sealed: only a runtime makes them
            timeout = new CallTimeoutException(pid, Duration.ofSeconds(6));
        }
        given(operations.perform(anyLong())).willThrow(timeout);

        assertThat(post("{\"delayMs\":1000}")).hasStatus(504).bodyJson().extractingPath("$.error").isEqualTo("timeout");
    }

    @Test
    void stats_answerInFlightAndCompleted() {
        given(operations.stats()).willReturn(new SlowOperationStats(5, 12));

        assertThat(mvc.get().uri("/api/slow-operations/stats")).hasStatusOk().bodyJson()
                .isEqualTo("{\"inFlight\":5,\"completed\":12}");
    }

    private MvcTestResult post(String body) {
        return mvc.post().uri("/api/slow-operations").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }
}
