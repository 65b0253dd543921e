package dev.genserver.ratelimit;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Recipient.NEW_PROCESS;

import dev.genserver.web.Failure;
import dev.genserver.web.PathKey;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Rate limits over HTTP. Both answers of an acquire carry the headers clients of rate-limited APIs read:
 * {@code RateLimit-Limit} (the capacity), {@code RateLimit-Remaining} (whole tokens left) and
 * {@code RateLimit-Reset} (whole seconds until the bucket is full again, 0 when it is). A refusal is
 * 429 {@code rate_limited} with {@code Retry-After}: whole seconds until the requested permits are there.
 */
@RestController
@RequestMapping(path = "/api/rate-limits", produces = "application/json")
@Tag(name = "rate-limit", description = "The seed's \"Next Steps\" 2, \"Implement rate limiter using "
        + "GenServer\", and its use case \"Rate limiters\": one token-bucket process per key, started on first use "
        + "and stopping itself when idle")
class RateLimitController implements Sends.Settings {

    private final RateLimiter limiter;

    RateLimitController(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Object[] detailArguments() {
        return new Object[] {limiter.capacity()};
    }

    @PostMapping("/{key}/acquire")
    @Operation(summary = "Take permits from the key's bucket (call); 429 rate_limited with Retry-After when short")
    @ApiResponse(responseCode = "200", description = "The permits were taken",
            content = @Content(schema = @Schema(implementation = Acquired.class)), headers = {
                @Header(name = "RateLimit-Limit", ref = "#/components/headers/RateLimit-Limit"),
                @Header(name = "RateLimit-Remaining", ref = "#/components/headers/RateLimit-Remaining"),
                @Header(name = "RateLimit-Reset", ref = "#/components/headers/RateLimit-Reset")})
    @Sends(value = CALL, to = NEW_PROCESS, problems = {
            @Problem(value = Failure.RATE_LIMITED, detail = "not enough tokens for 1 permit(s); 0 available",
                    headers = {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"}),
            @Problem(value = Failure.INVALID_REQUEST, detail = "permits " + Permits.OUT_OF_RANGE)})
    ResponseEntity<Object> acquire(@PathVariable @PathKey String key,
            @RequestParam(defaultValue = "1") @Parameter(description = "1 to genserver.rate-limit.capacity (10 by "
                    + "default)", schema = @Schema(type = "integer", format = "int64", minimum = "1",
                    defaultValue = "1")) @Permits long permits) {
        Decision decision = limiter.acquire(key, permits);
        ResponseEntity.BodyBuilder answer = switch (decision) {
            case Decision.Allowed allowed -> ResponseEntity.ok();
            case Decision.Limited limited -> ResponseEntity.status(Failure.RATE_LIMITED.status())
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(limited.retryAfterSeconds()));
        };
        answer.header("RateLimit-Limit", Integer.toString(limiter.capacity()))
                .header("RateLimit-Remaining", Long.toString(decision.remaining()))
                .header("RateLimit-Reset", Long.toString(decision.resetSeconds()));
        return switch (decision) {
            case Decision.Allowed allowed -> answer.contentType(MediaType.APPLICATION_JSON)
                    .body(new Acquired(key, true, allowed.remaining()));
            case Decision.Limited limited -> answer.contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Failure.RATE_LIMITED.problem(Failure.RATE_LIMITED.detail(permits, limited.remaining())));
        };
    }

    @GetMapping("/{key}")
    @Operation(summary = "Show the key's bucket; an unused key shows a full bucket and starts no process")
    @Sends(CALL)
    BucketView bucket(@PathVariable @PathKey String key) {
        return new BucketView(key, limiter.capacity(), limiter.available(key), limiter.refillPerSecond());
    }
}
