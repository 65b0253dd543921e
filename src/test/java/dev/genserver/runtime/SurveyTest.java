package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * The read-only introspection an observer computes its views from: {@link ProcessRuntime#survey} (every process's
 * counts in one pass, no message), {@link ProcessRuntime#children} (a page of a supervisor's children) and
 * {@link SupervisionReport#dynamic()}.
 */
class SurveyTest {

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    record Seen(long id, int mailbox, long handled, int restarts) { }

    private static long handled(ProcessStatistics statistics) {
        return statistics.calls() + statistics.casts() + statistics.infos();
    }

    @Test
    void survey_showsEveryProcessOldestFirst_withWhatASuspendedOneHasQueued_withoutAMessageToAny() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid first = runtime.start(new Probe("first", events));
            Pid second = runtime.start(new Probe("second", events));
            runtime.suspend(second, Fixtures.PATIENCE);
            second.cast("one");
            second.cast("two");
            long handledBefore = handled(runtime.statistics(second));
            long processedBefore = runtime.statistics(second).processed();

            List<Seen> seen = new ArrayList<>();
            runtime.survey((pid, mailbox, handled, restarts) ->
                    seen.add(new Seen(pid.id(), mailbox, handled, restarts)));

            assertThat(seen).containsExactly(new Seen(first.id(), 0, handled(runtime.statistics(first)), 0),
                    new Seen(second.id(), 2, handledBefore, 0));
            assertThat(runtime.statistics(second).processed()).as("the survey sent nothing")
                    .isEqualTo(processedBefore);
        }
    }

    @Test
    void children_pagesADynamicSupervisorsChildrenInStartOrder_skippingOtherProcesses() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor pool = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.DEFAULTS);
            List<Pid> children = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                children.add(pool.startChild(ChildSpec.temporary("c" + i, () -> new Probe("child", events))));
                runtime.start(new Probe("not a child", events));
            }

            List<ProcessInfo> firstPage = runtime.children(pool.pid(), 0, 2);
            List<ProcessInfo> rest = runtime.children(pool.pid(), firstPage.getLast().pid().id(), 10);

            assertThat(firstPage).extracting(ProcessInfo::pid).containsExactlyElementsOf(children.subList(0, 2));
            assertThat(rest).extracting(ProcessInfo::pid).containsExactlyElementsOf(children.subList(2, 5));
            assertThat(runtime.supervision(pool.pid()).orElseThrow().dynamic()).isTrue();
        }
    }

    @Test
    void aStaticSupervisor_isNotDynamic() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(3, Duration.ofSeconds(5)), StartOptions.DEFAULTS);

            assertThat(runtime.supervision(root.pid()).orElseThrow().dynamic()).isFalse();
        }
    }
}
