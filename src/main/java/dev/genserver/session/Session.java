package dev.genserver.session;

import java.io.Serializable;
import java.time.Instant;

/**
 * One session, as the seed's map {@code %{user_id, created_at, last_accessed}} plus its id. Immutable: a refresh
 * replaces it. {@link #toString()} hides the id and the user, because messages and states may reach logs.
 */
record Session(String id, String userId, Instant createdAt, Instant lastAccessed) implements Serializable {

    Session refreshedAt(Instant now) {
        return new Session(id, userId, createdAt, now);
    }

    @Override
    public String toString() {
        return "Session[id=<redacted>, userId=<redacted>, createdAt=" + createdAt + ", lastAccessed=" + lastAccessed
                + "]";
    }
}
