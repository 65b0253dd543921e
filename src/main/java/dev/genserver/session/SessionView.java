package dev.genserver.session;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** {@code {"sessionId", "userId", "createdAt", "lastAccessed"}}, the instants as ISO-8601. */
record SessionView(
        @Schema(description = "128 random bits, URL-safe Base64: a capability, keep it secret",
                example = "hT3nJ0pVq1xg2a9mQ4c7Ww") String sessionId,
        @Schema(description = "The user the session belongs to", example = "u1") String userId,
        @Schema(description = "When the session was created", example = "2025-01-01T12:00:00Z") Instant createdAt,
        @Schema(description = "Creation or last refresh; the session expires one TTL after it",
                example = "2025-01-01T12:00:00Z") Instant lastAccessed) {

    static SessionView of(Session session) {
        return new SessionView(session.id(), session.userId(), session.createdAt(), session.lastAccessed());
    }

    @Override
    public String toString() {
        return "SessionView[<redacted>]";
    }
}
