package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.genserver.cluster.KeptAnswers.Kept;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A member's account of the answers it stored: what it has forgotten past the byte bound, and in which order. */
class KeptAnswersTest {

    private static final Duration TTL = Duration.ofHours(24);

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final KeptAnswers kept = new KeptAnswers(3_000, TTL, clock);

    @Test
    void pastTheBound_theOldestAreForgottenFirst_withTheTokenThatStoredThem() {
        assertThat(kept.add("a", "token-a", 1_000)).isEmpty();
        assertThat(kept.add("b", "token-b", 1_000)).isEmpty();
        assertThat(kept.add("c", "token-c", 1_000)).as("exactly at the bound").isEmpty();

        assertThat(kept.add("d", "token-d", 1_500)).extracting(Kept::key, Kept::token)
                .containsExactly(tuple("a", "token-a"), tuple("b", "token-b"));
        assertThat(kept.bytes()).isEqualTo(2_500);
    }

    /** It used to push out every other answer before it went itself. */
    @Test
    void anAnswerLargerThanTheBoundAlone_isForgottenItself_andNoOther() {
        kept.add("a", "token-a", 1_000);

        assertThat(kept.add("huge", "token-h", 3_001)).extracting(Kept::key, Kept::token)
                .containsExactly(tuple("huge", "token-h"));
        assertThat(kept.bytes()).isEqualTo(1_000);
    }

    @Test
    void answersPastTheirTimeToLive_leaveTheAccount_withoutBeingForgottenAgain() {
        kept.add("a", "token-a", 2_000);
        clock.advance(TTL.minusMillis(1));
        kept.add("b", "token-b", 500);
        clock.advance(Duration.ofMillis(1)); // a's time to live is over: the map dropped it by itself

        assertThat(kept.add("c", "token-c", 2_000)).as("a no longer counts; nothing to forget").isEmpty();
        assertThat(kept.bytes()).isEqualTo(2_500);

        clock.advance(TTL);
        assertThat(kept.bytes()).as("the gauge's figure, with no answer stored since").isZero();
    }

    @Test
    void aKeyStoredUnderAnew_countsOnce_asTheNewest() {
        kept.add("a", "token-a1", 1_000);
        kept.add("b", "token-b", 1_000);
        kept.add("a", "token-a2", 1_500); // a's first entry expired early (the map's count bound), and a came back

        assertThat(kept.bytes()).isEqualTo(2_500);
        assertThat(kept.add("c", "token-c", 1_000)).as("b is now the oldest").extracting(Kept::key)
                .containsExactly("b");
    }

    @Test
    void aBoundOrTimeToLiveThatIsNotPositive_isRefused() {
        assertThatThrownBy(() -> new KeptAnswers(0, TTL, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeptAnswers(1, Duration.ZERO, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
