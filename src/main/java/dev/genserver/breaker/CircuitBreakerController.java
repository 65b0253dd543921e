package dev.genserver.breaker;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Message.CAST;
import static dev.genserver.web.Sends.Recipient.NEW_PROCESS;

import dev.genserver.web.Failure;
import dev.genserver.web.PathKey;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Circuit breakers over HTTP. A refused acquire is 503 {@code circuit_open} with {@code Retry-After}: the whole
 * seconds until the breaker turns half_open (at least 1), or 1 while a half_open trial is out. Reports are casts
 * (202) and are accepted for any valid name: a failure starts the breaker, a success on an unused name changes
 * nothing.
 */
@RestController
@RequestMapping(path = "/api/circuit-breakers", produces = "application/json")
@Tag(name = "circuit-breaker", description = "The seed's use case \"Circuit breakers\": one process per "
        + "name moving between closed, open and half_open, driven by reports and Process.send_after timers "
        + "(handle_info)")
class CircuitBreakerController {

    private final CircuitBreakers breakers;

    CircuitBreakerController(CircuitBreakers breakers) {
        this.breakers = breakers;
    }

    @PostMapping("/{name}/acquire")
    @Operation(summary = "Ask whether a guarded call may proceed (call); 503 circuit_open with Retry-After if not")
    @Sends(value = CALL, to = NEW_PROCESS,
            problems = @Problem(value = Failure.CIRCUIT_OPEN, detail = "the circuit is open"))
    Admission acquire(@PathVariable @PathKey String name) {
        return switch (breakers.acquire(name)) {
            case Permit.Admitted admitted -> new Admission(name, admitted.phase().wireName());
            case Permit.Refused refused -> throw Failure.CIRCUIT_OPEN.exception(refused.phase() == Phase.OPEN
                    ? "the circuit is open" : "the circuit is half_open and its trial call has not reported yet",
                    refused.retryAfter());
        };
    }

    @PostMapping("/{name}/success")
    @Operation(summary = "Report a successful guarded call (cast); 202 once queued")
    @ApiResponse(responseCode = "202", description = "Queued (or nothing to do: a name never used stays closed)")
    @Sends(CAST)
    ResponseEntity<Void> success(@PathVariable @PathKey String name) {
        breakers.success(name);
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{name}/failure")
    @Operation(summary = "Report a failed guarded call (cast); 202 once queued")
    @ApiResponse(responseCode = "202", description = "Queued: the failure counts toward the threshold")
    @Sends(value = CAST, to = NEW_PROCESS)
    ResponseEntity<Void> failure(@PathVariable @PathKey String name) {
        breakers.failure(name);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/{name}")
    @Operation(summary = "Show the breaker; a name never used is closed with 0 failures")
    @Sends(CALL)
    BreakerView status(@PathVariable @PathKey String name) {
        BreakerStatus status = breakers.status(name);
        return new BreakerView(name, status.phase().wireName(), status.failures());
    }
}
