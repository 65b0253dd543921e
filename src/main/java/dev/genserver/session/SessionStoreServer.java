package dev.genserver.session;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Result;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The seed's {@code SessionStore}. Unlike the seed, it schedules no timer of its own: Spring's scheduler sends
 * {@link Cleanup} (see {@code SessionCleanup}), and the sweep costs O(expired), not O(sessions)
 * ({@link SessionTable}).
 *
 * <p>Unlike the seed too, the caller draws the new session's id and sends it in {@link Create}: a handler that
 * drew random numbers could not be run again on a backup replica to the same effect (cluster mode), and this
 * one is deterministic given its message, its state and the time. {@link Cleanup} is handled as a cast as well
 * as an info message: in cluster mode the store is a replicated process, which has no mailbox for info messages.
 *
 * <pre>{@code
 * def handle_call({:create_session, user_id}, _, state)   case Create create -> create.reply(create(...), table)
 * def handle_call({:get_session, id}, _, state)           case Get get -> get.reply(table.get(id, now), table)
 * def handle_cast({:refresh, id}, state)                  case Refresh refresh -> table.refresh(id, now)
 * def handle_info(:cleanup_expired, state)                case Cleanup c -> table.sweep(now)
 * }</pre>
 *
 * A refresh does not revive an expired session: the seed's sets {@code last_accessed} on any session still in the
 * map, so one past its timeout lives again if refreshed before the cleanup runs. Here expiry depends on the time
 * alone, not on when the cleanup last ran.
 *
 * <p>Message records hide session ids and user ids from {@code toString}, since an unexpected message is logged.
 */
final class SessionStoreServer implements GenServer<SessionTable> {

    private static final System.Logger LOG = System.getLogger(SessionStoreServer.class.getName());

    /**
     * {@code {:create_session, user_id}}, with the new session's id drawn by the caller: replies
     * {@link Creation.Created}, {@link Creation.Full} when {@code maxCount} live sessions exist, or
     * {@link Creation.IdTaken} when a session holds {@code sessionId} already.
     */
    record Create(String sessionId, String userId) implements Call<Creation> {
        @Override
        public String toString() {
            return "Create[sessionId=<redacted>, userId=<redacted>]";
        }
    }

    /** {@code {:get_session, id}}: does not extend the session. */
    record Get(String sessionId) implements Call<Lookup> {
        @Override
        public String toString() {
            return "Get[sessionId=<redacted>]";
        }
    }

    /** Logout: removes the session. */
    record Delete(String sessionId) implements Call<Lookup> {
        @Override
        public String toString() {
            return "Delete[sessionId=<redacted>]";
        }
    }

    /** Active and expired counts. */
    record Stats() implements Call<SessionStats> { }

    /** {@code {:refresh, id}} (a cast). */
    record Refresh(String sessionId) implements Serializable {
        @Override
        public String toString() {
            return "Refresh[sessionId=<redacted>]";
        }
    }

    /** {@code :cleanup_expired}: an info message, or a cast where there is no mailbox (cluster mode). */
    enum Cleanup { INSTANCE }

    private final Clock clock;
    private final Duration ttl;
    private final int maxCount;

    /** @param maxCount the most sessions held at once */
    SessionStoreServer(Clock clock, Duration ttl, int maxCount) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxCount = maxCount;
    }

    @Override
    public Init<SessionTable> init() {
        return Init.ok(new SessionTable(ttl));
    }

    @Override
    public CallResult<SessionTable> handleCall(Call<?> request, From from, SessionTable table) {
        return switch (request) {
            case Create create -> create.reply(create(create, table), table);
            case Get get -> get.reply(table.get(get.sessionId(), clock.instant()), table);
            case Delete delete -> delete.reply(table.remove(delete.sessionId(), clock.instant()), table);
            case Stats stats -> stats.reply(table.stats(clock.instant()), table);
            default -> GenServer.super.handleCall(request, from, table);
        };
    }

    @Override
    public Result<SessionTable> handleCast(Object message, SessionTable table) {
        return switch (message) {
            case Refresh refresh -> {
                table.refresh(refresh.sessionId(), clock.instant());
                yield Result.noreply(table);
            }
            case Cleanup cleanup -> cleanup(table);
            default -> GenServer.super.handleCast(message, table);
        };
    }

    @Override
    public Result<SessionTable> handleInfo(Object message, SessionTable table) {
        return message == Cleanup.INSTANCE ? cleanup(table) : GenServer.super.handleInfo(message, table);
    }

    @Override
    public Object formatStatus(SessionTable table) {
        return table.status();
    }

    private Result<SessionTable> cleanup(SessionTable table) {
        int removed = table.sweep(clock.instant());
        LOG.log(System.Logger.Level.DEBUG, "session cleanup removed {0} expired sessions", removed);
        return Result.noreply(table);
    }

    /** A new session; when the table is full, expired sessions are dropped first (O(expired)) to make room. */
    private Creation create(Create create, SessionTable table) {
        if (table.contains(create.sessionId())) {
            return new Creation.IdTaken();
        }
        Instant now = clock.instant();
        if (table.size() >= maxCount) {
            table.sweep(now);
            if (table.size() >= maxCount) {
                return new Creation.Full();
            }
        }
        return new Creation.Created(table.create(create.sessionId(), create.userId(), now));
    }
}
