package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.takeInfo;
import static dev.genserver.runtime.Fixtures.takeNext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.JulRecords;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** stop (queued, runs terminate), kill (immediate, skips terminate), and what callers hear. */
class StopAndKillTest {

    private static final Duration FOREVER = Duration.ofHours(1);

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Test
    void stop_normal_runsTerminate_andReturnsOnceGone() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events, 5), StartOptions.named(Name.local("p")));

            runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);

            assertThat(pid.isAlive()).isFalse();
            assertThat(events).containsExactly(new Probe.Terminated("p", ExitReason.NORMAL, 5L));
            assertThat(runtime.whereis("p")).isEmpty();
            assertThat(runtime.count()).isZero();
        }
    }

    @Test
    void stop_withAnotherReason_passesItToTerminateAndMonitors() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid pid = runtime.start(new Probe("p", events));
            runtime.monitor(watcher, pid);
            ExitReason reason = ExitReason.abnormal("maintenance");

            runtime.stop(pid, reason, Fixtures.PATIENCE);

            assertThat(takeNext(events, Probe.Terminated.class).reason()).isEqualTo(reason);
            assertThat(takeInfo(events, Down.class).reason()).isEqualTo(reason);
        }
    }

    @Test
    void stop_isHandledAfterTheMessagesAlreadyQueued() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());
            pid.cast(1L);
            pid.cast(2L);
            CompletableFuture<Long> queuedCall = pid.callAsync(new Probe.Add(3), FOREVER);

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(
                    () -> runtime.stop(pid, ExitReason.NORMAL, FOREVER), Thread.ofVirtual()::start);
            // queued behind the three: were it to overtake them, the process would end at 0 with the call failed
            Waiting.until("the stop is queued", () -> runtime.info(pid).mailbox() == 4);
            block.release().countDown();
            join(stopped);

            assertThat(join(queuedCall)).isEqualTo(6L);
            assertThat(events).containsExactly(new Probe.Terminated("p", ExitReason.NORMAL, 6L));
        }
    }

    @Test
    void stop_ofADeadProcess_failsWithNoProcess() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            runtime.kill(pid);

            assertThatThrownBy(() -> runtime.stop(pid, ExitReason.NORMAL, FOREVER))
                    .isInstanceOf(NoProcessException.class);
        }
    }

    @Test
    void stop_thatTerminateOutruns_timesOutForTheStopper() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Probe.Block slowTerminate = Probe.Block.newBlock();
            Pid pid = runtime.start(new Probe("p", events) {
                @Override
                public void terminate(ExitReason reason, Long n) {
                    slowTerminate.entered().countDown();
                    await(slowTerminate.release());
                }
            });

            Fixtures.timeOutTheWait(timers, Duration.ofMillis(50), slowTerminate.entered());
            assertThatThrownBy(() -> runtime.stop(pid, ExitReason.NORMAL, Duration.ofMillis(50)))
                    .isInstanceOf(CallTimeoutException.class);
            slowTerminate.release().countDown();
        }
    }

    @Test
    void terminate_runsAfterACrash_withTheCrashReasonAndLastState() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            pid.call(new Probe.Add(4));

            assertThatThrownBy(() -> pid.call(new Probe.Boom("oops"))).isInstanceOf(ProcessExitException.class);

            Probe.Terminated terminated = takeNext(events, Probe.Terminated.class);
            assertThat(terminated.state()).isEqualTo(4L);
            assertThat(terminated.reason().cause()).isInstanceOf(IllegalStateException.class).hasMessage("oops");
        }
    }

    /**
     * gen_server's terminate/10 re-raises what terminate raised, so the process exits with that; proc_lib:stop,
     * told of another reason than the one it asked for, exits with it
     * ({@code {'DOWN', Mref, _, _, Reason2} -> exit(Reason2)}).
     */
    @Test
    void terminate_thatThrows_becomesTheExitReason_whichTheStopperHears() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe() {
                @Override
                public void terminate(ExitReason reason, Long n) {
                    throw new IllegalStateException("terminate failed");
                }
            }, StartOptions.named(Name.local("p")));

            assertThatThrownBy(() -> runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE))
                    .isInstanceOfSatisfying(ProcessExitException.class, exit -> assertThat(exit.reason().cause())
                            .isInstanceOf(IllegalStateException.class).hasMessage("terminate failed"));
            assertThat(pid.isAlive()).isFalse();
            assertThat(runtime.whereis("p")).isEmpty();
        }
    }

    /**
     * A terminate that lets a call's exit through, its server shut down: the process exits {@code {shutdown, _}},
     * a deliberate end, but the failure of its terminate is reported all the same, as gen_server's
     * {@code terminate/10} calls {@code error_info} for whatever terminate raised.
     */
    @Test
    void terminate_lettingACallsShutdownThrough_exitsAsAShutdown_andIsStillReported() {
        Fixtures.Exits exits = new Fixtures.Exits();
        try (ProcessRuntime runtime = runtime(timers, exits);
             JulRecords log = JulRecords.of("dev.genserver.runtime.ProcessCell")) {
            Pid server = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            server.cast(block);
            await(block.entered());
            Pid caller = runtime.start(new Probe() {
                @Override
                public void terminate(ExitReason reason, Long n) {
                    server.call(new Probe.Get(), Fixtures.PATIENCE); // queued behind the block
                }
            });
            CompletableFuture<Void> stopping = Fixtures.async(() -> {
                runtime.stop(caller, ExitReason.NORMAL, Fixtures.PATIENCE);
                return null;
            });
            Fixtures.awaitMailbox(runtime, server, 1);

            runtime.shutdown(server, Fixtures.PATIENCE); // ended at once: it does not trap exits

            assertThatThrownBy(() -> join(stopping)).isInstanceOfSatisfying(ProcessExitException.class,
                    exit -> assertThat(exit.reason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN));
            assertThat(exits.await(caller).kind()).isEqualTo(ExitReason.Kind.SHUTDOWN);
            assertThat(log.messages(Level.SEVERE)).anyMatch(line -> line.contains("terminate of " + caller));
        }
    }

    /**
     * In OTP a caller learns of a crash from its monitor's DOWN, which comes after terminate has run and the
     * process is gone: a queued call whose handler throws is answered no sooner.
     */
    @Test
    void queuedCall_whoseHandlerThrows_isAnsweredOnceTerminateHasRun_andTheProcessIsGone() {
        CountDownLatch inTerminate = new CountDownLatch(1);
        CountDownLatch finishTerminate = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events) {
                @Override
                public void terminate(ExitReason reason, Long n) {
                    inTerminate.countDown();
                    await(finishTerminate);
                    events.add("terminated");
                }
            }, StartOptions.named(Name.local("p")));
            Probe.Block busy = Probe.Block.newBlock();
            CompletableFuture<String> blocked = CompletableFuture.supplyAsync(() -> pid.call(busy, FOREVER),
                    Thread.ofVirtual()::start);
            await(busy.entered());
            CompletableFuture<String> crashed = CompletableFuture.supplyAsync(() -> {
                try {
                    pid.call(new Probe.Boom("oops"), FOREVER);
                    return "answered";
                } catch (ProcessExitException exit) {
                    return "alive " + pid.isAlive() + ", named " + runtime.whereis("p").isPresent() + ", "
                            + events.contains("terminated");
                }
            }, Thread.ofVirtual()::start);
            Waiting.until("the crashing call is queued", () -> runtime.info(pid).mailbox() == 1);

            busy.release().countDown();
            await(inTerminate);
            finishTerminate.countDown();

            assertThat(join(blocked)).isEqualTo("released");
            assertThat(join(crashed)).isEqualTo("alive false, named false, true");
        }
    }

    @Test
    void kill_ofAnIdleProcess_isImmediate_andSkipsTerminate() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid pid = runtime.start(new Probe("p", events), StartOptions.named(Name.local("p")));
            runtime.monitor(watcher, pid);

            runtime.kill(pid);

            assertThat(pid.isAlive()).as("dead when kill returns").isFalse();
            assertThat(runtime.whereis("p")).isEmpty();
            assertThat(takeInfo(events, Down.class).reason()).isEqualTo(ExitReason.KILLED);
            assertThat(events).noneMatch(e -> e instanceof Probe.Terminated);
        }
    }

    @Test
    void kill_interruptsADrainerBlockedInItsHandler_failsPendingCallers_andSkipsTerminate() {
        try (ProcessRuntime runtime = runtime(timers)) {
            BlockingQueue<Object> downs = new LinkedBlockingQueue<>();
            Pid watcher = runtime.start(new Probe("watcher", downs));
            Pid pid = runtime.start(new Probe("p", events));
            runtime.monitor(watcher, pid);
            Probe.Block block = Probe.Block.newBlock();
            CompletableFuture<String> blockedCall = pid.callAsync(block, FOREVER);
            await(block.entered());
            CompletableFuture<Long> queuedCall = pid.callAsync(new Probe.Get(), FOREVER);

            runtime.kill(pid);

            assertThat(takeInfo(downs, Down.class).reason()).isEqualTo(ExitReason.KILLED);
            // The callers hear of the kill when it returns, before the interrupted handler has even woken.
            assertThatThrownBy(() -> join(blockedCall)).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
            assertThatThrownBy(() -> join(queuedCall)).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
            Waiting.until("the handler is interrupted", () -> events.contains(new Probe.Interrupted("p")));
            assertThat(events).noneMatch(e -> e instanceof Probe.Terminated);
        }
    }

    @Test
    void kill_ofACallerBlockedInSyncCall_failsThatCaller() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());
            CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> pid.call(new Probe.Get(), FOREVER),
                    Thread.ofVirtual()::start);
            Waiting.until("the call is queued", () -> runtime.info(pid).mailbox() == 1);

            runtime.kill(pid);

            assertThatThrownBy(() -> join(waiting)).isInstanceOfSatisfying(ProcessExitException.class,
                    exit -> assertThat(exit.reason()).isEqualTo(ExitReason.KILLED));
        }
    }

    @Test
    void kill_ofADeadProcess_doesNothing() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);

            runtime.kill(pid);

            assertThat(pid.isAlive()).isFalse();
        }
    }

    @Test
    void shutdown_killsAProcessWhoseTerminateOutrunsTheTimeout() {
        Fixtures.Exits exits = new Fixtures.Exits();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Probe.Block slowTerminate = Probe.Block.newBlock();
            Pid pid = runtime.start(new Probe("p", events) {
                @Override
                public void terminate(ExitReason reason, Long n) {
                    slowTerminate.entered().countDown();
                    try {
                        slowTerminate.release().await();
                    } catch (InterruptedException e) {
                        events.add(new Probe.Interrupted("terminate"));
                    }
                }
            }, StartOptions.DEFAULTS.withTrapExits(true)); // trapping: the shutdown is a stop it takes in turn

            Fixtures.timeOutTheWait(timers, Fixtures.KILLED_IN_TERMINATE, slowTerminate.entered());
            runtime.shutdown(pid, Fixtures.KILLED_IN_TERMINATE);

            assertThat(pid.isAlive()).isFalse(); // gone when shutdown returns, not when the terminate gives up
            assertThat(exits.await(pid)).isEqualTo(ExitReason.KILLED);
            Waiting.until("the killed terminate is interrupted",
                    () -> events.contains(new Probe.Interrupted("terminate")));
        }
    }

    /** supervisor.erl's {@code exit(Pid, shutdown)}: a process that does not trap exits ends with it, at once. */
    @Test
    void shutdown_endsAProcessNotTrappingExits_atOnce_busyOrIdle_withoutTerminate() {
        Fixtures.Exits exits = new Fixtures.Exits();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid idle = runtime.start(new Probe("idle", events));
            Pid busy = runtime.start(new Probe("busy", events));
            Probe.Block block = Probe.Block.newBlock();
            busy.cast(block);
            Fixtures.await(block.entered());

            runtime.shutdown(idle, Duration.ofHours(1));
            runtime.shutdown(busy, Shutdown.infinity()); // returns with its handler still blocked

            assertThat(exits.await(idle)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(exits.await(busy)).isEqualTo(ExitReason.SHUTDOWN);
            block.release().countDown();
            assertThat(events).noneMatch(Probe.Terminated.class::isInstance);
        }
    }
}
