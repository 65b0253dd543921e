package dev.genserver.events;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Message.CAST;
import static dev.genserver.web.Sends.Recipient.SINGLETON;

import dev.genserver.web.Failure;
import dev.genserver.web.PathKey;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import dev.genserver.web.Stores;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.hibernate.validator.constraints.Range;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The event log over HTTP: logging is a cast (202), reading the log and its statistics are calls. */
@RestController
@RequestMapping(path = "/api/events", produces = "application/json")
@Tag(name = "events", description = "The seed's section \"6. Synchronous vs Asynchronous\" "
        + "(handle_cast({:log_event, event}, state)), its pitfall \"Using call When cast Would Work\" and the use "
        + "cases \"Event logging\" and \"Statistics tracking\": a named event log fed by casts")
class EventLogController {

    private final EventLog log;

    static final String CONTROL_CHARACTERS = "type must not contain control, bidi control or invisible characters, "
            + "and must be in Unicode's composed form (NFC): one that could be shown as another type is refused";
    static final String OVERFLOWS_NAME = "type '_other' is reserved: it counts the types past "
            + "genserver.events.max-types";

    EventLogController(EventLog log) {
        this.log = log;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Stores
    @Operation(summary = "Log an event (cast {:log_event, event}); 202 once queued")
    @ApiResponse(responseCode = "202", description = "Queued: a later read from this client sees the event")
    @Sends(value = CAST, to = SINGLETON,
            problems = {@Problem(value = Failure.INVALID_REQUEST,
                    detail = "type must be a string of 1 to 64 characters"),
                @Problem(value = Failure.INVALID_REQUEST, detail = CONTROL_CHARACTERS),
                @Problem(value = Failure.INVALID_REQUEST, detail = OVERFLOWS_NAME)})
    ResponseEntity<Void> log(@RequestBody LogEventRequest request) {
        String type = request.typeText();
        if (type == null) { // missing, null or not a string: the wrong type, as Jackson would say of a bound field
            throw Failure.INVALID_JSON.exception("field 'type' must be a string");
        }
        if (type.isEmpty() || type.codePointCount(0, type.length()) > EventLog.MAX_TYPE_LENGTH) {
            throw Failure.INVALID_REQUEST.exception("type must be a string of 1 to " + EventLog.MAX_TYPE_LENGTH
                    + " characters");
        }
        if (PathKey.Rule.showsAsAnother(type)) { // '_other' with a zero-width space read as the overflow's count
            throw Failure.INVALID_REQUEST.exception(CONTROL_CHARACTERS);
        }
        if (type.equals(EventRing.OTHER)) { // counted with the overflow, neither count would mean what it says
            throw Failure.INVALID_REQUEST.exception(OVERFLOWS_NAME);
        }
        log.log(type, request.payload());
        return ResponseEntity.accepted().build();
    }

    @GetMapping
    @Operation(summary = "The newest events, newest first; limit 1..1000 (default 50)")
    @Sends(value = CALL, to = SINGLETON,
            problems = @Problem(value = Failure.INVALID_REQUEST, detail = "limit must be between 1 and 1000"))
    EventList newest(@RequestParam(defaultValue = "50") @Parameter(schema = @Schema(type = "integer",
            format = "int32", minimum = "1", maximum = "" + EventLog.MAX_LIMIT, defaultValue = "50"))
            @Range(min = 1, max = EventLog.MAX_LIMIT, message = Failure.BETWEEN) int limit) {
        return new EventList(log.newest(limit));
    }

    @GetMapping("/stats")
    @Operation(summary = "All-time totals and counts per type")
    @Sends(value = CALL, to = SINGLETON)
    EventStats stats() {
        return log.stats();
    }
}
