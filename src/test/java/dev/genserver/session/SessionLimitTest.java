package dev.genserver.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code genserver.sessions.max-count}: the store holds at most that many sessions, expired ones make room. */
class SessionLimitTest {

    private static final Duration TTL = Duration.ofSeconds(60);

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final AtomicInteger ids = new AtomicInteger();
    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Pid store = runtime.start(new SessionStoreServer(clock, TTL, 2));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void create_beyondMaxCount_isRefused_andTheLiveSessionsStay() {
        String first = created("u1").id();
        created("u2");

        assertThat(create("u3")).isInstanceOf(Creation.Full.class);
        assertThat(store.call(new SessionStoreServer.Get(first))).isInstanceOf(Lookup.Found.class);
        assertThat(store.call(new SessionStoreServer.Stats())).isEqualTo(new SessionStats(2, 0));
    }

    @Test
    void create_inAFullStore_dropsExpiredSessionsToMakeRoom() {
        created("u1");
        clock.advance(Duration.ofSeconds(30));
        String younger = created("u2").id();
        clock.advance(Duration.ofSeconds(31)); // the first is past its TTL, the second is not

        assertThat(create("u3")).isInstanceOf(Creation.Created.class);
        assertThat(store.call(new SessionStoreServer.Get(younger))).isInstanceOf(Lookup.Found.class);
        assertThat(store.call(new SessionStoreServer.Stats())).isEqualTo(new SessionStats(2, 1));
    }

    @Test
    void create_afterALogout_isAcceptedAgain() {
        String first = created("u1").id();
        created("u2");

        store.call(new SessionStoreServer.Delete(first));

        assertThat(create("u3")).isInstanceOf(Creation.Created.class);
    }

    private Creation create(String userId) {
        return store.call(new SessionStoreServer.Create("id-" + ids.incrementAndGet(), userId));
    }

    private Session created(String userId) {
        return ((Creation.Created) create(userId)).session();
    }
}
