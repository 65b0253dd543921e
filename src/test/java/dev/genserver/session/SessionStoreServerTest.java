package dev.genserver.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.testing.JulRecords;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed's SessionStore protocol, in a runtime of its own, with a clock the test moves. */
class SessionStoreServerTest {

    private static final Duration TTL = Duration.ofSeconds(60);

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final AtomicInteger ids = new AtomicInteger();
    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Pid store = runtime.start(new SessionStoreServer(clock, TTL, 1000));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void create_thenGet_returnsTheSessionWithTimestampsFromTheClock() {
        Session created = create("u1");

        assertThat(created.userId()).isEqualTo("u1");
        assertThat(created.createdAt()).isEqualTo(clock.instant()).isEqualTo(created.lastAccessed());
        assertThat(get(created.id())).isEqualTo(new Lookup.Found(created));
    }

    @Test
    void get_afterTheTtl_isExpiredOnce_thenNotFound() {
        Session session = create("u1");
        clock.advance(TTL.plusSeconds(1));

        assertThat(get(session.id())).isInstanceOf(Lookup.Expired.class);
        assertThat(get(session.id())).isInstanceOf(Lookup.NotFound.class);
        assertThat(stats()).isEqualTo(new SessionStats(0, 1));
    }

    @Test
    void refresh_extendsTheSession_fromTheMomentOfTheRefresh() {
        Session session = create("u1");
        clock.advance(Duration.ofSeconds(50));
        store.cast(new SessionStoreServer.Refresh(session.id()));
        stats(); // a call from the same sender is handled after the cast: the refresh has happened at t = 50 s
        clock.advance(Duration.ofSeconds(50));

        assertThat(get(session.id())).isInstanceOfSatisfying(Lookup.Found.class, found -> assertThat(
                found.session().lastAccessed()).isEqualTo(session.createdAt().plusSeconds(50)));
    }

    @Test
    void refresh_ofAnExpiredSession_doesNotReviveIt() {
        Session session = create("u1");
        clock.advance(TTL.plusSeconds(1));
        store.cast(new SessionStoreServer.Refresh(session.id()));

        assertThat(get(session.id())).isInstanceOf(Lookup.NotFound.class);
    }

    @Test
    void cleanupInfo_removesExpiredSessions_andKeepsLiveOnes() {
        assertCleanupRemovesTheExpiredSession(() -> store.send(SessionStoreServer.Cleanup.INSTANCE));
    }

    @Test
    void cleanupCast_removesExpiredSessions_asTheInfoDoes() {
        // what a replicated store receives, having no mailbox
        assertCleanupRemovesTheExpiredSession(() -> store.cast(SessionStoreServer.Cleanup.INSTANCE));
    }

    /**
     * A message other than the cleanup is logged and dropped, as by {@code use GenServer}'s {@code handle_info}: the
     * guide's module, matching {@code :cleanup_expired} alone, would crash on it and restart with no session.
     */
    @Test
    void aStrayMessage_isLoggedAndDropped_andEverySessionKept() {
        Session kept = create("u1");

        try (JulRecords log = JulRecords.of(GenServer.class)) {
            store.send("stray");
            assertThat(stats()).isEqualTo(new SessionStats(1, 0)); // handled after the message, from the same sender
            assertThat(log.messages()).singleElement().asString().contains("unexpected info message");
        }
        assertThat(store.isAlive()).isTrue();
        assertThat(get(kept.id())).isEqualTo(new Lookup.Found(kept));
    }

    @Test
    void delete_removesTheSession_andAnUnknownOneIsNotFound() {
        Session session = create("u1");

        assertThat(store.call(new SessionStoreServer.Delete(session.id()))).isInstanceOf(Lookup.Found.class);
        assertThat(store.call(new SessionStoreServer.Delete(session.id()))).isInstanceOf(Lookup.NotFound.class);
        assertThat(stats()).isEqualTo(new SessionStats(0, 0));
    }

    @Test
    void create_withTheIdOfALiveSession_isIdTaken_andTheSessionHoldingItIsUntouched() {
        Session held = create("a");

        assertThat(store.call(new SessionStoreServer.Create(held.id(), "b"))).isEqualTo(new Creation.IdTaken());
        assertThat(get(held.id())).isEqualTo(new Lookup.Found(held));
        assertThat(stats()).isEqualTo(new SessionStats(1, 0));
    }

    @Test
    void create_usesTheIdTheCallerDrew() {
        assertThat(store.call(new SessionStoreServer.Create("drawn-by-caller", "u1")))
                .isInstanceOfSatisfying(Creation.Created.class, created ->
                        assertThat(created.session().id()).isEqualTo("drawn-by-caller"));
    }

    @Test
    void messages_neverShowSessionOrUserIds() {
        assertThat(new SessionStoreServer.Refresh("sid-secret").toString()).doesNotContain("secret");
        assertThat(new SessionStoreServer.Get("sid-secret").toString()).doesNotContain("secret");
        assertThat(new SessionStoreServer.Delete("sid-secret").toString()).doesNotContain("secret");
        assertThat(new SessionStoreServer.Create("sid-secret", "user-secret").toString()).doesNotContain("secret");
        assertThat(create("user-secret").toString()).doesNotContain("secret").doesNotContain("id-");
    }

    @Test
    void generatedIds_are128BitsOfUrlSafeBase64WithoutPadding() {
        assertThat(SessionStore.newId()).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(SessionStore.newId());
    }

    private void assertCleanupRemovesTheExpiredSession(Runnable cleanup) {
        Session old = create("u1");
        clock.advance(Duration.ofSeconds(30));
        Session young = create("u2");
        clock.advance(Duration.ofSeconds(31));

        cleanup.run();

        assertThat(runtime.status(store, Duration.ofSeconds(5)))
                .isEqualTo(Map.of("sessions", 1, "expired", 1L, "ttl", "PT1M"));
        assertThat(get(old.id())).isInstanceOf(Lookup.NotFound.class);
        assertThat(get(young.id())).isInstanceOf(Lookup.Found.class);
    }

    private Session create(String userId) {
        return ((Creation.Created) store.call(new SessionStoreServer.Create("id-" + ids.incrementAndGet(), userId)))
                .session();
    }

    private Lookup get(String id) {
        return store.call(new SessionStoreServer.Get(id));
    }

    private SessionStats stats() {
        return store.call(new SessionStoreServer.Stats());
    }
}
