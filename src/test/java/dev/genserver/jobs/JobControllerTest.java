package dev.genserver.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;

import dev.genserver.app.Refusal.Reason;
import dev.genserver.app.Refusal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The application's strict JSON settings are included: the slice alone would not apply them. */
@WebMvcTest(controllers = JobController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
        pattern = "dev\\.genserver\\.web\\.JsonConfiguration"))
@EnableConfigurationProperties(JobsProperties.class)
class JobControllerTest {

    private static final String ID = "AAAAAAAAAAAAAAAAAAAAAA";

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private Jobs jobs;

    @Test
    void submit_isAcceptedWithLocationAndStatus_failDefaultingToFalse() {
        given(jobs.submit(200, false)).willReturn(new JobView(ID, "running", null));

        assertThat(post("{\"durationMs\":200}")).hasStatus(202)
                .hasHeader("Location", "/api/jobs/" + ID)
                .bodyJson().isEqualTo("{\"id\":\"" + ID + "\",\"status\":\"running\"}");
    }

    @Test
    void submit_withFailTrue_passesItOn() {
        given(jobs.submit(0, true)).willReturn(new JobView(ID, "queued", null));

        assertThat(post("{\"durationMs\":0,\"fail\":true}")).hasStatus(202);
        then(jobs).should().submit(0, true);
    }

    @Test
    void submit_withBadInput_isBadRequest_andSubmitsNothing() {
        for (String body : List.of("{\"durationMs\":-1}", "{\"durationMs\":10001}", "{\"durationMs\":\"5\"}",
                "{\"durationMs\":7.5}", "{}", "{\"durationMs\":null}", "{\"durationMs\":1,\"fail\":\"yes\"}",
                "{\"durationMs\":1,\"fail\":1}", "{\"durationMs\":1,\"fail\":null}", "{\"durationMs\":1,\"x\":1}")) {
            // out of range breaks a constraint; a value missing, null or of the wrong type is the wrong shape
            String error = body.contains("-1") || body.contains("10001") ? "invalid_request" : "invalid_json";
            assertThat(post(body)).as(body).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyJson().extractingPath("$.error").isEqualTo(error);
        }
        then(jobs).should(never()).submit(anyLong(), anyBoolean());
    }

    @Test
    void submit_whenTheQueueIsFull_isOverloadedWithRetryAfter() {
        given(jobs.submit(anyLong(), anyBoolean()))
                .willThrow(new Refusal(Reason.OVERLOADED, "the job queue is full; retry later"));

        assertThat(post("{\"durationMs\":1}")).hasStatus(503).hasHeader("Retry-After", "1")
                .bodyJson().extractingPath("$.error").isEqualTo("overloaded");
    }

    @Test
    void get_answersTheJob_withErrorOnlyWhenFailed() {
        given(jobs.find(ID)).willReturn(new JobView(ID, "failed", "the job failed as requested"));

        assertThat(mvc.get().uri("/api/jobs/" + ID)).hasStatusOk().bodyJson().isEqualTo(
                "{\"id\":\"" + ID + "\",\"status\":\"failed\",\"error\":\"the job failed as requested\"}");
    }

    @Test
    void get_unknown_isNotFound() {
        given(jobs.find(ID)).willThrow(new Refusal(Reason.NOT_FOUND, "no such job"));

        assertThat(mvc.get().uri("/api/jobs/" + ID)).hasStatus(404)
                .bodyJson().extractingPath("$.error").isEqualTo("not_found");
    }

    @Test
    void delete_queued_isNoContent_running_isConflict() {
        assertThat(mvc.delete().uri("/api/jobs/" + ID)).hasStatus(204);
        willThrow(new Refusal(Reason.NOT_CANCELLABLE, "only a queued job can be cancelled"))
                .given(jobs).cancel("running");

        assertThat(mvc.delete().uri("/api/jobs/running")).hasStatus(409)
                .bodyJson().extractingPath("$.error").isEqualTo("not_cancellable");
    }

    @Test
    void stats_answerCountsAndLimits() {
        given(jobs.stats()).willReturn(new JobStats(1, 4, 10, 2, 4, 1000));

        assertThat(mvc.get().uri("/api/jobs/stats")).hasStatusOk().bodyJson().isEqualTo(
                "{\"queued\":1,\"running\":4,\"succeeded\":10,\"failed\":2,\"workers\":4,\"capacity\":1000}");
    }

    private MvcTestResult post(String body) {
        return mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }
}
