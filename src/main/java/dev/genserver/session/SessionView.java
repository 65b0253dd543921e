package dev.genserver.session;

import java.time.Instant;

/** {@code {"sessionId", "userId", "createdAt", "lastAccessed"}}, the instants as ISO-8601. */
record SessionView(String sessionId, String userId, Instant createdAt, Instant lastAccessed) {

    static SessionView of(Session session) {
        return new SessionView(session.id(), session.userId(), session.createdAt(), session.lastAccessed());
    }

    @Override
    public String toString() {
        return "SessionView[<redacted>]";
    }
}
