package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * A monitor lives as long as both ends: a long-lived process watched by many short-lived ones must not collect
 * references to watchers that are gone.
 */
class MonitorBookkeepingTest {

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Test
    void watchersThatExit_leaveNothingBehindOnTheTarget() {
        try (ProcessRuntime runtime = Fixtures.runtime(new ManualTimers())) {
            Pid target = runtime.start(new Probe("target", events));
            List<Pid> watchers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Pid watcher = runtime.start(new Probe("watcher", events));
                runtime.monitor(watcher, target);
                watchers.add(watcher);
            }
            assertThat(((ProcessCell) target).watcherCount()).isEqualTo(100);

            for (Pid watcher : watchers.subList(0, 60)) {
                runtime.stop(watcher, ExitReason.NORMAL, Fixtures.PATIENCE);
            }
            runtime.kill(watchers.get(60));

            assertThat(((ProcessCell) target).watcherCount()).isEqualTo(39);
        }
    }

    /**
     * ERTS gives a process monitoring itself a reference and no monitor (bif.c, local_pid_monitor: {@code if (target
     * == p->common.id) return ret;}); on OTP 25 {@code Process.demonitor(ref, [:info])} of it answers false. Each one
     * was kept here, so a process that monitored itself in a loop grew without bound.
     */
    @Test
    void aProcessMonitoringItself_getsAReferenceAndNoMonitor() {
        try (ProcessRuntime runtime = Fixtures.runtime(new ManualTimers())) {
            Pid itself = runtime.start(new Probe("itself", events));
            MonitorRef ref = runtime.monitor(itself, itself);

            assertThat(((ProcessCell) itself).watcherCount()).isZero();
            assertThat(runtime.demonitor(ref)).as("no monitor was active").isFalse();
            runtime.stop(itself, ExitReason.NORMAL, Fixtures.PATIENCE);
            assertThat(events.stream().filter(e -> e instanceof Probe.Info info && info.message() instanceof Down))
                    .isEmpty();
        }
    }

    @Test
    void demonitor_dropsTheMonitorAtBothEnds_andATargetExitStillReachesTheOthers() {
        try (ProcessRuntime runtime = Fixtures.runtime(new ManualTimers())) {
            Pid target = runtime.start(new Probe("target", events));
            Pid dropping = runtime.start(new Probe("dropping", events));
            Pid keeping = runtime.start(new Probe("keeping", events));
            MonitorRef dropped = runtime.monitor(dropping, target);
            MonitorRef kept = runtime.monitor(keeping, target);

            assertThat(runtime.demonitor(dropped)).isTrue();
            assertThat(((ProcessCell) target).watcherCount()).isEqualTo(1);
            runtime.stop(target, ExitReason.NORMAL, Fixtures.PATIENCE);

            Down down = Fixtures.takeInfo(events, Down.class);
            assertThat(down.ref()).isSameAs(kept);
            runtime.stop(keeping, ExitReason.NORMAL, Fixtures.PATIENCE);
            runtime.stop(dropping, ExitReason.NORMAL, Fixtures.PATIENCE);
            assertThat(events.stream().filter(e -> e instanceof Probe.Info info && info.message() instanceof Down))
                    .as("the dropped monitor sent nothing").isEmpty();
        }
    }

    @Test
    void aMonitorSetByAWatcherThatHasExited_isNotKept() {
        try (ProcessRuntime runtime = Fixtures.runtime(new ManualTimers())) {
            Pid target = runtime.start(new Probe("target", events));
            Pid gone = runtime.start(new Probe("gone", events));
            runtime.stop(gone, ExitReason.NORMAL, Fixtures.PATIENCE);

            runtime.monitor(gone, target);

            assertThat(((ProcessCell) target).watcherCount()).isZero();
        }
    }
}
