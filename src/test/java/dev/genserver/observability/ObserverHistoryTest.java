package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.ServiceSnapshot;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The charts' points: messages per second from counts, a second's p99 from two cumulative histograms. */
class ObserverHistoryTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final ObserverHistory history = new ObserverHistory(runtime);
    private final Timer wait = Timer.builder("wait").serviceLevelObjectives(Duration.ofMillis(1),
            Duration.ofMillis(10), Duration.ofMillis(100))
            .register(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void messagesPerSecond_isTheDifferenceOfTheCountsOverTheTimeBetween() {
        history.sample(1_000, 0, Map.of("a", snapshot("a", 100)), Map.of());
        history.sample(2_000, 2_000_000_000L, Map.of("a", snapshot("a", 300)), Map.of());

        ObserverHistory.Series series = history.series();

        assertThat(series.at()).containsExactly(1_000L, 2_000L);
        assertThat(series.messagesPerSecond()).containsExactly(null, 100.0);
    }

    @Test
    void theP99OfASecond_isTheBucketItFallsIn_countingOnlyWhatWasRecordedThatSecond() {
        for (int i = 0; i < 1000; i++) {
            wait.record(Duration.ofMillis(50)); // before: must not count
        }
        HistogramSnapshot before = wait.takeSnapshot();
        for (int i = 0; i < 99; i++) {
            wait.record(Duration.ofNanos(500_000));
        }
        wait.record(Duration.ofMillis(5));

        assertThat(ObserverHistory.p99Millis(before, wait.takeSnapshot())).isEqualTo(1.0);
        wait.record(Duration.ofMillis(5));
        assertThat(ObserverHistory.p99Millis(before, wait.takeSnapshot())).isEqualTo(10.0);
        assertThat(ObserverHistory.p99Millis(wait.takeSnapshot(), wait.takeSnapshot())).as("nothing recorded")
                .isNull();
    }

    /**
     * A p99 past the largest bucket is given as its bound and marked, for the chart's "≥"; one inside the largest
     * bucket has the same bound and is not.
     */
    @Test
    void aP99PastTheLargestBucket_isItsBound_markedAsPastIt() {
        HistogramSnapshot start = wait.takeSnapshot();
        history.sample(1_000, 0, Map.of(), Map.of("slow", start));
        wait.record(Duration.ofMillis(80));
        history.sample(2_000, 1_000_000_000L, Map.of(), Map.of("slow", wait.takeSnapshot()));
        wait.record(Duration.ofSeconds(8));
        history.sample(3_000, 2_000_000_000L, Map.of(), Map.of("slow", wait.takeSnapshot()));

        ObserverHistory.Series series = history.series();
        assertThat(series.mailboxWaitP99Millis().get("slow")).containsExactly(null, 100.0, 100.0);
        assertThat(series.mailboxWaitPastLargestBucket()).containsExactly(Map.entry("slow", List.of(2)));
    }

    /**
     * A stream's events after its first carry the points since the last it sent, each series and each "past the
     * largest bucket" index cut alike: one second's point, not five minutes of them.
     */
    @Test
    void theSeriesAfterOneSent_isThePointsTakenSince_cutAlikeInEverySeries() {
        HistogramSnapshot start = wait.takeSnapshot();
        history.sample(1_000, 0, Map.of("a", snapshot("a", 0)), Map.of("slow", start));
        wait.record(Duration.ofSeconds(8));
        history.sample(2_000, 1_000_000_000L, Map.of("a", snapshot("a", 10)), Map.of("slow", wait.takeSnapshot()));
        ObserverHistory.Series sent = history.series();
        wait.record(Duration.ofMillis(5));
        history.sample(3_000, 2_000_000_000L, Map.of("a", snapshot("a", 30)), Map.of("slow", wait.takeSnapshot()));
        wait.record(Duration.ofSeconds(8));
        history.sample(4_000, 3_000_000_000L, Map.of("a", snapshot("a", 60)), Map.of("slow", wait.takeSnapshot()));

        ObserverHistory.Series news = history.series().after(sent);

        assertThat(sent.continues()).as("all there are").isNull();
        assertThat(news.continues()).isTrue();
        assertThat(news.at()).containsExactly(3_000L, 4_000L);
        assertThat(news.messagesPerSecond()).containsExactly(20.0, 30.0);
        assertThat(news.mailboxWaitP99Millis().get("slow")).containsExactly(10.0, 100.0);
        assertThat(news.mailboxWaitPastLargestBucket()).as("the index within these points")
                .containsExactly(Map.entry("slow", List.of(1)));
        assertThat(history.series().after(history.series()).at()).as("nothing taken since").isEmpty();
    }

    /** More points taken since the last sent than are kept: the page is sent them all, not a gap. */
    @Test
    void theSeriesAfterOneNoLongerAllKept_isAllThereAre() {
        history.sample(0, 0, Map.of(), Map.of());
        ObserverHistory.Series sent = history.series();
        for (int second = 1; second <= ObserverHistory.POINTS; second++) {
            history.sample(second * 1_000L, second * 1_000_000_000L, Map.of(), Map.of());
        }

        ObserverHistory.Series news = history.series().after(sent);

        assertThat(news.continues()).isNull();
        assertThat(news.at()).hasSize(ObserverHistory.POINTS).first().isEqualTo(1_000L);
    }

    /** A process's depths likewise; those of a later recording of it (forgotten, then opened again) are all sent. */
    @Test
    void theDepthsAfterOneSent_areThoseTakenSince_ofTheSameRecordingOnly() {
        Pid pid = runtime.start(new Idle());
        history.watch(pid, 0);
        history.sample(1_000, 1, Map.of(), Map.of());
        ObserverHistory.Depths sent = history.watch(pid, 2);
        history.sample(2_000, 3, Map.of(), Map.of());

        ObserverHistory.Depths news = history.watch(pid, 4).after(sent);
        assertThat(news.continues()).isTrue();
        assertThat(news.at()).containsExactly(2_000L);
        assertThat(news.mailbox()).containsExactly(0);

        for (int other = 0; other < ObserverHistory.MAX_OPENED; other++) {
            history.watch(runtime.start(new Idle()), 5); // opening these forgets the first
        }
        history.watch(pid, 6);
        history.sample(3_000, 7, Map.of(), Map.of());
        history.sample(4_000, 8, Map.of(), Map.of());
        ObserverHistory.Depths again = history.watch(pid, 9).after(news);
        assertThat(again.continues()).as("another recording, whose count of points started again").isNull();
        assertThat(again.at()).containsExactly(3_000L, 4_000L);
    }

    @Test
    void aServiceSeenLate_isPaddedSoItsPointsLineUpWithTheTimes() {
        history.sample(1_000, 0, Map.of(), Map.of());
        wait.record(Duration.ofNanos(500_000));
        history.sample(2_000, 1_000_000_000L, Map.of(), Map.of("late", wait.takeSnapshot()));

        assertThat(history.series().mailboxWaitP99Millis().get("late")).hasSize(2).first().isNull();
    }

    @Test
    void aWatchedProcess_hasItsMailboxDepthRecordedEachSample_untilItExits() {
        Pid pid = runtime.start(new Idle());
        runtime.suspend(pid, Duration.ofSeconds(5));
        history.watch(pid, 0);
        pid.cast("one");
        history.sample(1_000, 1, Map.of(), Map.of());
        pid.cast("two");
        history.sample(2_000, 2, Map.of(), Map.of());

        assertThat(history.watch(pid, 3).mailbox()).containsExactly(1, 2);
        runtime.kill(pid);
        history.sample(3_000, 4, Map.of(), Map.of());
        assertThat(history.watch(pid, 5).mailbox()).as("forgotten once exited, started afresh").isEmpty();
    }

    @Test
    void aWatchedProcessesRate_countsItsWork_notTheObserversReadsOfItsState() {
        Pid pid = runtime.start(new Idle());
        history.watch(pid, 0);
        history.sample(1_000, 1_000_000_000L, Map.of(), Map.of());
        for (int i = 0; i < 3; i++) {
            pid.send("tick");
        }
        runtime.status(pid, Duration.ofSeconds(5)); // after the ticks; a system message, as the page's reads are
        runtime.status(pid, Duration.ofSeconds(5));
        history.sample(2_000, 2_000_000_000L, Map.of(), Map.of());

        assertThat(history.watch(pid, 3).rate()).isEqualTo(3.0);
    }

    @Test
    void aProcessThatBacksUp_isRecordedFromThatSecond_beforeAnyoneOpensIt() {
        Pid quiet = runtime.start(new Idle());
        Pid busy = runtime.start(new Idle());
        runtime.suspend(busy, Duration.ofSeconds(5));
        history.sample(1_000, 1, Map.of(), Map.of()); // nothing waits yet: nothing recorded
        busy.cast("one");
        history.sample(2_000, 2, Map.of("idle", waiting(1)), Map.of());
        busy.cast("two");
        history.sample(3_000, 3, Map.of("idle", waiting(2)), Map.of());

        ObserverHistory.Depths opened = history.watch(busy, 4);
        assertThat(opened.at()).containsExactly(2_000L, 3_000L);
        assertThat(opened.mailbox()).containsExactly(1, 2);
        assertThat(history.watch(quiet, 5).mailbox()).as("never backed up, so recorded only from now").isEmpty();
    }

    @Test
    void onlyTheDeepestMailboxes_areRecordedUnopened() {
        int processes = ObserverHistory.BACKLOGS + 1;
        Pid[] pids = new Pid[processes];
        for (int i = 0; i < processes; i++) {
            pids[i] = runtime.start(new Idle());
            runtime.suspend(pids[i], Duration.ofSeconds(5));
            for (int message = 0; message <= i; message++) { // the i-th holds i + 1 messages
                pids[i].cast("backlog");
            }
        }
        history.sample(1_000, 1, Map.of("idle", waiting(processes)), Map.of());

        assertThat(history.watch(pids[0], 2).mailbox()).as("the shallowest").isEmpty();
        for (int i = 1; i < processes; i++) {
            assertThat(history.watch(pids[i], 2).mailbox()).containsExactly(i + 1);
        }
    }

    @Test
    void backlogsComingAndGoing_neverMakeItForgetAnOpenedProcess() {
        Pid opened = runtime.start(new Idle());
        history.watch(opened, 0);
        int samples = ObserverHistory.MAX_OPENED + ObserverHistory.MAX_BACKLOGGED; // ample to push out the opened
        for (int sample = 1; sample <= samples; sample++) {
            Pid backlog = runtime.start(new Idle());
            runtime.suspend(backlog, Duration.ofSeconds(5));
            for (int message = 0; message < sample; message++) { // each deeper than all before: a new top one
                backlog.cast("backlog");
            }
            history.sample(sample * 1_000L, sample, Map.of("idle", waiting(sample)), Map.of());
        }

        assertThat(history.watch(opened, samples + 1).mailbox()).hasSize(samples).containsOnly(0);
    }

    @Test
    void whileNoServiceReportsAWaitingMessage_nothingIsSurveyedForBacklogs() {
        Pid busy = runtime.start(new Idle());
        runtime.suspend(busy, Duration.ofSeconds(5));
        busy.cast("one");
        history.sample(1_000, 1, Map.of("idle", waiting(0)), Map.of());

        assertThat(history.watch(busy, 2).mailbox()).isEmpty();
    }

    private static ServiceSnapshot waiting(long messages) {
        return new ServiceSnapshot("idle", 1, messages, 0, 0, 0);
    }

    private static ServiceSnapshot snapshot(String service, long calls) {
        return new ServiceSnapshot(service, 1, 0, calls, 0, 0);
    }
}
