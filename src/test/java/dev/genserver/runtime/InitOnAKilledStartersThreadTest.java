package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A process's {@code init} runs on the thread of the process that starts it. Killing that starter must not reach
 * the init: an unlinked child (GenServer.start from a process) lives on, and a linked one that traps exits finishes
 * its init and then takes its parent's exit signal, terminate and all. OTP 25 (elixir, Process.sleep(200) in init,
 * the starter killed during it): "init ran to its end", the unlinked child alive; the trapping linked child's
 * terminate runs with :killed.
 */
class InitOnAKilledStartersThreadTest {

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** An init that waits for {@code release}; it reports whether the wait ended by an interrupt. */
    record BlockingInit(CountDownLatch entered, CountDownLatch release, BlockingQueue<Object> events)
            implements GenServer<String> {
        @Override
        public Init<String> init() {
            entered.countDown();
            try {
                release.await();
                events.add("init ran to its end");
            } catch (InterruptedException interrupted) {
                events.add("init interrupted");
                Thread.currentThread().interrupt();
                return Init.stop(ExitReason.abnormal("interrupted"));
            }
            return Init.ok("started");
        }

        @Override
        public void terminate(ExitReason reason, String state) {
            events.add("terminate " + reason);
        }
    }

    /** A process that runs what it is cast, on its drainer. */
    static final class Starter implements GenServer<String> {
        @Override
        public Init<String> init() {
            return Init.ok("starter");
        }

        @Override
        @SuppressWarnings("unchecked")
        public Result<String> handleCast(Object message, String state) {
            ((Consumer<Object>) message).accept(null);
            return Result.noreply(state);
        }
    }

    @RepeatedTest(20)
    void killingTheStarter_ofAnUnlinkedChild_leavesItsInitAlone() {
        BlockingInit child = new BlockingInit(new CountDownLatch(1), new CountDownLatch(1), events);
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid starter = runtime.start(new Starter());
            starter.cast((Consumer<Object>) any -> runtime.start(child, StartOptions.named(Name.local("child"))));
            await(child.entered());

            runtime.kill(starter);
            child.release().countDown();

            assertThat(take(events)).isEqualTo("init ran to its end");
            assertThat(Waiting.untilPresent("the child", () -> runtime.whereis("child")).isAlive()).isTrue();
        }
    }

    /** As a call run on its caller's thread: the caller's interrupt is taken off for the handler, then given back. */
    @RepeatedTest(20)
    void aStarterInterruptedBeforeItStarts_doesNotInterruptTheInit_andHasItsInterruptBack() {
        BlockingInit child = new BlockingInit(new CountDownLatch(1), new CountDownLatch(0), events);
        try (ProcessRuntime runtime = runtime(timers)) {
            Thread.currentThread().interrupt();
            Pid pid;
            boolean interrupted;
            try {
                pid = runtime.start(child);
            } finally {
                interrupted = Thread.interrupted();
            }

            assertThat(take(events)).isEqualTo("init ran to its end");
            assertThat(pid.isAlive()).isTrue();
            assertThat(interrupted).as("the starter's interrupt, given back").isTrue();
        }
    }

    /**
     * A deviation the runtime states for code on another process's thread ({@link GenServer}, "Kill"): OTP 25 ends
     * a linked child that does not trap exits at once, its init with it. Here the child is gone at once too (its
     * name free, never to come back), but its init, on the starter's thread, is left to finish as a zombie, as a
     * handler run on its caller's thread is: an interrupt there would be the starter's.
     */
    @RepeatedTest(5)
    void killingTheStarter_ofALinkedChildThatDoesNotTrapExits_endsTheChildAtOnce_itsInitLeftToFinishAsAZombie() {
        BlockingInit child = new BlockingInit(new CountDownLatch(1), new CountDownLatch(1), events);
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid starter = runtime.start(new Starter());
            starter.cast((Consumer<Object>) any -> Self.startLink(child,
                    StartOptions.named(Name.local("linked-child"))));
            await(child.entered());
            Pid starting = Waiting.untilPresent("the child's name", () -> runtime.whereis("linked-child"));

            runtime.kill(starter);
            Waiting.until("the child ended over its link", () -> !starting.isAlive());
            assertThat(runtime.whereis("linked-child")).isEmpty();

            child.release().countDown();
            assertThat(take(events)).isEqualTo("init ran to its end");
            assertThat(starting.isAlive()).as("its init's result discarded").isFalse();
            assertThat(runtime.whereis("linked-child")).isEmpty();
        }
    }

    @RepeatedTest(20)
    void killingTheStarter_ofALinkedChildThatTrapsExits_letsItsInitFinish_thenItTerminatesWithKilled() {
        BlockingInit child = new BlockingInit(new CountDownLatch(1), new CountDownLatch(1), events);
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid starter = runtime.start(new Starter());
            starter.cast((Consumer<Object>) any -> Self.startLink(child, StartOptions.DEFAULTS.withTrapExits(true)));
            await(child.entered());

            runtime.kill(starter);
            child.release().countDown();

            assertThat(take(events)).isEqualTo("init ran to its end");
            assertThat(take(events)).isEqualTo("terminate " + ExitReason.KILLED);
        }
    }
}
