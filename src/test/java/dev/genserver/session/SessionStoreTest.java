package dev.genserver.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.ProcessTrees;
import dev.genserver.app.Refusal;
import dev.genserver.keyed.LocalProcessDirectory;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The session store's client API draws the new sessions' ids, and draws again when one is taken. */
class SessionStoreTest {

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final ProcessRuntime runtime = ProcessRuntime.create();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void create_drawsAnotherId_whenTheOneDrawnIsTaken() {
        SessionStore sessions = store(List.of("same", "same", "fresh").iterator());

        assertThat(sessions.create("a").id()).isEqualTo("same");
        assertThat(sessions.create("b").id()).isEqualTo("fresh");
        assertThat(sessions.get("same").userId()).isEqualTo("a");
    }

    @Test
    void create_givesUp_whenEveryIdDrawnIsTaken() {
        SessionStore sessions = store(List.of("same", "same", "same", "same").iterator());
        sessions.create("a");

        assertThatThrownBy(() -> sessions.create("b")).isInstanceOf(IllegalStateException.class);
        assertThat(sessions.stats()).isEqualTo(new SessionStats(1, 0));
    }

    @Test
    void cleanup_isRequestedOfAStoreInThisInstance() {
        SessionStore sessions = store(Stream.generate(SessionStore::newId).iterator());
        String id = sessions.create("a").id();
        clock.advance(Duration.ofSeconds(61));

        sessions.requestCleanup();

        assertThatThrownBy(() -> sessions.get(id)).isInstanceOfSatisfying(Refusal.class, // swept, not expired
                refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.Reason.NOT_FOUND));
    }

    private SessionStore store(Iterator<String> ids) {
        return new SessionStore(new LocalProcessDirectory(ProcessTrees.in(runtime)),
                new SessionProperties(Duration.ofSeconds(60), null, 100), clock, ids::next);
    }
}
