package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A monitor set on a process that has exited, but whose exit is still being announced, is told of it only once its
 * name is free and it has left the table: erlang unregisters a name when its process terminates, before its
 * {@code DOWN}s go (and the {@link Registry}'s javadoc promises the same), so a watcher's send to that name on its
 * {@code DOWN} fails, and its lookup finds nobody.
 *
 * <p>A process killed through a link, inside another's exit, is such a process: it is marked dead at once and
 * announced once the first exit is. The first one's exit listener monitors it then, and holds the announcement
 * until the watcher has handled the {@link Down}: what the watcher sees is what any watcher could have seen.
 */
class MonitorOfAnExitingProcessTest {

    private static final Registry REGISTRY = Registry.create("monitor-of-an-exiting-process");
    private static final Name LINKED = Name.via(REGISTRY, "linked");

    /** What the watcher saw when it handled the {@link Down}. */
    record Seen(Down down, boolean nameHeld, boolean inTheTable) { }

    @Test
    void aMonitorOfAProcessDyingThroughALink_tellsOfItsExitOnlyOnceItsNameIsFree() throws Exception {
        AtomicReference<ProcessRuntime> runtime = new AtomicReference<>();
        AtomicReference<Pid> parent = new AtomicReference<>();
        AtomicReference<Pid> linked = new AtomicReference<>();
        AtomicReference<Pid> watcher = new AtomicReference<>();
        BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
        AtomicReference<Seen> seenWhileAnnouncing = new AtomicReference<>();
        RuntimeListener monitorsTheLinkedOnTheParentsExit = new RuntimeListener() {
            @Override
            public void processExited(Pid pid, ExitReason reason) {
                if (pid.equals(parent.get())) {
                    assertThat(linked.get().isAlive()).as("killed through the link, announced after this").isFalse();
                    runtime.get().monitor(watcher.get(), linked.get());
                    try {
                        seenWhileAnnouncing.set(seen.poll(10, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        try (ProcessRuntime processes = ProcessRuntime.create(RuntimeOptions.defaults()
                .withTimers(new ManualTimers()).withListener(monitorsTheLinkedOnTheParentsExit))) {
            runtime.set(processes);
            watcher.set(processes.start(new Watcher(seen)));
            parent.set(processes.start(new Probe()));
            linked.set(Fixtures.startLinked(processes, new Probe(), StartOptions.named(LINKED), parent.get()));

            processes.kill(parent.get());

            Seen told = seenWhileAnnouncing.get();
            assertThat(told).as("the watcher told while the parent's exit was announced").isNotNull();
            assertThat(told.down().pid()).isEqualTo(linked.get());
            assertThat(told.down().reason().toString()).contains("noproc");
            assertThat(told.nameHeld()).as("its name still held when the watcher was told").isFalse();
            assertThat(told.inTheTable()).as("still in the table when the watcher was told").isFalse();
        }
    }

    /** Records what a {@link Down} finds: the name of the process it tells of, and the table's entry. */
    private record Watcher(BlockingQueue<Seen> seen) implements GenServer<Long> {

        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }

        @Override
        public Result<Long> handleInfo(Object message, Long state) {
            if (message instanceof Down down) {
                ProcessRuntime runtime = Self.runtime();
                seen.add(new Seen(down, REGISTRY.keys().contains("linked") || runtime.whereis(LINKED).isPresent(),
                        runtime.find(down.pid().id()).isPresent()));
            }
            return Result.noreply(state);
        }
    }
}
