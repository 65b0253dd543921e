package dev.genserver.counter;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The counter over HTTP: calls answer 200 with the value, the reset cast answers 202. */
@RestController
@RequestMapping(path = "/api/counter", produces = "application/json")
@Tag(name = "counter")
class CounterController {

    private final Counter counter;

    CounterController(Counter counter) {
        this.counter = counter;
    }

    @GetMapping
    @Operation(summary = "Read the value (call :get_value)")
    CounterValue value() {
        return new CounterValue(counter.value());
    }

    @PostMapping("/increment")
    @Operation(summary = "Add one and return the new value (call :increment)")
    CounterValue increment() {
        return new CounterValue(counter.increment());
    }

    @PostMapping("/reset")
    @Operation(summary = "Reset to zero (cast :reset); 202 once queued")
    ResponseEntity<Void> reset() {
        counter.reset();
        return ResponseEntity.accepted().build();
    }
}
