package dev.genserver.session;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Result;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The seed's {@code SessionStore}. Unlike the seed, it schedules no timer of its own: Spring's scheduler sends
 * {@link Cleanup} (see {@code SessionCleanup}), and the sweep costs O(expired), not O(sessions)
 * ({@link SessionTable}).
 *
 * <pre>{@code
 * def handle_call({:create_session, user_id}, _, state)   case Create create -> create.reply(table.create(...))
 * def handle_call({:get_session, id}, _, state)           case Get get -> get.reply(table.get(id, now), table)
 * def handle_cast({:refresh, id}, state)                  case Refresh refresh -> table.refresh(id, now)
 * def handle_info(:cleanup_expired, state)                case Cleanup c -> table.sweep(now)
 * }</pre>
 *
 * Message records hide session ids and user ids from {@code toString}, since an unexpected message is logged.
 */
final class SessionStoreServer implements GenServer<SessionTable> {

    private static final System.Logger LOG = System.getLogger(SessionStoreServer.class.getName());

    /**
     * {@code {:create_session, user_id}}: replies with the new session, or empty when {@code maxCount} live
     * sessions exist.
     */
    record Create(String userId) implements Call<Optional<Session>> {
        @Override
        public String toString() {
            return "Create[userId=<redacted>]";
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
    record Refresh(String sessionId) {
        @Override
        public String toString() {
            return "Refresh[sessionId=<redacted>]";
        }
    }

    /** {@code :cleanup_expired} (an info message). */
    enum Cleanup { INSTANCE }

    private final Clock clock;
    private final Duration ttl;
    private final Supplier<String> ids;
    private final int maxCount;

    /**
     * @param ids      makes new session ids; collisions are retried (with 128 random bits they do not happen)
     * @param maxCount the most sessions held at once
     */
    SessionStoreServer(Clock clock, Duration ttl, Supplier<String> ids, int maxCount) {
        this.clock = clock;
        this.ttl = ttl;
        this.ids = ids;
        this.maxCount = maxCount;
    }

    @Override
    public Init<SessionTable> init() {
        return Init.ok(new SessionTable(ttl));
    }

    @Override
    public CallResult<SessionTable> handleCall(Call<?> request, From from, SessionTable table) {
        return switch (request) {
            case Create create -> create.reply(create(create.userId(), table), table);
            case Get get -> get.reply(table.get(get.sessionId(), clock.instant()), table);
            case Delete delete -> delete.reply(table.remove(delete.sessionId(), clock.instant()), table);
            case Stats stats -> stats.reply(table.stats(clock.instant()), table);
            default -> GenServer.super.handleCall(request, from, table);
        };
    }

    @Override
    public Result<SessionTable> handleCast(Object message, SessionTable table) {
        if (message instanceof Refresh refresh) {
            table.refresh(refresh.sessionId(), clock.instant());
            return Result.noreply(table);
        }
        return GenServer.super.handleCast(message, table);
    }

    @Override
    public Result<SessionTable> handleInfo(Object message, SessionTable table) {
        if (message == Cleanup.INSTANCE) {
            int removed = table.sweep(clock.instant());
            LOG.log(System.Logger.Level.DEBUG, "session cleanup removed {0} expired sessions", removed);
            return Result.noreply(table);
        }
        return GenServer.super.handleInfo(message, table);
    }

    @Override
    public Object formatStatus(SessionTable table) {
        return table.status();
    }

    /** A new session; when the table is full, expired sessions are dropped first (O(expired)) to make room. */
    private Optional<Session> create(String userId, SessionTable table) {
        Instant now = clock.instant();
        if (table.size() >= maxCount) {
            table.sweep(now);
            if (table.size() >= maxCount) {
                return Optional.empty();
            }
        }
        return Optional.of(table.create(newId(table), userId, now));
    }

    private String newId(SessionTable table) {
        String id = ids.get();
        while (table.contains(id)) {
            id = ids.get();
        }
        return id;
    }
}
