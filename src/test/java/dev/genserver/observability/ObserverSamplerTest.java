package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long the sampler waits before its next chart point, from what the last one cost. */
class ObserverSamplerTest {

    /**
     * On a busy machine (two cores shared with a build, load average 8) a sample of 20,000 processes took a few
     * milliseconds of CPU but up to half a second from start to end, and the next came 50 s later: the overview's
     * charts showed gaps of 5 to 45 s while the page was watched.
     */
    @Test
    void aCheapSampleThatWaitedForACore_isFollowedASecondAfterItBegan() {
        assertThat(ObserverSampler.nextDelayNanos(millis(500), millis(2))).isEqualTo(millis(500));
    }

    /** A million processes: a walk of 30 ms of CPU, a point every 3 s, so it costs 1 % of a core. */
    @Test
    void aSampleWorkingPastItsBudget_spacesTheNextToKeepItsShare() {
        assertThat(ObserverSampler.nextDelayNanos(millis(30), millis(30))).isEqualTo(millis(2970));
    }

    @Test
    void aCheapSampleThatTookLongerThanASecond_isFollowedAtOnce() {
        assertThat(ObserverSampler.nextDelayNanos(millis(1500), millis(3))).isZero();
    }

    @Test
    void whereTheJvmCannotMeasureAThreadsCpuTime_theTimeFromStartToEndCounts() {
        assertThat(ObserverSampler.nextDelayNanos(millis(30), -1)).isEqualTo(millis(2970));
    }

    private static long millis(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
