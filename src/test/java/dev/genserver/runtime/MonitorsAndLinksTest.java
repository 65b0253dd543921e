package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.takeInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** Crashes seen from outside: monitors and DOWN, links and exit signals, trapping exits. */
class MonitorsAndLinksTest {

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** A marker sent after an event that may or may not have produced a message, to see what came first. */
    record Marker() { }

    /** Asks a {@link Starter} to start a {@link Probe} linked to it and monitored by it, in one step. */
    record StartLinkMonitored() implements Call<ProcessRuntime.Monitored> { }

    /** Traps exits, starts on request, and records every info message it gets. */
    private record Starter(BlockingQueue<Object> events) implements GenServer<Long> {

        @Override
        public Init<Long> init() {
            Self.trapExits(true);
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            if (request instanceof StartLinkMonitored start) {
                return start.reply(Self.startLinkMonitored(new Probe(), StartOptions.DEFAULTS), n);
            }
            return GenServer.super.handleCall(request, from, n);
        }

        @Override
        public Result<Long> handleInfo(Object message, Long n) {
            events.add(message);
            return Result.noreply(n);
        }
    }

    @Test
    void startLinkMonitored_childEndsWithAKilledParent() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid parent = runtime.start(new Starter(events));
            ProcessRuntime.Monitored child = parent.call(new StartLinkMonitored());

            runtime.kill(parent);

