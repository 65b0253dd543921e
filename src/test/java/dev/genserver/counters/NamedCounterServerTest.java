package dev.genserver.counters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.Stop;
import dev.genserver.testing.IdleTimeouts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamedCounterServerTest {

    /** With an idle timeout, every result carries it (a stray info too), and the timeout stops the counter. */
    @Test
    void withAnIdleTimeout_everyResultCarriesIt_andTheTimeoutStopsTheCounterNormally() {
        Next idle = Next.timeout(Duration.ofMinutes(1));
        NamedCounterServer server = new NamedCounterServer(idle);

        assertThat(List.of(IdleTimeouts.nextOf(server.init()),
                IdleTimeouts.nextOf(server.handleCall(new NamedCounterServer.Increment(), null, 1L)),
                IdleTimeouts.nextOf(server.handleCall(new NamedCounterServer.Value(), null, 2L)),
                IdleTimeouts.nextOf(server.handleCast(NamedCounterServer.Reset.INSTANCE, 2L)),
                IdleTimeouts.nextOf(server.handleInfo("stray", 2L)))).containsOnly(idle);
        assertThat(server.handleInfo(IdleTimeout.INSTANCE, 2L)).isInstanceOfSatisfying(Stop.class,
                stop -> assertThat(stop.reason()).isEqualTo(ExitReason.NORMAL));
    }

    @Test
    void withoutOne_noResultAsksForATimeout() {
        NamedCounterServer server = new NamedCounterServer();

        assertThat(List.of(IdleTimeouts.nextOf(server.init()),
                IdleTimeouts.nextOf(server.handleCall(new NamedCounterServer.Increment(), null, 1L))))
                .containsOnly(Next.NONE);
    }
}
