package dev.genserver.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.genserver.idempotency.IdempotencyProperties;
import dev.genserver.web.WebLimitsProperties;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Request bodies and kept answers, each allowed half the heap, may not take more than half of it together: both set
 * near their own bounds started, and could fill the heap between them.
 */
class HeapBudgetsTest {

    private static final long HEAP = Runtime.getRuntime().maxMemory();

    @Test
    void bothNearTheirOwnBound_refuseToStart_namingBoth() {
        assertThatIllegalStateException().isThrownBy(() -> HeapBudgets.check(bodies(HEAP * 2 / 5),
                answers(HEAP * 2 / 5), HEAP)).withMessageContaining("genserver.web.max-buffered-bodies")
                .withMessageContaining("genserver.idempotency.max-bytes").withMessageContaining(HEAP / 2 + " bytes");
    }

    @Test
    void theDefaults_andTwoThatFitTogether_start() {
        assertThatCode(() -> HeapBudgets.check(bodies(null), answers(null), HEAP)).doesNotThrowAnyException();
        assertThatCode(() -> HeapBudgets.check(bodies(HEAP / 4), answers(HEAP / 4), HEAP))
                .doesNotThrowAnyException();
    }

    private static WebLimitsProperties bodies(Long bytes) {
        return new WebLimitsProperties(DataSize.ofMegabytes(1), 0.85, bytes == null ? null : DataSize.ofBytes(bytes),
                Duration.ofSeconds(30), List.of());
    }

    private static IdempotencyProperties answers(Long bytes) {
        return new IdempotencyProperties(10_000, Duration.ofHours(24), bytes == null ? null : DataSize.ofBytes(bytes));
    }
}
