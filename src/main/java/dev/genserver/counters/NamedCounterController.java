package dev.genserver.counters;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Message.CAST;
import static dev.genserver.web.Sends.Message.LOOKUP;
import static dev.genserver.web.Sends.Message.SUPERVISE;
import static dev.genserver.web.Sends.Recipient.NEW_PROCESS;
import static dev.genserver.web.Sends.Recipient.PROCESS_BY_ID;

import dev.genserver.keyed.Listing;
import dev.genserver.web.Failure;
import dev.genserver.web.PathKey;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Named counters over HTTP: the first increment of a name starts its counter; unknown names answer 404 noproc. */
@RestController
@RequestMapping(path = "/api/counters", produces = "application/json")
@Tag(name = "counters", description = "The seed's variation \"Named vs Unnamed GenServers\": one counter "
        + "process per name, started on first use under a dynamic supervisor and registered through a Registry "
        + "({:via, Registry, {MyRegistry, key}})")
class NamedCounterController {

    private final NamedCounters counters;

    NamedCounterController(NamedCounters counters) {
        this.counters = counters;
    }

    @GetMapping
    @Sends(LOOKUP)
    @Operation(summary = "List counter names, sorted, a page of at most 1000 after the name `after`; `next` is "
            + "present when more follow")
    CounterNames names(@RequestParam(required = false)
            @Parameter(description = "The page starts after this name (it need not exist): the previous page's "
                    + "`next`; none for the first page") String after) {
        Listing page = counters.names(after);
        return new CounterNames(page.keys(), page.next());
    }

    @GetMapping("/{name}")
    @Operation(summary = "Read a counter (call :get_value); 404 noproc if it was never started")
    @Sends(value = CALL, to = PROCESS_BY_ID)
    NamedCounterValue value(@PathVariable @PathKey String name) {
        return new NamedCounterValue(name, counters.value(name));
    }

    @PostMapping("/{name}/increment")
    @Operation(summary = "Add one, starting the counter at zero on first use (call :increment)")
    @Sends(value = CALL, to = NEW_PROCESS, problems = @Problem(value = Failure.FULL,
            detail = "the counter is at its maximum, 9223372036854775807"))
    NamedCounterValue increment(@PathVariable @PathKey String name) {
        return new NamedCounterValue(name, counters.increment(name));
    }

    @PostMapping("/{name}/reset")
    @Operation(summary = "Reset a counter to zero (cast :reset); 202 once queued, 404 noproc if it does not exist")
    @ApiResponse(responseCode = "202", description = "Queued: the counter will be 0 for every later request; it "
            + "keeps running, and its name stays listed")
    @Sends(value = CAST, to = PROCESS_BY_ID)
    ResponseEntity<Void> reset(@PathVariable @PathKey String name) {
        counters.reset(name);
        return ResponseEntity.accepted().build();
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Stop a counter (terminate_child); 404 noproc if it does not exist")
    @ApiResponse(responseCode = "204", description = "Stopped; the next increment starts the name again at zero")
    @Sends(value = SUPERVISE, to = PROCESS_BY_ID)
    ResponseEntity<Void> delete(@PathVariable @PathKey String name) {
        counters.delete(name);
        return ResponseEntity.noContent().build();
    }
}
