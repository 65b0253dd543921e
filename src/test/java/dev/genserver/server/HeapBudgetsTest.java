package dev.genserver.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.genserver.idempotency.IdempotencyProperties;
import dev.genserver.web.WebLimitsProperties;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;
import org.springframework.util.unit.DataSize;

/**
 * Request bodies and kept answers, each allowed half the heap, may not take more than half of it together: both set
 * near their own bounds started, and could fill the heap between them.
 */
class HeapBudgetsTest {

    private static final long HEAP = Runtime.getRuntime().maxMemory();

    @Test
    void bothNearTheirOwnBound_refuseToStart_namingBoth() {
        assertThatExceptionOfType(SettingsConflict.class).isThrownBy(() -> HeapBudgets.check(bodies(HEAP * 2 / 5),
                answers(HEAP * 2 / 5), HEAP, false)).withMessageContaining("genserver.web.max-buffered-bodies")
                .withMessageContaining("genserver.idempotency.max-bytes").withMessageContaining(HEAP / 2 + " bytes");
    }

    @Test
    void theDefaults_andTwoThatFitTogether_start() {
        assertThatCode(() -> HeapBudgets.check(bodies(null), answers(null), HEAP, false)).doesNotThrowAnyException();
        assertThatCode(() -> HeapBudgets.check(bodies(HEAP / 4), answers(HEAP / 4), HEAP, false))
                .doesNotThrowAnyException();
    }

    /** A cluster member holds about max-bytes of the answers it stored and as much again in backups. */
    @Test
    void inClusterMode_theAnswersCountTwice() {
        assertThatCode(() -> HeapBudgets.check(bodies(HEAP / 10), answers(HEAP / 4), HEAP, false))
                .doesNotThrowAnyException();
        assertThatExceptionOfType(SettingsConflict.class)
                .isThrownBy(() -> HeapBudgets.check(bodies(HEAP / 10), answers(HEAP / 4), HEAP, true))
                .withMessageContaining("counted twice in cluster mode");
        assertThatCode(() -> HeapBudgets.check(bodies(null), answers(null), HEAP, true)).doesNotThrowAnyException();
    }

    /** Boot's start-up failure report says what conflicts and what to change, not a bean's stack trace. */
    @Test
    void aConflict_isReportedAsBootReportsASettingItCannotBind() {
        // Boot's own analyzers need a context to be made: skipped
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation().load(
                FailureAnalyzer.class, FailureHandler.handleMessage((message, failure) -> { }));
        SettingsConflict conflict = new SettingsConflict("what conflicts", "what to change");

        FailureAnalysis analysis = analyzers.stream()
                .map(analyzer -> analyzer.analyze(new BeanCreationException("heapBudgets", "constructor threw",
                        conflict)))
                .filter(Objects::nonNull).findFirst().orElseThrow();

        assertThat(analysis.getDescription()).isEqualTo("what conflicts");
        assertThat(analysis.getAction()).isEqualTo("what to change");
    }

    private static WebLimitsProperties bodies(Long bytes) {
        return new WebLimitsProperties(DataSize.ofMegabytes(1), 0.85, bytes == null ? null : DataSize.ofBytes(bytes),
                Duration.ofSeconds(30), List.of());
    }

    private static IdempotencyProperties answers(Long bytes) {
        return new IdempotencyProperties(10_000, Duration.ofHours(24), bytes == null ? null : DataSize.ofBytes(bytes));
    }
}
