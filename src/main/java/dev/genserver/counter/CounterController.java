package dev.genserver.counter;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Message.CAST;
import static dev.genserver.web.Sends.Recipient.SINGLETON;

import dev.genserver.web.Failure;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The counter over HTTP: calls answer 200 with the value, the reset cast answers 202. */
@RestController
@RequestMapping(path = "/api/counter", produces = "application/json")
@Tag(name = "counter", description = "The seed's section \"1. Basic GenServer Structure\": one named "
        + "counter process; increment and get_value are calls, reset is a cast")
class CounterController {

    private final Counter counter;

    CounterController(Counter counter) {
        this.counter = counter;
    }

    @GetMapping
    @Operation(summary = "Read the value (call :get_value)")
    @Sends(value = CALL, to = SINGLETON)
    CounterValue value() {
        return new CounterValue(counter.value());
    }

    @PostMapping("/increment")
    @Operation(summary = "Add one and return the new value (call :increment)")
    @Sends(value = CALL, to = SINGLETON, problems = @Problem(value = Failure.FULL,
            detail = "the counter is at its maximum, 9223372036854775807"))
    CounterValue increment() {
        return new CounterValue(counter.increment());
    }

    @PostMapping("/reset")
    @Operation(summary = "Reset to zero (cast :reset); 202 once queued")
    @ApiResponse(responseCode = "202", description = "Queued: the counter will be 0 for every later request")
    @Sends(value = CAST, to = SINGLETON)
    ResponseEntity<Void> reset() {
        counter.reset();
        return ResponseEntity.accepted().build();
    }
}