            assertThat(exits.await(child.pid())).isEqualTo(ExitReason.KILLED);
        }
    }

    /** Links before monitors, as ERTS's exit phases order them (OTP 25: {@code [:EXIT, :DOWN]} every time). */
    @Test
    void startLinkMonitored_childsCrash_reachesItsTrappingParent_asAnExit_thenADownWithTheReason() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid parent = runtime.start(new Starter(events));
            ProcessRuntime.Monitored child = parent.call(new StartLinkMonitored());
            assertThat(runtime.info(child.pid()).supervisor()).as("its parent").isEqualTo(parent.toString());

            assertThatThrownBy(() -> child.pid().call(new Probe.Boom("kaput")))
                    .isInstanceOf(ProcessExitException.class);

            // the Exit first: a Down before it would be skipped here, and none would be left to take below
            assertThat(Fixtures.takeNext(events, Exit.class).pid()).isSameAs(child.pid());
            Down down = Fixtures.takeNext(events, Down.class);
            assertThat(down.ref()).isSameAs(child.ref());
            assertThat(down.reason().detail()).contains("kaput");
            assertThat(parent.isAlive()).isTrue();
        }
    }

    @Test
    void crash_failsTheCallerAtOnce_andSendsDownWithTheReasonToMonitors() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid target = runtime.start(new Probe());
            MonitorRef ref = runtime.monitor(watcher, target);

            assertThatThrownBy(() -> target.call(new Probe.Boom("kaput")))
                    .isInstanceOf(ProcessExitException.class);

            Down down = takeInfo(events, Down.class);
            assertThat(down.ref()).isSameAs(ref);
            assertThat(down.pid()).isSameAs(target);
            assertThat(down.reason().kind()).isEqualTo(ExitReason.Kind.CRASH);
            assertThat(down.reason().detail()).contains("kaput");
        }
    }

    @Test
    void normalStop_sendsDownNormal() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid target = runtime.start(new Probe());
            runtime.monitor(watcher, target);

            runtime.stop(target, ExitReason.NORMAL, Fixtures.PATIENCE);

            assertThat(takeInfo(events, Down.class).reason()).isEqualTo(ExitReason.NORMAL);
        }
    }

    @Test
    void monitor_ofADeadProcess_deliversDownNoprocAtOnce() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid target = runtime.start(new Probe());
            runtime.kill(target);

            MonitorRef ref = runtime.monitor(watcher, target);

            Down down = takeInfo(events, Down.class);
            assertThat(down.ref()).isSameAs(ref);
            assertThat(down.pid()).isSameAs(target);
            assertThat(down.reason().detail()).as("as in OTP, not the reason it once exited with")
                    .isEqualTo("noproc");
            assertThat(down.reason().isAbnormal()).isTrue();
        }
    }

    @Test
    void demonitor_beforeTheExit_meansNoDown() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid target = runtime.start(new Probe());
            MonitorRef ref = runtime.monitor(watcher, target);

            assertThat(runtime.demonitor(ref)).isTrue();
            runtime.kill(target); // an idle process dies on this thread: a DOWN would be queued before the marker
            watcher.send(new Marker());

            assertThat(takeInfo(events, Object.class)).isEqualTo(new Marker());
            assertThat(runtime.demonitor(ref)).as("no longer active").isFalse();
        }
    }

    @Test
    void demonitor_afterTheExit_isFalse() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid target = runtime.start(new Probe());
            MonitorRef ref = runtime.monitor(watcher, target);
            runtime.kill(target);

            assertThat(runtime.demonitor(ref)).isFalse();
        }
    }

    /** Kills {@code target}, whose DOWN is then queued behind this call, and demonitors {@code ref} after that. */
    record KillThenDemonitor(Pid target, MonitorRef ref, boolean flush) implements Call<Boolean> { }

    /** A watcher that handles {@link KillThenDemonitor}: the case OTP's flush exists for. */
    private Probe watcherThatDemonitors() {
        return new Probe("watcher", events) {
            @Override
            public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                if (request instanceof KillThenDemonitor kill) {
                    Self.runtime().kill(kill.target()); // an idle process dies on this thread: its DOWN is queued
                    return kill.reply(kill.flush() ? Self.demonitorFlush(kill.ref()) : Self.demonitor(kill.ref()), n);
                }
                return super.handleCall(request, from, n);
            }
        };
    }

    @Test
    void demonitorFlush_dropsADownAlreadyQueued() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(watcherThatDemonitors());
            Pid target = runtime.start(new Probe());
            MonitorRef ref = runtime.monitor(watcher, target);

            assertThat(watcher.call(new KillThenDemonitor(target, ref, true))).as("the monitor had fired").isFalse();
            watcher.send(new Marker());

            assertThat(takeInfo(events, Object.class)).isEqualTo(new Marker());
            assertThat(events).noneMatch(e -> e instanceof Probe.Info(String label, Down down));
        }
    }

    @Test
    void demonitor_withoutFlush_leavesADownAlreadyQueuedToBeHandled() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(watcherThatDemonitors());
            Pid target = runtime.start(new Probe());
            MonitorRef ref = runtime.monitor(watcher, target);

            assertThat(watcher.call(new KillThenDemonitor(target, ref, false))).isFalse();
            watcher.send(new Marker());

            Object first = takeInfo(events, Object.class);
            assertThat(first).isInstanceOf(Down.class);
            assertThat(((Down) first).ref()).isSameAs(ref);
            assertThat(takeInfo(events, Object.class)).isEqualTo(new Marker());
        }
    }

    /**
     * OTP's {@code demonitor(Ref, [flush])} removes {@code {_, Ref, _, _, _}} from the caller's own queue only: a
     * copy of that DOWN another process was sent (a relay forwarding it) is still that process's message.
     */
    @Test
    void demonitorFlush_leavesACopyOfTheDownSentToAnotherProcess() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(watcherThatDemonitors());
            Pid target = runtime.start(new Probe());
            Pid relay = runtime.start(new Probe("relay", events));
            MonitorRef ref = runtime.monitor(watcher, target);
            assertThat(watcher.call(new KillThenDemonitor(target, ref, true))).isFalse();

            relay.send(new Down(ref, target, ExitReason.KILLED));
            relay.send(new Marker());

            assertThat(takeInfo(events, Object.class)).isInstanceOfSatisfying(Down.class,
                    down -> assertThat(down.ref()).isSameAs(ref));
            assertThat(takeInfo(events, Object.class)).isEqualTo(new Marker());
        }
    }

    @Test
    void demonitorFlush_ofAnActiveMonitor_isTrue_andNoDownFollows() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid target = runtime.start(new Probe());
            MonitorRef ref = runtime.monitor(watcher, target);

            assertThat(runtime.demonitorFlush(ref)).isTrue();
            runtime.kill(target);
            watcher.send(new Marker());

            assertThat(takeInfo(events, Object.class)).isEqualTo(new Marker());
            assertThat(runtime.demonitorFlush(ref)).as("removed already").isFalse();
        }
    }

    @Test
    void demonitorFlush_fromOutside_dropsTheNoprocDownQueuedWhileTheWatcherWasBusy() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid target = runtime.start(new Probe());
            runtime.kill(target);
            Probe.Block block = Probe.Block.newBlock();
            watcher.cast(block);
            Fixtures.await(block.entered());
            MonitorRef ref = runtime.monitor(watcher, target); // a DOWN noproc is queued behind the block

            assertThat(runtime.demonitorFlush(ref)).isFalse();
            watcher.send(new Marker());
            block.release().countDown();

            assertThat(takeInfo(events, Object.class)).isEqualTo(new Marker());
        }
    }

    /**
     * erlang's demonitor/1 turns off only a monitor "the calling process obtained by calling monitor/2", and its
     * [flush] removes a DOWN from the caller's own queue. Another process holding the ref changes nothing: the
     * monitor stays, and the DOWN queued to its watcher is handled.
     */
    @Test
    void demonitor_byAProcessThatDoesNotOwnTheMonitor_leavesItAndItsDownAlone() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid target = runtime.start(new Probe());
            Pid other = runtime.start(new LinksAndExitSignalsTest.Actor("other", events));
            MonitorRef ref = runtime.monitor(watcher, target);

            assertThat(other.call(new LinksAndExitSignalsTest.Run<>(() -> Self.demonitor(ref)))).isFalse();
            Probe.Block block = Probe.Block.newBlock();
            watcher.cast(block);
            Fixtures.await(block.entered());
            runtime.kill(target); // its DOWN queued behind the block
            assertThat(other.call(new LinksAndExitSignalsTest.Run<>(() -> Self.demonitorFlush(ref)))).isFalse();
            watcher.send(new Marker());
            block.release().countDown();

            assertThat(takeInfo(events, Object.class)).isInstanceOfSatisfying(Down.class,
                    down -> assertThat(down.ref()).isSameAs(ref));
            assertThat(takeInfo(events, Object.class)).isEqualTo(new Marker());
        }
    }

    @Test
    void twoMonitors_eachGetTheirOwnDown() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events));
            Pid target = runtime.start(new Probe());
            MonitorRef first = runtime.monitor(watcher, target);
            MonitorRef second = runtime.monitor(watcher, target);

            runtime.kill(target);

            assertThat(takeInfo(events, Down.class).ref()).isSameAs(first);
            assertThat(takeInfo(events, Down.class).ref()).isSameAs(second);
        }
    }

    @Test
    void selfMonitor_insideACallback_deliversDownToTheCallbacksProcess() {
        record Watch(Pid target) implements Call<MonitorRef> { }
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid watcher = runtime.start(new Probe("watcher", events) {
                @Override
                public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                    if (request instanceof Watch watch) {
                        return watch.reply(Self.monitor(watch.target()), n);
                    }
                    return super.handleCall(request, from, n);
                }
            });
            Pid target = runtime.start(new Probe());
            MonitorRef ref = watcher.call(new Watch(target));

            runtime.stop(target, ExitReason.shutdown("bye"), Fixtures.PATIENCE);

            Down down = takeInfo(events, Down.class);
            assertThat(down.ref()).isSameAs(ref);
            assertThat(down.reason()).isEqualTo(ExitReason.shutdown("bye"));
        }
    }

    @Test
    void link_nonTrappingProcess_diesWhenItsLinkExitsAbnormally() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid parent = runtime.start(new Probe());
            Pid child = Fixtures.startLinked(runtime, new Probe("child", events), StartOptions.DEFAULTS, parent);

            assertThatThrownBy(() -> parent.call(new Probe.Boom("parent crashed")))
                    .isInstanceOf(ProcessExitException.class);

            ExitReason reason = exits.await(child);
            assertThat(reason.detail()).contains("parent crashed");
            assertThat(child.isAlive()).isFalse();
            assertThat(events).as("an exit signal kills; terminate does not run")
                    .noneMatch(e -> e instanceof Probe.Terminated);
        }
    }

    @Test
    void link_childCrash_killsANonTrappingParent() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid parent = runtime.start(new Probe());
            Pid child = Fixtures.startLinked(runtime, new Probe(), StartOptions.DEFAULTS, parent);

            assertThatThrownBy(() -> child.call(new Probe.Boom("child crashed")))
                    .isInstanceOf(ProcessExitException.class);

            assertThat(exits.await(parent).detail()).contains("child crashed");
        }
    }

    @Test
    void link_normalExit_doesNotKillANonTrappingProcess() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid parent = runtime.start(new Probe());
            Pid child = Fixtures.startLinked(runtime, new Probe(), StartOptions.DEFAULTS, parent);

            runtime.stop(parent, ExitReason.NORMAL, Fixtures.PATIENCE);
            exits.await(parent);

            assertThat(child.isAlive()).isTrue();
            assertThat(child.call(new Probe.Add(1))).isEqualTo(1L);
        }
    }

    @Test
    void link_trappingProcess_getsExitInsteadOfDying() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid trapper = runtime.start(new Probe("trapper", events), StartOptions.DEFAULTS.withTrapExits(true));
            Pid child = Fixtures.startLinked(runtime, new Probe(), StartOptions.DEFAULTS, trapper);

            assertThatThrownBy(() -> child.call(new Probe.Boom("child crashed")))
                    .isInstanceOf(ProcessExitException.class);

            Exit exit = takeInfo(events, Exit.class);
            assertThat(exit.pid()).isSameAs(child);
            assertThat(exit.reason().detail()).contains("child crashed");
            assertThat(trapper.isAlive()).isTrue();
        }
    }

    @Test
    void link_trappingProcess_getsExitForANormalExitToo() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid trapper = runtime.start(new Probe("trapper", events), StartOptions.DEFAULTS.withTrapExits(true));
            Pid child = Fixtures.startLinked(runtime, new Probe(), StartOptions.DEFAULTS, trapper);

            runtime.stop(child, ExitReason.NORMAL, Fixtures.PATIENCE);

            assertThat(takeInfo(events, Exit.class).reason()).isEqualTo(ExitReason.NORMAL);
        }
    }

    @Test
    void start_linkedToADeadProcess_failsWithNoproc_beforeInitRuns() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid parent = runtime.start(new Probe());
            runtime.kill(parent);
            BlockingQueue<Object> childEvents = new LinkedBlockingQueue<>();

            assertThatThrownBy(() -> Fixtures.startLinked(runtime, new Probe("child", childEvents) {
                @Override
                public Init<Long> init() {
                    childEvents.add("init ran");
                    return super.init();
                }
            }, StartOptions.named(Name.local("child")), parent)).isInstanceOf(NoProcessException.class);

            assertThat(childEvents).isEmpty();
            assertThat(runtime.whereis("child")).as("the name is free again").isEmpty();
            assertThat(runtime.count()).isZero();
        }
    }
}
