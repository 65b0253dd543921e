package dev.genserver.session;

import dev.genserver.keyed.ProcessDirectory;
import java.time.Clock;
import java.time.Duration;

/** The session store's client bean built without Spring, for tests in other packages (the cluster's). */
public final class SessionClients {

    /** The key of the store's process: its service's name. */
    public static final String KEY = SessionStore.NAME.toString();

    private SessionClients() {
    }

    /** A store of sessions living {@code ttl} after their last refresh, its process in {@code directory}. */
    public static SessionStore on(ProcessDirectory directory, Clock clock, Duration ttl) {
        return new SessionStore(directory, new SessionProperties(ttl, null, 1000), clock);
    }

    /** A new session's id. */
    public static String create(SessionStore sessions, String userId) {
        return sessions.create(userId).id();
    }

    /** The user of a live session (which it does not extend). */
    public static String userOf(SessionStore sessions, String sessionId) {
        return sessions.get(sessionId).userId();
    }
}
