package dev.genserver.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;

/**
 * The baseline for {@link SessionCleanupBenchmark}: the seed's cleanup, which looks at every session
 * ({@code Enum.reject(state, fn {_id, session} -> session_expired?(session, now) end)}). It removes in place
 * instead of building a new map as the seed does, so it is the cheaper form of a full scan.
 */
final class FullScanSessions {

    private final HashMap<String, Session> sessions = new HashMap<>();
    private final Duration ttl;

    FullScanSessions(Duration ttl) {
        this.ttl = ttl;
    }

    void create(String id, String userId, Instant now) {
        sessions.put(id, new Session(id, userId, now, now));
    }

    /** Removes every expired session (the seed's strict {@code now - last_accessed > ttl}); returns how many. */
    int sweep(Instant now) {
        int before = sessions.size();
        sessions.values().removeIf(session -> Duration.between(session.lastAccessed(), now).compareTo(ttl) > 0);
        return before - sessions.size();
    }

    int size() {
        return sessions.size();
    }
}
