package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class BodyBudgetTest {

    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void reservesWhatFits_andRefusesWhatWouldPassTheCapacity_reservingNothing() {
        BodyBudget budget = new BodyBudget(100);

        assertThat(budget.tryReserve(60, 0)).isTrue();
        assertThat(budget.tryReserve(41, 0)).isFalse();
        assertThat(budget.held()).isEqualTo(60);
        assertThat(budget.tryReserve(40, 0)).isTrue();
        assertThat(budget.held()).isEqualTo(100);
    }

    @Test
    void aBodyReadInParts_isJudgedBesideTheOthers_notBesideItself() {
        BodyBudget budget = new BodyBudget(100);
        assertThat(budget.tryReserve(80, 0)).isTrue(); // the first bytes one body sent
        assertThat(budget.tryReserve(80, 80)).as("alone, a body may pass the capacity").isTrue();
        assertThat(budget.tryReserve(10, 0)).as("another body beside it may not").isFalse();
        budget.release(160);

        assertThat(budget.tryReserve(50, 0)).isTrue(); // another body
        assertThat(budget.tryReserve(40, 0)).isTrue(); // this one's first bytes
        assertThat(budget.tryReserve(20, 40)).as("its next bytes beside the other's 50").isFalse();
        assertThat(budget.held()).isEqualTo(90);
    }

    @Test
    void releasedBytes_admitTheNextBody() {
        BodyBudget budget = new BodyBudget(100);
        budget.tryReserve(100, 0);
        assertThat(budget.tryReserve(1, 0)).isFalse();

        budget.release(30); // what a read left unused: a body without a length that came in short of the limit

        assertThat(budget.tryReserve(30, 0)).isTrue();
        assertThat(budget.tryReserve(1, 0)).isFalse();
    }

    @Test
    void aBodyLargerThanTheCapacity_isAdmittedAlone_neverBesideAnother() {
        BodyBudget budget = new BodyBudget(100);

        assertThat(budget.tryReserve(500, 0)).isTrue();
        assertThat(budget.tryReserve(1, 0)).isFalse();
        budget.release(500);
        assertThat(budget.tryReserve(1, 0)).isTrue();
        assertThat(budget.tryReserve(500, 0)).isFalse();
    }

    @Test
    void manyThreads_neverHoldMoreThanFits_andGiveEverythingBack() throws Exception {
        BodyBudget budget = new BodyBudget(30); // three bodies of ten at once
        int threads = 8;
        int rounds = 20_000;
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                awaitQuietly(start);
                for (int i = 0; i < rounds; i++) {
                    if (budget.tryReserve(10, 0)) {
                        mostAtOnce.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        admitted.incrementAndGet();
                        holding.decrementAndGet();
                        budget.release(10);
                    }
                }
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(mostAtOnce.get()).isBetween(1, 3);
        assertThat(admitted.get()).isPositive();
        assertThat(budget.held()).isZero();
    }

    @Test
    void theGauges_readWhatIsHeld_andTheCapacity() {
        BodyBudget budget = new BodyBudget(2048);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        budget.bindTo(registry);
        budget.tryReserve(700, 0);

        assertThat(registry.get("genserver.web.buffered.bodies").gauge().value()).isEqualTo(700);
        assertThat(registry.get("genserver.web.buffered.bodies.max").gauge().value()).isEqualTo(2048);
    }

    @Test
    void theDefaultCapacity_isATwentiethOfTheHeap_unlessSet() {
        WebLimitsProperties unset = new WebLimitsProperties(DataSize.ofMegabytes(1), 0.85, null, BODY_TIMEOUT,
                List.of());
        WebLimitsProperties set = new WebLimitsProperties(DataSize.ofMegabytes(1), 0.85, DataSize.ofMegabytes(3),
                BODY_TIMEOUT, List.of());

        assertThat(unset.bufferedBodiesBytes(256L << 20)).isEqualTo((256L << 20) / 20);
        assertThat(set.bufferedBodiesBytes(256L << 20)).isEqualTo(3L << 20);
        assertThatThrownBy(() -> new WebLimitsProperties(DataSize.ofMegabytes(1), 0.85, DataSize.ofBytes(0),
                BODY_TIMEOUT, List.of())).hasMessageContaining("max-buffered-bodies must be positive");
    }

    @Test
    void aBodyTimeout_ofZeroOrLess_isRefusedAtStart() {
        assertThatThrownBy(() -> new WebLimitsProperties(DataSize.ofMegabytes(1), 0.85, null, Duration.ZERO,
                List.of()))
                .hasMessageContaining("body-timeout must be positive");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
