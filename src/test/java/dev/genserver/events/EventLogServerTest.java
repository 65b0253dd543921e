package dev.genserver.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.StringNode;

class EventLogServerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final ProcessRuntime runtime = ProcessRuntime.create();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void castEvents_areReadNewestFirst_withinCapacity_andCountedForever() {
        Pid log = runtime.start(new EventLogServer(2, 10, Long.MAX_VALUE));
        Event alice = new Event("login", StringNode.valueOf("alice"), T0);
        Event logout = new Event("logout", NullNode.getInstance(), T0.plusSeconds(5));
        Event bob = new Event("login", StringNode.valueOf("bob"), T0.plusSeconds(10));

        log.cast(new EventLogServer.Log(alice, 0));
        log.cast(new EventLogServer.Log(logout, 0));
        log.cast(new EventLogServer.Log(bob, 0));

        assertThat(log.call(new EventLogServer.Newest(50))).containsExactly(bob, logout);
        assertThat(log.call(new EventLogServer.Newest(1))).containsExactly(bob);
        assertThat(log.call(new EventLogServer.Stats()))
                .isEqualTo(new EventStats(3, Map.of("login", 2L, "logout", 1L)));
    }
}
