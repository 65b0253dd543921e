package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.Refusal;
import org.junit.jupiter.api.Test;

class FailureTest {

    @Test
    void everyRefusalReason_hasAFailureWithTheSameError() {
        for (Refusal.Reason reason : Refusal.Reason.values()) {
            assertThat(Failure.of(reason).error()).isEqualTo(reason.error());
        }
    }

    @Test
    void retryAfter_isWholeSecondsRoundedUp_andAtLeastOne() {
        assertThat(Failure.retryAfterSeconds(java.time.Duration.ZERO)).isEqualTo("1");
        assertThat(Failure.retryAfterSeconds(java.time.Duration.ofMillis(1001))).isEqualTo("2");
    }
}
