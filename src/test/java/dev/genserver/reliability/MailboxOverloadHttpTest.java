package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.Deadline;
import dev.genserver.testing.HoldableCounter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * A process whose mailbox is full refuses casts and calls over HTTP at once with 503 {@code overloaded} and
 * {@code Retry-After}, loses nothing it had queued, and serves again once it has caught up.
 */
@ReliabilityTest
class MailboxOverloadHttpTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private OverloadGate.GateController gate;

    @Test
    void fullMailbox_isOverloadedWithRetryAfter_andEveryQueuedMessageIsHandled() throws Exception {
        int before = count();
        HoldableCounter.Hold hold = HoldableCounter.Hold.newHold();
        gate.gate().cast(hold);
        assertThat(hold.entered().await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < OverloadGate.CAPACITY; i++) {
            client.post().uri("/test/gate").exchange().expectStatus().isAccepted();
        }

        var refusedCast = client.post().uri("/test/gate").exchange().returnResult();
        var refusedCall = client.get().uri("/test/gate").exchange().returnResult();
        hold.release().countDown();

        for (var refused : java.util.List.of(refusedCast, refusedCall)) {
            Problems.assertProblem(refused, 503, "overloaded");
            assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        }
        Deadline.until("the queue is handled", () -> client.get().uri("/test/gate").exchange().returnResult()
                .getStatus().value() == 200);
        assertThat(count()).as("every queued message handled, the refused one not").isEqualTo(
                before + OverloadGate.CAPACITY);
    }

    private int count() {
        return client.get().uri("/test/gate").exchange().expectStatus().isOk().returnResult(Integer.class)
                .getResponseBody();
    }
}
