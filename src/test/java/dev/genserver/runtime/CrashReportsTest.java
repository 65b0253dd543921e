package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.JulRecords;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Crash reports held to a burst limit per service, as OTP's logger holds events: a client asking for crashes (a job
 * asked to fail, 500 of them a second in a log probe of the jar, each a 10-line trace) or a crash loop cannot fill
 * the log, nor keep another service's crashes out of it; a fatal error is always reported.
 */
class CrashReportsTest {

    /** What a System.Logger was asked to log: the message, and whether a trace came with it. */
    record Logged(String message, boolean withTrace) { }

    static final class Recording implements System.Logger {
        final List<Logged> logged = new ArrayList<>();

        @Override
        public String getName() {
            return "recording";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            logged.add(new Logged(message, thrown != null));
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            logged.add(new Logged(format, false));
        }
    }

    @Test
    void atMostTenASecondPerService_withTheirTraces_andTheNextReportSaysHowManyWentUnreported() {
        Recording log = new Recording();
        ManualTimers timers = new ManualTimers();
        CrashReports reports = new CrashReports(log, timers);

        for (int i = 0; i < 25; i++) {
            reports.report("jobs-worker", "crash " + i, new IllegalStateException("boom"));
        }
        timers.advance(Duration.ofNanos(999_999_999L));
        reports.report("jobs-worker", "crash 25", new IllegalStateException("boom"));
        reports.report("counter", "another service's crash", new IllegalStateException("boom"));
        reports.report("jobs-worker", "out of memory", new OutOfMemoryError());
        assertThat(log.logged).extracting(Logged::message).containsExactly("crash 0", "crash 1", "crash 2",
                "crash 3", "crash 4", "crash 5", "crash 6", "crash 7", "crash 8", "crash 9", "another service's crash",
                "16 crash reports of jobs-worker were not logged, past 10 a second; the crashes ran their course (see "
                        + "the process exit counts)", "out of memory");
        assertThat(log.logged).filteredOn(logged -> logged.message().startsWith("crash")).allMatch(Logged::withTrace);

        reports.report("jobs-worker", "crash 26", new IllegalStateException("boom"));
        timers.advance(Duration.ofNanos(1));
        reports.report("jobs-worker", "crash 27", new IllegalStateException("boom"));
        reports.report("jobs-worker", "crash 28", new IllegalStateException("boom"));

        assertThat(log.logged.subList(13, log.logged.size())).containsExactly(
                new Logged("1 crash report of jobs-worker was not logged, past 10 a second; the crashes ran their "
                        + "course (see the process exit counts)", false),
                new Logged("crash 27", true), new Logged("crash 28", true));
    }

    /**
     * A burst that ends says how many of its reports were held back a second after the first was, on the runtime's
     * clock, without waiting for another crash: the summary waited for the service's next crash, however late.
     */
    @Test
    void aBurstThatEnds_isSummarizedASecondAfterItsFirstHeldBackReport() {
        Recording log = new Recording();
        ManualTimers timers = new ManualTimers();
        CrashReports reports = new CrashReports(log, timers);
        for (int i = 0; i < 10; i++) {
            reports.report("jobs-worker", "crash " + i, new IllegalStateException("boom"));
        }
        timers.advance(Duration.ofMillis(400));
        for (int i = 10; i < 14; i++) {
            reports.report("jobs-worker", "crash " + i, new IllegalStateException("boom"));
        }

        assertThat(timers.advance(Duration.ofMillis(999))).isZero();
        assertThat(log.logged).hasSize(10);
        assertThat(timers.advance(Duration.ofMillis(1))).isOne();
        assertThat(log.logged.getLast()).isEqualTo(new Logged("4 crash reports of jobs-worker were not logged, "
                + "past 10 a second; the crashes ran their course (see the process exit counts)", false));
        reports.report("jobs-worker", "crash 14", new IllegalStateException("boom"));
        assertThat(log.logged.getLast()).isEqualTo(new Logged("crash 14", true)); // said once
    }

    /** A timer service that takes no more tasks fails no crash: the summary then comes with the next report. */
    @Test
    void aTimerServiceThatRefusesTheSummary_failsNoReport_andTheNextReportSaysIt() {
        Recording log = new Recording();
        ManualTimers clock = new ManualTimers();
        TimerService refusing = new TimerService() {
            @Override
            public TimerRef schedule(Runnable task, Duration delay) {
                throw new RejectedExecutionException("shut down");
            }

            @Override
            public long nanoTime() {
                return clock.nanoTime();
            }
        };
        CrashReports reports = new CrashReports(log, refusing);
        for (int i = 0; i < 12; i++) {
            reports.report("jobs-worker", "crash " + i, new IllegalStateException("boom"));
        }
        clock.advance(Duration.ofSeconds(1));
        reports.report("jobs-worker", "crash 12", new IllegalStateException("boom"));

        assertThat(log.logged.subList(10, log.logged.size())).extracting(Logged::message).containsExactly(
                "2 crash reports of jobs-worker were not logged, past 10 a second; the crashes ran their course (see "
                        + "the process exit counts)", "crash 12");
    }

    /** Through the runtime: fifteen processes crashing at one instant of its clock, ten reports, fifteen exits. */
    @Test
    void aRuntimesCrashes_areReportedThroughTheLimit_andAllRunTheirCourse() {
        ManualTimers timers = new ManualTimers();
        JulRecords cells = JulRecords.of(ProcessCell.class);
        try (cells; ProcessRuntime runtime = runtime(timers)) {
            List<Pid> crashed = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                Pid pid = runtime.start(new Probe());
                assertThatThrownBy(() -> pid.call(new Probe.Boom("asked to"))).isInstanceOf(ProcessExitException.class);
                crashed.add(pid);
            }
            assertThat(crashed).noneMatch(Pid::isAlive);
            timers.advance(Duration.ofSeconds(1));
            Pid last = runtime.start(new Probe());
            assertThatThrownBy(() -> last.call(new Probe.Boom("asked to"))).isInstanceOf(ProcessExitException.class);
        }
        List<String> messages = cells.records().stream().map(LogRecord::getMessage).toList();
        assertThat(messages).filteredOn(message -> message.endsWith("crashed")).hasSize(11);
        assertThat(messages).contains("5 crash reports of Probe were not logged, past 10 a second; the crashes ran "
                + "their course (see the process exit counts)");
    }
}
