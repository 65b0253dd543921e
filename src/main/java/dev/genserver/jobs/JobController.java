package dev.genserver.jobs;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Recipient.SINGLETON;

import dev.genserver.web.Failure;
import dev.genserver.web.PathKey;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.Locale;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/** The job queue over HTTP: submitting answers 202 with the job's address, the job runs in the background. */
@RestController
@RequestMapping(path = "/api/jobs", produces = "application/json")
@Tag(name = "jobs", description = "The seed's use case \"Job queues\": a named queue dispatching to "
        + "short-lived, monitored worker processes (handle_info({:DOWN, ...})), with the backpressure of "
        + "\"Next Steps\" 5")
class JobController implements Sends.Settings {

    private static final String DURATION_OUT_OF_RANGE = "durationMs must be between 0 and %d";

    private final Jobs jobs;
    private final long maxDurationMs;

    JobController(Jobs jobs, JobsProperties properties) {
        this.jobs = jobs;
        this.maxDurationMs = properties.maxDuration().toMillis();
    }

    @Override
    public Object[] detailArguments() {
        return new Object[] {maxDurationMs};
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Submit a job; 202 with Location once it is running or queued, 503 overloaded when full")
    @ApiResponse(responseCode = "202", description = "Running or queued; Location is the job's address. A keyed "
            + "submit's retry is answered with the job its first attempt submitted, which may have ended",
            headers = @Header(name = "Location", ref = "#/components/headers/Location"))
    @Sends(value = CALL, to = SINGLETON, problems = {
            @Problem(value = Failure.OVERLOADED, detail = "the job queue is full; retry later"),
            @Problem(value = Failure.INVALID_REQUEST, detail = DURATION_OUT_OF_RANGE)})
    ResponseEntity<JobView> submit(@RequestBody SubmitJobRequest request) {
        if (request.durationMs() == null) {
            throw Failure.INVALID_JSON.exception("field 'durationMs' must be an integer, not null");
        }
        if (request.durationMs() < 0 || request.durationMs() > maxDurationMs) {
            throw Failure.INVALID_REQUEST.exception(String.format(Locale.ROOT, DURATION_OUT_OF_RANGE, maxDurationMs));
        }
        if (request.fail() == null) {
            throw Failure.INVALID_JSON.exception("field 'fail' must be true or false, not null");
        }
        JobView job = jobs.submit(request.durationMs(), request.fail());
        URI location = UriComponentsBuilder.fromPath("/api/jobs/{id}").buildAndExpand(job.id()).toUri();
        return ResponseEntity.accepted().location(location).body(job);
    }

    @GetMapping("/stats")
    @Operation(summary = "Counts of queued, running, succeeded and failed jobs, with the limits")
    @Sends(value = CALL, to = SINGLETON)
    JobStats stats() {
        return jobs.stats();
    }

    @GetMapping("/{id}")
    @Operation(summary = "A job's status: queued, running, succeeded or failed (with error)")
    @Sends(value = CALL, to = SINGLETON, problems = @Problem(value = Failure.NOT_FOUND, detail = "no such job"))
    JobView find(@PathVariable @PathKey String id) {
        return jobs.find(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Cancel a queued job; 409 not_cancellable once it runs or has finished")
    @ApiResponse(responseCode = "204", description = "Cancelled: the job will not run")
    @Sends(value = CALL, to = SINGLETON, problems = {
            @Problem(value = Failure.NOT_FOUND, detail = "no such job"),
            @Problem(value = Failure.NOT_CANCELLABLE, detail = "only a queued job can be cancelled")})
    ResponseEntity<Void> cancel(@PathVariable @PathKey String id) {
        jobs.cancel(id);
        return ResponseEntity.noContent().build();
    }
}
