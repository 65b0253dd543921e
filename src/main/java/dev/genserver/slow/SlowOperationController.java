package dev.genserver.slow;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Recipient.SINGLETON;

import dev.genserver.web.Failure;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Slow operations over HTTP. The handler is synchronous on a virtual request thread, so no MVC async timeout
 * applies: the only deadline is the call's own (delay plus margin).
 */
@RestController
@RequestMapping(path = "/api/slow-operations", produces = "application/json")
@Tag(name = "slow-operations", description = "The seed's variation \"Early Return and Async Reply\" "
        + "({:noreply, state}, then GenServer.reply(from, result) from a task) and its pitfall \"Blocking the "
        + "GenServer\": many slow operations overlap while the process keeps answering")
class SlowOperationController {

    private final SlowOperations operations;

    SlowOperationController(SlowOperations operations) {
        this.operations = operations;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Run an operation taking delayMs (0..10000) without blocking the process; 200 when done")
    @Sends(value = CALL, to = SINGLETON,
            problems = @Problem(value = Failure.INVALID_REQUEST, detail = "delayMs must be between 0 and 10000"))
    SlowOperationResult perform(@RequestBody SlowOperationRequest request) {
        if (request.delayMs() == null) {
            throw Failure.INVALID_JSON.exception("field 'delayMs' must be an integer, not null");
        }
        if (request.delayMs() < 0 || request.delayMs() > SlowOperations.MAX_DELAY_MS) {
            throw Failure.INVALID_REQUEST.exception("delayMs must be between 0 and " + SlowOperations.MAX_DELAY_MS);
        }
        return operations.perform(request.delayMs());
    }

    @GetMapping("/stats")
    @Operation(summary = "Operations in flight and completed; answers at once while operations run")
    @Sends(value = CALL, to = SINGLETON)
    SlowOperationStats stats() {
        return operations.stats();
    }
}
