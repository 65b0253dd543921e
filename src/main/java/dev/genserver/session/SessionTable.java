package dev.genserver.session;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session store's state. Not thread-safe: it belongs to the session process, which handles one message at a
 * time.
 *
 * <p>Why cleanup costs O(expired) and not O(sessions), as the seed's full scan does: every session has the same
 * TTL, so sessions expire in the order they were last accessed. The map keeps that order — insertion order, and a
 * refresh removes and re-inserts the session at the end — so the expired sessions are always a prefix of it, and
 * a sweep pops from the head until it meets the first live session.
 *
 * <p>A session expires when {@code now - lastAccessed > ttl}, the seed's strict comparison.
 */
final class SessionTable implements Serializable {

    private final LinkedHashMap<String, Session> sessions = new LinkedHashMap<>();
    private final Duration ttl;
    private long expired;
    private long inspected;

    SessionTable(Duration ttl) {
        this.ttl = ttl;
    }

    /** Adds a new session; {@code id} must be unused. */
    Session create(String id, String userId, Instant now) {
        Instant stamp = stamp(now);
        Session session = new Session(id, userId, now, stamp);
        sessions.put(id, session);
        return session;
    }

    boolean contains(String id) {
        return sessions.containsKey(id);
    }

    /** The session, without extending it; an expired one is removed and counted, as in the seed. */
    Lookup get(String id, Instant now) {
        Session session = sessions.get(id);
        if (session == null) {
            return new Lookup.NotFound();
        }
        if (isExpired(session, now)) {
            expire(id);
            return new Lookup.Expired();
        }
        return new Lookup.Found(session);
    }

    /** Extends a live session by moving it to the end; an expired one is removed instead, never revived. */
    void refresh(String id, Instant now) {
        Session session = sessions.get(id);
        if (session == null) {
            return;
        }
        if (isExpired(session, now)) {
            expire(id);
            return;
        }
        Instant stamp = stamp(now);
        sessions.remove(id);
        sessions.put(id, session.refreshedAt(stamp));
    }

    /** Logout: removes the session. An expired one is counted as expired and answered as not found. */
    Lookup remove(String id, Instant now) {
        Lookup lookup = get(id, now);
        if (lookup instanceof Lookup.Found) {
            sessions.remove(id);
        }
        return lookup instanceof Lookup.Expired ? new Lookup.NotFound() : lookup;
    }

    /** Removes every expired session, popping from the head; returns how many. O(expired + 1). */
    int sweep(Instant now) {
        int removed = 0;
        Iterator<Session> oldestFirst = sessions.values().iterator();
        while (oldestFirst.hasNext()) {
            inspected++;
            if (!isExpired(oldestFirst.next(), now)) {
                break;
            }
            oldestFirst.remove();
            expired++;
            removed++;
        }
        return removed;
    }

    /** Exact counts at {@code now}: sweeps first, so sessions past their TTL are never counted as active. */
    SessionStats stats(Instant now) {
        sweep(now);
        return new SessionStats(sessions.size(), expired);
    }

    /** How many sessions are held, expired ones not yet swept included. */
    int size() {
        return sessions.size();
    }

    /** Sessions looked at by sweeps so far: what the O(expired) claim is tested against. */
    long inspected() {
        return inspected;
    }

    /** Counts only: session ids and user ids never leave the process through introspection. */
    Map<String, Object> status() {
        return Map.of("sessions", sessions.size(), "expired", expired, "ttl", ttl.toString());
    }

    private boolean isExpired(Session session, Instant now) {
        return Duration.between(session.lastAccessed(), now).compareTo(ttl) > 0;
    }

    private void expire(String id) {
        sessions.remove(id);
        expired++;
    }

    /**
     * {@code now}, or the newest timestamp already held if the wall clock stepped back (NTP): keeping timestamps
     * non-decreasing along the map is what keeps the expired sessions a prefix. A step back extends a session by
     * at most the size of the step.
     */
    private Instant stamp(Instant now) {
        Map.Entry<String, Session> newest = sessions.lastEntry();
        return newest == null || !newest.getValue().lastAccessed().isAfter(now) ? now
                : newest.getValue().lastAccessed();
    }
}
