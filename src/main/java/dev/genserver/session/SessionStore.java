package dev.genserver.session;

import static dev.genserver.app.Refusal.Reason.EXPIRED;
import static dev.genserver.app.Refusal.Reason.MAX_SESSIONS;
import static dev.genserver.app.Refusal.Reason.NOT_FOUND;

import dev.genserver.app.RandomIds;
import dev.genserver.app.Refusal;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.app.Singleton;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.MailboxFullException;
import dev.genserver.runtime.Name;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The session store's client API ({@code SessionStore.create_session/1}, {@code get_session/1},
 * {@code refresh_session/1}). Starts the store as a permanent child of the root supervisor, registered as
 * {@code sessions}; while it restarts, callers get {@link ServiceUnavailableException} (503 {@code unavailable}).
 *
 * <p>Thread-safe: every method is a message to the store process. Session ids are capabilities: nothing here
 * logs them.
 */
@Component
public class SessionStore {

    static final Name NAME = Name.local("sessions");


    private final Singleton process;
    private final Duration cleanupInterval;

    SessionStore(ProcessDirectory directory, SessionProperties properties, Clock clock) {
        Duration ttl = properties.ttl();
        int maxCount = properties.maxCount();
        this.process = directory.singleton(NAME.toString(),
                () -> new SessionStoreServer(clock, ttl, SessionStore::newId, maxCount));
        this.cleanupInterval = properties.cleanupInterval();
    }

    /**
     * {@code create_session/1} (a call): a new session for {@code userId}.
     *
     * @throws Refusal {@code max_sessions} (retry soon) when {@code genserver.sessions.max-count} live sessions
     *                  exist; expired ones are dropped before the store counts
     */
    public Session create(String userId) {
        return process.call(new SessionStoreServer.Create(userId)).orElseThrow(() -> new Refusal(MAX_SESSIONS,
                "the limit of live sessions is reached; retry later"));
    }

    /**
     * {@code get_session/1} (a call); does not extend the session.
     *
     * @throws Refusal {@code not_found}, or {@code expired} (the session is then removed)
     */
    public Session get(String sessionId) {
        return switch (process.call(new SessionStoreServer.Get(sessionId))) {
            case Lookup.Found found -> found.session();
            case Lookup.NotFound notFound -> throw notFound();
            case Lookup.Expired expired -> throw new Refusal(EXPIRED, "the session has expired");
        };
    }

    /** {@code refresh_session/1} (a cast): extends a live session; an expired one stays expired. */
    public void refresh(String sessionId) {
        process.cast(new SessionStoreServer.Refresh(sessionId));
    }

    /**
     * Logout (a call).
     *
     * @throws Refusal {@code not_found} if there is no live session with this id
     */
    public void delete(String sessionId) {
        if (!(process.call(new SessionStoreServer.Delete(sessionId)) instanceof Lookup.Found)) {
            throw notFound();
        }
    }

    /** Active sessions now, and sessions removed by expiry so far (a call). */
    public SessionStats stats() {
        return process.call(new SessionStoreServer.Stats());
    }

    /**
     * Asks the store to drop its expired sessions (an info message, as the seed's timer sends). Skipped while the
     * store restarts or is overloaded: the next tick will do.
     */
    public void requestCleanup() {
        try {
            process.send(SessionStoreServer.Cleanup.INSTANCE);
        } catch (ServiceUnavailableException | MailboxFullException busy) {
            // nothing to clean in a store being restarted, and a full mailbox gets the next tick
        }
    }

    /** The pause between cleanups, from {@code genserver.sessions.cleanup-interval} (default: the TTL). */
    public Duration cleanupInterval() {
        return cleanupInterval;
    }

    private static Refusal notFound() {
        return new Refusal(NOT_FOUND, "no such session");
    }

    /** 128 random bits, URL-safe Base64 without padding: the seed's plain Base64 would put '/' and '+' in URLs. */
    static String newId() {
        return RandomIds.next();
    }
}
