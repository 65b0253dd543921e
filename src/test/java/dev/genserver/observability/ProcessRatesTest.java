package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.ProcessRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the process table's rates take their next survey, from what the last one cost. Both clocks are read when the
 * rates are asked for, and again when a survey ends.
 */
class ProcessRatesTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();

    @BeforeEach
    void startOne() {
        runtime.start(new Idle());
    }

    @AfterEach
    void close() {
        runtime.close();
    }

    /**
     * A survey of a few milliseconds of CPU that waited half a second for a core (or a GC pause) put the next 50 s
     * later, as it did the sampler's next chart point: the Msg/s column meanwhile showed the rates between two old
     * surveys.
     */
    @Test
    void aCheapSurveyThatWaitedForACore_isFollowedASecondAfterItBegan() {
        ProcessRates rates = new ProcessRates(runtime, readings(0, millis(500), millis(1000), millis(1001)),
                readings(0, millis(2), millis(2), millis(3)));

        ProcessRates.Rates first = rates.rates();
        ProcessRates.Rates second = rates.rates();

        assertThat(second.newer().atNanos()).isEqualTo(millis(1000));
        assertThat(second.older()).isSameAs(first.newer());
    }

    /** A million processes: a survey of 70 ms of CPU, the next 7 s after it began, so it costs 1 % of a core. */
    @Test
    void aSurveyWorkingPastItsBudget_spacesTheNextToKeepItsShare() {
        ProcessRates rates = new ProcessRates(runtime, readings(0, millis(70), millis(6999), millis(7000),
                millis(7070)), readings(0, millis(70), millis(70), millis(140)));

        ProcessRates.Rates first = rates.rates();
        assertThat(rates.rates()).as("asked for 6,999 ms after the survey began").isSameAs(first);
        ProcessRates.Rates third = rates.rates();

        assertThat(third.newer().atNanos()).isEqualTo(millis(7000));
        assertThat(third.older()).isSameAs(first.newer());
    }

    @Test
    void whereTheCpuTimeIsNotMeasured_theTimeFromStartToEndCounts() {
        ProcessRates rates = new ProcessRates(runtime, readings(0, millis(70), millis(6999), millis(7000),
                millis(7070)), () -> -1);

        ProcessRates.Rates first = rates.rates();
        assertThat(rates.rates()).isSameAs(first);
        assertThat(rates.rates().newer().atNanos()).isEqualTo(millis(7000));
    }

    /**
     * The surveys are asked for on virtual threads (a stream's sends, the requests), whose CPU time the JVM does not
     * measure (it answers -1): measured there, every survey would have counted its time from start to end.
     */
    @Test
    void aSurveyAskedForOnAVirtualThread_isTakenOnAPlatformThread_whoseCpuTimeIsMeasured() throws Exception {
        List<Boolean> readOnAVirtualThread = new CopyOnWriteArrayList<>();
        ProcessRates rates = new ProcessRates(runtime, () -> 0, () -> {
            readOnAVirtualThread.add(Thread.currentThread().isVirtual());
            return 0;
        });

        Thread.ofVirtual().start(rates::rates).join();

        assertThat(readOnAVirtualThread).containsExactly(false, false);
    }

    /**
     * Where the JVM measures no thread's CPU time (unsupported, or disabled), a platform thread started for the survey
     * would measure nothing: the survey is taken on the virtual thread that asked, spaced by its time from start to
     * end.
     */
    @Test
    void whereNoThreadsCpuTimeIsMeasured_aSurveyAskedForOnAVirtualThread_isTakenThere_spacedByItsTime()
            throws Exception {
        List<Boolean> readOnAVirtualThread = new CopyOnWriteArrayList<>();
        ProcessRates rates = new ProcessRates(runtime, readings(0, millis(70), millis(6999), millis(7000),
                millis(7070)), () -> {
                    readOnAVirtualThread.add(Thread.currentThread().isVirtual());
                    return -1;
                }, () -> false);
        List<ProcessRates.Rates> asked = new CopyOnWriteArrayList<>();

        Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 3; i++) {
                asked.add(rates.rates());
            }
        }).join();

        assertThat(readOnAVirtualThread).as("read where the two surveys were taken").containsExactly(true, true);
        assertThat(asked.get(1)).as("asked for 6,999 ms after the first began, which took 70 ms")
                .isSameAs(asked.get(0));
        assertThat(asked.get(2).newer().atNanos()).isEqualTo(millis(7000));
        assertThat(asked.get(2).older()).isSameAs(asked.get(0).newer());
    }

    /** A clock that reads {@code values} one after another, then the last one for ever. */
    private static LongSupplier readings(long... values) {
        AtomicInteger next = new AtomicInteger();
        return () -> values[Math.min(next.getAndIncrement(), values.length - 1)];
    }

    private static long millis(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }
}
