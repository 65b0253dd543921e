package dev.genserver.session;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Message.CAST;
import static dev.genserver.web.Sends.Recipient.SINGLETON;

import dev.genserver.web.Failure;
import dev.genserver.web.PathKey;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import dev.genserver.web.Stores;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sessions over HTTP. A read does not extend a session, a refresh (202, a cast) does; an expired session answers
 * 410 {@code expired} once and is gone afterwards.
 */
@RestController
@RequestMapping(path = "/api/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "sessions", description = "The seed's section \"4. Timeouts and Monitoring\": a named session "
        + "store whose sessions expire after a TTL and are swept by a periodic info message (handle_info(:cleanup))")
class SessionController {

    private final SessionStore sessions;

    SessionController(SessionStore sessions) {
        this.sessions = sessions;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Stores
    @Operation(summary = "Create a session for a user (call {:create_session, user_id}); 201")
    @ApiResponse(responseCode = "201", description = "Created; Location is the session's address",
            headers = @Header(name = "Location", ref = "#/components/headers/Location"))
    @Sends(value = CALL, to = SINGLETON, problems = @Problem(value = Failure.MAX_SESSIONS,
            detail = "the limit of live sessions is reached; retry later"))
    ResponseEntity<SessionView> create(@Valid @RequestBody CreateSessionRequest request) {
        Session session = sessions.create(request.userId());
        return ResponseEntity.created(URI.create("/api/sessions/" + session.id())).body(SessionView.of(session));
    }

    @GetMapping("/stats")
    @Operation(summary = "Active sessions now and sessions removed by expiry so far (counts, never ids)")
    @Sends(value = CALL, to = SINGLETON)
    SessionStats stats() {
        return sessions.stats();
    }

    @GetMapping("/{id}")
    @Operation(summary = "Read a session without extending it; 404 not_found, 410 expired (then removed)")
    @Sends(value = CALL, to = SINGLETON, problems = {
            @Problem(value = Failure.NOT_FOUND, detail = "no such session"),
            @Problem(value = Failure.EXPIRED, detail = "the session has expired")})
    SessionView get(@PathVariable @PathKey String id) {
        return SessionView.of(sessions.get(id));
    }

    @PostMapping("/{id}/refresh")
    @Operation(summary = "Extend a live session (cast {:refresh, id}); 202. An expired session is not revived")
    @ApiResponse(responseCode = "202", description = "Queued; an unknown id is ignored, as a cast "
            + "is, and an expired one is removed (counted as expired; a later read is 404), never revived")
    @Sends(value = CAST, to = SINGLETON)
    ResponseEntity<Void> refresh(@PathVariable @PathKey String id) {
        sessions.refresh(id);
        return ResponseEntity.accepted().build();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Log out: remove the session; 204, or 404 not_found")
    @ApiResponse(responseCode = "204", description = "Removed")
    @Sends(value = CALL, to = SINGLETON, problems = @Problem(value = Failure.NOT_FOUND, detail = "no such session"))
    ResponseEntity<Void> delete(@PathVariable @PathKey String id) {
        sessions.delete(id);
        return ResponseEntity.noContent().build();
    }
}
