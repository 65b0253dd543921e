package dev.genserver.events;

import dev.genserver.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "events")
class EventLogController {

    private final EventLog log;

    EventLogController(EventLog log) {
        this.log = log;
    }

    @PostMapping(consumes = "application/json")
    @Operation(summary = "Log an event (cast {:log_event, event}); 202 once queued")
    ResponseEntity<Void> log(@RequestBody LogEventRequest request) {
        String type = request.typeText();
        if (type == null || type.isEmpty() || type.codePointCount(0, type.length()) > EventLog.MAX_TYPE_LENGTH) {
            throw ApiException.invalid("type must be a string of 1 to " + EventLog.MAX_TYPE_LENGTH + " characters");
        }
        log.log(type, request.payload());
        return ResponseEntity.accepted().build();
    }

    @GetMapping
    @Operation(summary = "The newest events, newest first; limit 1..1000 (default 50)")
    EventList newest(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > EventLog.MAX_LIMIT) {
            throw ApiException.invalid("limit must be between 1 and " + EventLog.MAX_LIMIT);
        }
        return new EventList(log.newest(limit));
    }

    @GetMapping("/stats")
    @Operation(summary = "All-time totals and counts per type")
    EventStats stats() {
        return log.stats();
    }
}
