package dev.genserver.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.testing.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/** The job queue over real HTTP with the real (sleeping) workers. The context is shared: counts are compared. */
@IntegrationTest
class JobsHttpTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private ProcessRuntime runtime;
    @Autowired
    private ConfigurableApplicationContext context;

    /**
     * Spring pauses a cached test context between classes by stopping its lifecycle beans, and restarts it: the
     * queue's drain, which belongs to the instance's stop, must not run then, or no job would start again.
     */
    @Test
    void aPausedAndRestartedContext_stillStartsJobs() {
        context.pause();
        context.restart();

        assertThat(submit("{\"durationMs\": 0}").status()).as("dispatched before the answer").isEqualTo("running");
    }

    @Test
    void aJob_runsAtOnce_andSucceeds_andStaysQueryable() {
        JobStats before = stats();

        JobView job = submit("{\"durationMs\": 0}");
        assertThat(job.status()).as("dispatched before the answer").isEqualTo("running");

        awaitStatus(job.id(), "succeeded");
        client.get().uri("/api/jobs/{id}", job.id()).exchange()
                .expectStatus().isOk()
                .expectBody().json("{\"id\":\"" + job.id() + "\",\"status\":\"succeeded\"}")
                .jsonPath("$.error").doesNotExist();
        JobStats after = stats();
        // other classes' jobs may end meanwhile, moving from running to an end: each is counted once all along
        assertThat(counted(after) - counted(before)).as("this one job, counted once").isEqualTo(1);
        assertThat(after.succeeded()).isGreaterThan(before.succeeded());
    }

    private static long counted(JobStats stats) {
        return stats.queued() + stats.running() + stats.succeeded() + stats.failed();
    }

    @Test
    void aJobAskedToFail_crashesItsWorker_andIsFailedWithAnError() {
        JobView job = submit("{\"durationMs\": 0, \"fail\": true}");

        awaitStatus(job.id(), "failed");
        client.get().uri("/api/jobs/{id}", job.id()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.error").isEqualTo("the job failed as requested");
    }

    /**
     * The busy jobs take the longest a job may (10 s), far longer than the test, so none can end and let the
     * waiting one start; afterwards their workers are killed, which fails them and frees the workers at once.
     */
    @Test
    void aJobWaitingForAWorker_canBeCancelled_butARunningOneCannot() {
        int workers = stats().workers();
        List<JobView> busy = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            busy.add(submit("{\"durationMs\": 10000}"));
        }
        JobView waiting = submit("{\"durationMs\": 0}");
        assertThat(waiting.status()).isEqualTo("queued");

        client.delete().uri("/api/jobs/{id}", waiting.id()).exchange().expectStatus().isNoContent();
        client.get().uri("/api/jobs/{id}", waiting.id()).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
        client.delete().uri("/api/jobs/{id}", busy.getFirst().id()).exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("not_cancellable");

        assertThat(busy).allSatisfy(job -> assertThat(status(job.id())).isEqualTo("running"));
        runtime.processes(0, 10_000).stream().filter(info -> info.service().equals(JobQueueServer.WORKER_SERVICE))
                .forEach(worker -> runtime.kill(worker.pid()));
        busy.forEach(job -> awaitStatus(job.id(), "failed"));
    }

    @Test
    void unknownJobs_badDurations_andStats() {
        client.get().uri("/api/jobs/{id}", "AAAAAAAAAAAAAAAAAAAAAA").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
        client.delete().uri("/api/jobs/{id}", "AAAAAAAAAAAAAAAAAAAAAA").exchange().expectStatus().isNotFound();
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).body("{\"durationMs\": 10001}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        client.get().uri("/api/jobs/stats").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.workers").isEqualTo(4)
                .jsonPath("$.capacity").isEqualTo(1000)
                .jsonPath("$.queued").isNumber()
                .jsonPath("$.failed").isNumber();
    }

    /** Submits a job; answers {@code {"id", "status"}}, read leniently (the application's JSON is strict). */
    private JobView submit(String body) {
        EntityExchangeResult<JsonNode> result = client.post().uri("/api/jobs")
                .contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                .expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult();
        JsonNode job = result.getResponseBody();
        String id = job.get("id").stringValue();
        assertThat(id).matches("[A-Za-z0-9_-]{22}");
        assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/jobs/" + id);
        return new JobView(id, job.get("status").stringValue(), null);
    }

    private void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> status(id),
                status::equals);
    }

    private String status(String id) {
        return client.get().uri("/api/jobs/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("status").stringValue();
    }

    private JobStats stats() {
        return client.get().uri("/api/jobs/stats").exchange()
                .expectStatus().isOk()
                .expectBody(JobStats.class).returnResult().getResponseBody();
    }
}
