package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.breaker.CircuitBreakerClients;
import dev.genserver.breaker.CircuitBreakers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Circuit breakers replicated on three members: one breaker per name whichever member is asked, and, with no
 * timers, the open and trial periods end lazily at the time the next message carries, so an open breaker whose
 * owner is terminated still half-opens on time, and a trial that never reports still re-opens it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedCircuitBreakersTest {

    private static final Duration OPEN = Duration.ofSeconds(30);

    private final ServiceCluster<CircuitBreakers> breakers = new ServiceCluster<>(
            (directory, clock) -> CircuitBreakerClients.on(directory, clock, 3, OPEN));

    @AfterAll
    void close() {
        breakers.close();
    }

    @Test
    void failuresReportedThroughEveryMember_openTheOneBreakerOfTheName_forEveryMember() {
        for (int i = 0; i < 3; i++) {
            breakers.on(i).failure("shared");
        }

        assertThat(breakers.all()).allSatisfy(b -> {
            assertThat(String.valueOf(b.status("shared"))).isEqualTo("BreakerStatus[phase=OPEN, failures=3]");
            assertThat(String.valueOf(b.acquire("shared"))).isEqualTo("Refused[phase=OPEN, retryAfter=PT30S]");
        });
    }

    @Test
    void aTrialAdmittedByOneMember_isOutForEveryOther() {
        for (int i = 0; i < 3; i++) {
            breakers.on(0).failure("trial");
        }
        breakers.time.advance(OPEN);

        assertThat(String.valueOf(breakers.on(1).acquire("trial"))).isEqualTo("Admitted[phase=HALF_OPEN]");
        assertThat(String.valueOf(breakers.on(2).acquire("trial")))
                .isEqualTo("Refused[phase=HALF_OPEN, retryAfter=PT1S]");
        breakers.on(0).success("trial");
        assertThat(String.valueOf(breakers.on(2).status("trial")))
                .isEqualTo("BreakerStatus[phase=CLOSED, failures=0]");
    }

    @Test
    @Order(Integer.MAX_VALUE) // terminates a member: last
    void anOpenBreaker_stillHalfOpensOnTime_andItsTrialStillExpires_afterItsOwnerIsTerminated() {
        for (int i = 0; i < 3; i++) {
            breakers.on(i).failure("failover");
        }

        List<CircuitBreakers> survivors = breakers.terminateOwnerOf("failover");

        breakers.time.advance(OPEN.minusMillis(1));
        assertThat(String.valueOf(survivors.get(0).acquire("failover")))
                .isEqualTo("Refused[phase=OPEN, retryAfter=PT0.001S]");
        breakers.time.advance(Duration.ofMillis(1));
        assertThat(String.valueOf(survivors.get(1).acquire("failover"))).isEqualTo("Admitted[phase=HALF_OPEN]");
        breakers.time.advance(OPEN);
        assertThat(survivors).allSatisfy(b -> assertThat(String.valueOf(b.status("failover")))
                .isEqualTo("BreakerStatus[phase=OPEN, failures=3]"));
    }
}
