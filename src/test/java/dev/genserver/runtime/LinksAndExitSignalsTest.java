package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.takeInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.JulRecords;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@code link/1}, {@code unlink/1}, {@code exit/2}, {@code process_flag(trap_exit, …)} and {@code start_link}
 * from inside a process, as erlang's documentation of exit signals describes them.
 */
class LinksAndExitSignalsTest {

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** Runs {@code action} inside the process it is sent to, and answers with its result. */
    record Run<R>(Supplier<R> action) implements Call<R> { }

    /** A {@link Probe} that also runs {@link Run} requests. */
    static final class Actor extends Probe {
        Actor(String label, BlockingQueue<Object> events) {
            super(label, events);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            if (request instanceof Run<?> run) {
                return reply(run, n);
            }
            return super.handleCall(request, from, n);
        }

        private <R> CallResult<Long> reply(Run<R> run, Long n) {
            return run.reply(run.action().get(), n);
        }
    }

    /** A server whose init fails. */
    static final class FailingInit implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            throw new IllegalStateException("cannot start");
        }
    }

    /** A server whose init returns {@code :ignore}. */
    static final class IgnoringInit implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return Init.ignore();
        }
    }

    private Pid start(ProcessRuntime runtime, String label) {
        return runtime.start(new Actor(label, events));
    }

    private Pid startTrapping(ProcessRuntime runtime, String label) {
        return runtime.start(new Actor(label, events), StartOptions.DEFAULTS.withTrapExits(true));
    }

    private static <R> R inside(Pid pid, Supplier<R> action) {
        return pid.call(new Run<>(action));
    }

    private static void crash(Pid pid) {
        assertThatThrownBy(() -> pid.call(new Probe.Boom("crash"))).isInstanceOf(ProcessExitException.class);
    }

    @Test
    void link_thenTheOtherCrashes_endsTheLinkedProcess_withTheSameReason() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid a = start(runtime, "a");
            Pid b = start(runtime, "b");
            inside(a, () -> {
                Self.link(b);
                return null;
            });

            crash(b);

            assertThat(exits.await(a).kind()).isEqualTo(ExitReason.Kind.CRASH);
            assertThat(exits.await(a)).isEqualTo(exits.await(b));
            assertThat(events).as("an exit signal is not a stop: no terminate")
                    .noneMatch(e -> e instanceof Probe.Terminated t && t.label().equals("a"));
        }
    }

    @Test
    void link_fromATrappingProcess_turnsTheOthersCrashIntoAnExitMessage() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid a = startTrapping(runtime, "a");
            Pid b = start(runtime, "b");
            inside(a, () -> {
                Self.link(b);
                return null;
            });

            crash(b);

            Exit exit = takeInfo(events, Exit.class);
            assertThat(exit.pid()).isEqualTo(b);
            assertThat(exit.reason()).isEqualTo(exits.await(b));
            assertThat(a.isAlive()).isTrue();
        }
    }

    @Test
    void link_toAnExitedProcess_isNoproc_orAnExitMessageWhenTrapping() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid gone = start(runtime, "gone");
            runtime.kill(gone);
            Pid plain = start(runtime, "plain");
            Pid trapping = startTrapping(runtime, "trapping");

            String linked = inside(plain, () -> {
                try {
                    Self.link(gone);
                    return "linked";
                } catch (NoProcessException noproc) {
                    return "noproc";
                }
            });
            assertThat(linked).isEqualTo("noproc");
            inside(trapping, () -> {
                Self.link(gone);
                return null;
            });

            Exit exit = takeInfo(events, Exit.class);
            assertThat(exit.pid()).isEqualTo(gone);
            assertThat(exit.reason().detail()).isEqualTo("noproc");
        }
    }

    @Test
    void unlink_thenTheOtherCrashes_leavesThisProcessAlone() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid a = start(runtime, "a");
            Pid b = start(runtime, "b");
            inside(a, () -> {
                Self.link(b);
                Self.unlink(b);
                return null;
            });

            crash(b);
            exits.await(b);

            assertThat(a.isAlive()).isTrue();
            assertThat(a.call(new Probe.Get())).isZero();
        }
    }

    @Test
    void exitWithKill_endsEvenATrappingProcess_asKilled_withoutTerminate() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid sender = start(runtime, "sender");
            Pid trapping = startTrapping(runtime, "trapping");

            inside(sender, () -> {
                Self.exit(trapping, ExitReason.KILL);
                return null;
            });

            assertThat(trapping.isAlive()).isFalse();
            assertThat(exits.await(trapping)).isEqualTo(ExitReason.KILLED);
            assertThat(events).noneMatch(e -> e instanceof Probe.Terminated);
        }
    }

    /**
     * Erlang's reference manual: an exit signal with reason kill "cannot be trapped" when sent with exit/2, "while
     * it can be trapped if the signal was sent due to a link"; and with the link flag set, "an exit reason of kill
     * will not be converted to killed".
     */
    @Test
    void aLinkedProcessExitingWithKill_reachesATrappingProcessAsAnExit_andEndsOneThatDoesNotTrap_withKill() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid trapping = startTrapping(runtime, "trapping");
            Pid plain = start(runtime, "plain");
            Pid dying = start(runtime, "dying");
            for (Pid linked : List.of(trapping, plain)) {
                inside(linked, () -> {
                    Self.link(dying);
                    return null;
                });
            }

            assertThat(dying.call(new Probe.StopWith(ExitReason.KILL))).isEqualTo("bye");

            assertThat(takeInfo(events, Exit.class)).isEqualTo(new Exit(dying, ExitReason.KILL));
            assertThat(trapping.isAlive()).isTrue();
            assertThat(exits.await(plain)).isEqualTo(ExitReason.KILL);
        }
    }

    @Test
    void exitWithNormal_isIgnoredByAProcessThatDoesNotTrap_butEndsTheSenderWhenSentToItself() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid sender = start(runtime, "sender");
            Pid target = start(runtime, "target");

            inside(sender, () -> {
                Self.exit(target, ExitReason.NORMAL);
                return null;
            });
            assertThat(target.isAlive()).isTrue();

            assertThatThrownBy(() -> inside(sender, () -> {
                Self.exit(Self.pid(), ExitReason.NORMAL);
                return null;
            })).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.NORMAL));
            assertThat(exits.await(sender)).isEqualTo(ExitReason.NORMAL);
        }
    }

    /**
     * erts' exit/2 ({@code bif.c}, {@code send_exit_signal_bif}): a signal a process sends itself that ends it
     * ({@code kill}, or any reason while it does not trap exits) terminates it "before exit/2 return": no more of
     * its code runs. Here the call throws the exit, so nothing after it in the callback runs either.
     */
    @Test
    void anExitSignalToItselfThatEndsAProcess_doesNotReturn_soNothingAfterItRuns() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            for (ExitReason reason : List.of(ExitReason.KILL, ExitReason.abnormal("bye"), ExitReason.NORMAL)) {
                Pid self = start(runtime, "self-" + reason);

                assertThatThrownBy(() -> inside(self, () -> {
                    Self.exit(Self.pid(), reason);
                    events.add("ran after exit(self(), " + reason + ")");
                    return null;
                })).isInstanceOf(ProcessExitException.class);

                assertThat(exits.await(self)).isEqualTo(reason == ExitReason.KILL ? ExitReason.KILLED : reason);
                assertThat(events).noneMatch(event -> String.valueOf(event).startsWith("ran after"));
            }
        }
    }

    /** In {@code init}, the exit a process sends itself is what its start fails with, as proc_lib reports it. */
    @Test
    void anInitThatEndsItsOwnProcess_failsTheStartWithThatExit() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            GenServer<Long> killsItself = new GenServer<>() {
                @Override
                public Init<Long> init() {
                    Self.exit(Self.pid(), ExitReason.KILL);
                    return Init.ok(0L);
                }
            };

            assertThatThrownBy(() -> runtime.start(killsItself)).isInstanceOfSatisfying(InitFailedException.class,
                    failed -> assertThat(failed.reason()).isEqualTo(ExitReason.KILLED));
        }
    }

    /** In {@code terminate}, the exit a process sends itself ends it as sent: not a terminate that failed. */
    @Test
    void aTerminateThatEndsItsOwnProcess_isNoFailedTerminate() {
        try (JulRecords cells = JulRecords.of(ProcessCell.class);
                ProcessRuntime runtime = runtime(timers, exits)) {
            Pid pid = runtime.start(new Probe("killed-in-terminate", events) {
                @Override
                public void terminate(ExitReason reason, Long state) {
                    Self.exit(Self.pid(), ExitReason.KILL);
                }
            });

            assertThatThrownBy(() -> runtime.stop(pid, ExitReason.SHUTDOWN, Duration.ofSeconds(5)))
                    .as("another exit than the stop's, as proc_lib:stop exits").isInstanceOfSatisfying(
                            ProcessExitException.class, e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));

            assertThat(exits.await(pid)).isEqualTo(ExitReason.KILLED);
            assertThat(cells.messages()).noneMatch(message -> message.contains("failed"));
        }
    }

    /**
     * gen.erl's do_spawn makes a server started without a link its own parent ({@code self}), and gen_server
     * treats {@code {'EXIT', Parent, Reason}} as its parent's exit: trapping exits, such a server that exits itself
     * terminates with the reason ({@code terminate} runs) instead of getting the signal in {@code handle_info}. A
     * child's signal to itself, its parent being another process, stays a message; so does that of a server
     * started monitored, whose parent is its starter ({@code do_spawn(GenMod, monitor, ...)}).
     */
    @Test
    void aTrappingServerThatExitsItself_terminatesIfItHasNoParent_andGetsAMessageIfItHasOne() {
        ExitReason reason = ExitReason.abnormal("bye");
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid parent = start(runtime, "parent");
            StartOptions trapping = StartOptions.DEFAULTS.withTrapExits(true);
            Pid child = inside(parent, () -> Self.startLink(new Actor("child", events), trapping));
            Pid monitored = inside(parent, () -> Self.runtime().startMonitored(new Actor("monitored", events),
                    trapping).pid());
            Pid unlinked = startTrapping(runtime, "unlinked");

            for (Pid pid : List.of(child, monitored, unlinked)) {
                inside(pid, () -> {
                    Self.exit(Self.pid(), reason);
                    return null;
                });
            }

            assertThat(exits.await(unlinked)).isEqualTo(reason);
            child.call(new Probe.Get()); // queued behind the Exit: once answered, the Exit has been handled
            monitored.call(new Probe.Get());
            assertThat(events).contains(new Probe.Info("child", new Exit(child, reason)),
                    new Probe.Info("monitored", new Exit(monitored, reason)),
                    new Probe.Terminated("unlinked", reason, 0L));
            assertThat(events).noneMatch(e -> e instanceof Probe.Info info && info.label().equals("unlinked"));
            assertThat(child.isAlive()).isTrue();
            assertThat(monitored.isAlive()).isTrue();
        }
    }

    /**
     * gen.erl's {@code do_spawn(GenMod, monitor, ...)} passes the starter as the parent, though nothing links them:
     * a trapping server started monitored terminates with its starter's exit signal ({@code terminate} runs, the
     * starter's monitor reports the reason) instead of getting it in {@code handle_info}; another process's signal
     * stays a message.
     */
    @Test
    void aTrappingServerStartedMonitored_terminatesWithItsStartersExitSignal_andGetsAnothersAsAMessage() {
        ExitReason fromStranger = ExitReason.abnormal("stranger");
        ExitReason fromStarter = ExitReason.abnormal("starter");
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid starter = start(runtime, "starter");
            Pid stranger = start(runtime, "stranger");
            Pid monitored = inside(starter, () -> Self.runtime().startMonitored(new Actor("monitored", events),
                    StartOptions.DEFAULTS.withTrapExits(true)).pid());

            inside(stranger, () -> {
                Self.exit(monitored, fromStranger);
                return null;
            });
            monitored.call(new Probe.Get()); // queued behind the Exit: once answered, the Exit has been handled
            assertThat(events).contains(new Probe.Info("monitored", new Exit(stranger, fromStranger)));
            assertThat(monitored.isAlive()).isTrue();

            inside(starter, () -> {
                Self.exit(monitored, fromStarter);
                return null;
            });

            assertThat(exits.await(monitored)).isEqualTo(fromStarter);
            assertThat(events).contains(new Probe.Terminated("monitored", fromStarter, 0L));
            assertThat(events).noneMatch(e -> e instanceof Probe.Info info && info.label().equals("monitored")
                    && info.message() instanceof Exit exit && exit.reason().equals(fromStarter));
        }
    }

    @Test
    void exitWithAnotherReason_endsAProcessThatDoesNotTrap_andReachesATrappingOneAsAMessage() {
        ExitReason reason = ExitReason.abnormal("bad_input");
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid sender = start(runtime, "sender");
            Pid plain = start(runtime, "plain");
            Pid trapping = startTrapping(runtime, "trapping");

            inside(sender, () -> {
                Self.exit(plain, reason);
                Self.exit(trapping, reason);
                return null;
            });

            assertThat(exits.await(plain)).isEqualTo(reason);
            assertThat(takeInfo(events, Exit.class)).isEqualTo(new Exit(sender, reason));
            assertThat(trapping.isAlive()).isTrue();
        }
    }

    @Test
    void trapExits_changedAfterStart_turnsTheNextSignalIntoAMessage_andReturnsThePreviousValue() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid a = start(runtime, "a");
            Pid b = start(runtime, "b");

            boolean before = inside(a, () -> Self.trapExits(true));
            boolean after = inside(a, () -> Self.trapExits(true));
            inside(a, () -> {
                Self.link(b);
                return null;
            });
            crash(b);

            assertThat(before).isFalse();
            assertThat(after).isTrue();
            assertThat(takeInfo(events, Exit.class).pid()).isEqualTo(b);
            assertThat(a.isAlive()).isTrue();
        }
    }

    /**
     * proc_lib:start_link (OTP 26 on): "When the calling process traps exits; if this function returns due to the
     * spawned process exiting (any error return), this function receives (consumes) the 'EXIT' message".
     */
    @Test
    void startLink_whoseInitCrashesOrIgnores_throws_andATrappingCallerGetsNoExitForIt() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid caller = startTrapping(runtime, "caller");

            String crashed = inside(caller, () -> {
                try {
                    Self.startLink(new FailingInit(), StartOptions.DEFAULTS);
                    return "started";
                } catch (InitFailedException failed) {
                    return "init failed: " + failed.reason().kind();
                }
            });
            String ignored = inside(caller, () -> {
                try {
                    Self.startLink(new IgnoringInit(), StartOptions.DEFAULTS);
                    return "started";
                } catch (StartIgnoredException ignore) {
                    return "ignored";
                }
            });
            inside(caller, () -> "handled after any message either start left in the caller's mailbox");

            assertThat(crashed).isEqualTo("init failed: CRASH");
            assertThat(ignored).isEqualTo("ignored");
            assertThat(Fixtures.drain(events)).noneMatch(e -> e instanceof Probe.Info info
                    && info.message() instanceof Exit);
            assertThat(caller.isAlive()).isTrue();
        }
    }

    @Test
    void startLink_whoseInitCrashes_takesANonTrappingCallerWithIt() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid caller = start(runtime, "caller");

            assertThatThrownBy(() -> inside(caller, () -> Self.startLink(new FailingInit(), StartOptions.DEFAULTS)))
                    .isInstanceOf(ProcessExitException.class);

            assertThat(exits.await(caller).kind()).isEqualTo(ExitReason.Kind.CRASH);
        }
    }

    @Test
    void startLink_linksTheChildToItsCaller_soTheChildEndsWithIt() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid caller = start(runtime, "caller");
            Pid child = inside(caller, () -> Self.startLink(new Actor("child", events), StartOptions.DEFAULTS));
            Pid trappingChild = inside(caller, () -> Self.startLink(new Actor("trapping child", events),
                    StartOptions.DEFAULTS.withTrapExits(true)));

            crash(caller);

            assertThat(exits.await(child).kind()).isEqualTo(ExitReason.Kind.CRASH);
            assertThat(exits.await(trappingChild)).isEqualTo(exits.await(caller));
            assertThat(events).as("a trapping child stops with its parent: terminate runs")
                    .anyMatch(e -> e instanceof Probe.Terminated t && t.label().equals("trapping child"));
        }
    }
}
