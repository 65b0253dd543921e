package dev.genserver.session;

import static dev.genserver.app.Refusal.Reason.EXPIRED;
import static dev.genserver.app.Refusal.Reason.MAX_SESSIONS;
import static dev.genserver.app.Refusal.Reason.NOT_FOUND;

import dev.genserver.app.OutcomeUnknownException;
import dev.genserver.app.RandomIds;
import dev.genserver.app.Refusal;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.app.Singleton;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.MailboxFullException;
import dev.genserver.runtime.Name;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
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

    /** An id drawn again this many times is not bad luck but a broken source of ids. */
    private static final int ID_ATTEMPTS = 3;

    private final Singleton process;
    private final Duration cleanupInterval;
    private final Supplier<String> ids;

    @Autowired
    SessionStore(ProcessDirectory directory, SessionProperties properties, Clock clock) {
        this(directory, properties, clock, SessionStore::newId);
    }

    /** @param ids draws the new sessions' ids; one already held is drawn again */
    SessionStore(ProcessDirectory directory, SessionProperties properties, Clock clock, Supplier<String> ids) {
        Duration ttl = properties.ttl();
        int maxCount = properties.maxCount();
        this.process = directory.singleton(NAME.toString(), null, () -> new SessionStoreServer(clock, ttl, maxCount));
        this.cleanupInterval = properties.cleanupInterval();
        this.ids = ids;
    }

    /**
     * {@code create_session/1} (a call): a new session for {@code userId}, under an id drawn here and sent in the
     * message (an id already held is drawn again).
     *
     * @throws Refusal {@code max_sessions} (retry soon) when {@code genserver.sessions.max-count} live sessions
     *                  exist; expired ones are dropped before the store counts
     * @throws IllegalStateException if every id drawn was taken: the source of ids is broken
     */
    public Session create(String userId) {
        for (int attempt = 1; ; attempt++) {
            switch (process.call(new SessionStoreServer.Create(ids.get(), userId))) {
                case Creation.Created created -> {
                    return created.session();
                }
                case Creation.Full full -> throw new Refusal(MAX_SESSIONS,
                        "the limit of live sessions is reached; retry later");
                case Creation.IdTaken taken -> {
                    if (attempt == ID_ATTEMPTS) {
                        throw new IllegalStateException("session ids drawn " + ID_ATTEMPTS + " times were all taken");
                    }
                }
            }
        }
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
     * Asks the store to drop its expired sessions (an info message, as the seed's timer sends), if it is hosted
     * here: every instance of a cluster schedules the cleanup, and only the member owning the store's key sends
     * it, so it runs once per interval in the cluster ({@link Singleton#isLocal}). Skipped while the store
     * restarts or is overloaded: the next tick will do.
     */
    public void requestCleanup() {
        try {
            if (process.isLocal()) {
                process.send(SessionStoreServer.Cleanup.INSTANCE);
            }
        } catch (ServiceUnavailableException | MailboxFullException | OutcomeUnknownException busy) {
            // nothing to clean in a store being restarted, a full mailbox gets the next tick, and a cleanup whose
            // member was lost may or may not have run: the next one sweeps what it left
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
