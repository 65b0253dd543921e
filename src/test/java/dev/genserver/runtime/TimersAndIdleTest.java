package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.drain;
import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.takeInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * sendAfter with read_timer and cancel_timer, idle timeouts, handleContinue and hibernate, all on manual time.
 * After advancing, a test reads the process's status: that request is queued behind whatever the timers
 * delivered, so once it returns every delivered message has been handled.
 */
class TimersAndIdleTest {

    private static final Duration IDLE = Duration.ofMillis(100);

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    /** Replies, re-arming the idle timeout. */
    record Touch() implements Call<String> { }

    /** Replies without a timeout, which cancels the idle timeout. */
    record Quiet() implements Call<String> { }

    /** Replies and asks for {@code handleContinue(arg)} before the next message. */
    record Later(String arg) implements Call<String> { }

    /** Replies with {@link Next#HIBERNATE}. */
    record Sleep() implements Call<String> { }

    /** Replies with a zero idle timeout: OTP's {@code {:reply, r, s, 0}}. */
    record Now() implements Call<String> { }

    /** Records every callback into {@link #events}; idle timeout {@link #IDLE} from init and on Touch. */
    class Recorder implements GenServer<List<String>> {
        @Override
        public Init<List<String>> init() {
            return Init.ok(new ArrayList<>(), IDLE);
        }

        @Override
        public CallResult<List<String>> handleCall(Call<?> request, From from, List<String> seen) {
            events.add(request);
            return switch (request) {
                case Touch touch -> touch.reply("touched", seen, Next.timeout(IDLE));
                case Quiet quiet -> quiet.reply("quiet", seen);
                case Later later -> later.reply("later", seen, Next.continueWith(later.arg()));
                case Sleep sleep -> sleep.reply("zzz", seen, Next.HIBERNATE);
                case Now now -> now.reply("now", seen, Next.timeout(Duration.ZERO));
                default -> GenServer.super.handleCall(request, from, seen);
            };
        }

        @Override
        public Result<List<String>> handleCast(Object message, List<String> seen) {
            events.add(message);
            return Result.noreply(seen, IDLE);
        }

        @Override
        public Result<List<String>> handleInfo(Object message, List<String> seen) {
            events.add(new Probe.Info("recorder", message));
            return Result.noreply(seen);
        }

        @Override
        public Result<List<String>> handleContinue(Object arg, List<String> seen) {
            events.add("continue " + arg);
            return Result.noreply(seen);
        }
    }

    private void settle(ProcessRuntime runtime, Pid pid) {
        Mailboxes.awaitHandled(runtime, pid);
    }

    private List<Object> idleTimeouts() {
        return drain(events).stream().filter(e -> e.equals(new Probe.Info("recorder", IdleTimeout.INSTANCE)))
                .toList();
    }

    /**
     * gen_server's idle timeout is the {@code after} of its receive, no message: one past due while the process is
     * busy is not among the messages waiting ({@code message_queue_len}), and it still fires once they are handled.
     */
    @Test
    void anIdleTimeoutPastDue_whileBusy_isNoWaitingMessage_andStillFiresAfterTheQueue() {
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder() {
                @Override
                public Result<List<String>> handleCast(Object message, List<String> seen) {
                    if (message.equals("block")) {
                        busy.countDown();
                        Fixtures.await(release);
                    }
                    return super.handleCast(message, seen);
                }
            });
            pid.cast("block");
            Fixtures.await(busy);
            pid.cast("queued");

            assertThat(timers.advance(IDLE.multipliedBy(2))).as("the init's timeout checked").isOne();
            assertThat(runtime.info(pid).mailbox()).isOne();

            release.countDown();
            settle(runtime, pid);
            assertThat(drain(events)).containsExactly("block", "queued");
            timers.advance(IDLE);
            assertThat(takeInfo(events, IdleTimeout.class)).isEqualTo(IdleTimeout.INSTANCE);
        }
    }

    @Test
    void sendAfter_deliversWhenTimeReachesTheDelay() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            runtime.sendAfter(pid, "tick", Duration.ofSeconds(1));

            timers.advance(Duration.ofMillis(999));
            settle(runtime, pid);
            assertThat(events).isEmpty();

            timers.advance(Duration.ofMillis(1));
            assertThat(takeInfo(events, String.class)).isEqualTo("tick");
        }
    }

    @Test
    void timeLeft_beforeItFires_isTheDelayLessTheTimePassed() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            TimerRef timer = runtime.sendAfter(pid, "tick", Duration.ofSeconds(1));

            assertThat(timer.timeLeft()).contains(Duration.ofSeconds(1));
            timers.advance(Duration.ofMillis(300));
            assertThat(timer.timeLeft()).contains(Duration.ofMillis(700));
            timers.advance(Duration.ofMillis(699));
            assertThat(timer.timeLeft()).contains(Duration.ofMillis(1));
        }
    }

    @Test
    void timeLeft_afterItFired_isEmpty() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            TimerRef timer = runtime.sendAfter(pid, "tick", Duration.ofSeconds(1));

            timers.advance(Duration.ofSeconds(1));

            assertThat(timer.timeLeft()).isEmpty();
            assertThat(takeInfo(events, String.class)).isEqualTo("tick");
        }
    }

    @Test
    void cancel_beforeItFires_returnsTheTimeLeft_andNoMessageComes() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            TimerRef timer = runtime.sendAfter(pid, "tick", Duration.ofSeconds(1));
            timers.advance(Duration.ofMillis(400));

            assertThat(timer.cancel()).contains(Duration.ofMillis(600));
            timers.advance(Duration.ofSeconds(2));
            settle(runtime, pid);

            assertThat(events).isEmpty();
            assertThat(timer.timeLeft()).as("cancelled").isEmpty();
            assertThat(timer.cancel()).as("already cancelled").isEmpty();
            assertThat(timers.pending()).isZero();
        }
    }

    /**
     * erlang's cancel_timer/1 leaves nothing of the timer behind. A process that re-arms a timer per message,
     * cancelling the last one (the breaker's half-open timer), remembers only the one pending, not every one it
     * ever started; and one that fired is forgotten too.
     */
    @Test
    void timersCancelledOrFired_areForgottenByTheirProcess() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            TimerRef last = runtime.sendAfter(pid, "tick", Duration.ofSeconds(1));
            for (int i = 0; i < 1000; i++) {
                last.cancel();
                last = runtime.sendAfter(pid, "tick", Duration.ofSeconds(1));
            }
            assertThat(runtime.cell(pid).pendingTimers()).as("the one still pending").isEqualTo(1);

            timers.advance(Duration.ofSeconds(1));

            assertThat(takeInfo(events, String.class)).isEqualTo("tick");
            assertThat(runtime.cell(pid).pendingTimers()).as("fired").isZero();
            assertThat(events).as("one tick: the cancelled ones never fire").isEmpty();
        }
    }

    @Test
    void cancel_afterItFired_isEmpty() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            TimerRef timer = runtime.sendAfter(pid, "tick", Duration.ofSeconds(1));
            timers.advance(Duration.ofSeconds(1));

            assertThat(timer.cancel()).isEmpty();
            assertThat(takeInfo(events, String.class)).isEqualTo("tick");
        }
    }

    @Test
    void selfSendAfter_fromACallback_deliversToThatProcess() {
        record Schedule() implements Call<String> { }
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events) {
                @Override
                public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                    if (request instanceof Schedule schedule) {
                        Self.sendAfter("cleanup", Duration.ofMinutes(1));
                        return schedule.reply("scheduled", n);
                    }
                    return super.handleCall(request, from, n);
                }
            });
            pid.call(new Schedule());

            timers.advance(Duration.ofMinutes(1));

            assertThat(takeInfo(events, String.class)).isEqualTo("cleanup");
        }
    }

    /**
     * The guide's periodic work (its SessionStore's schedule_cleanup): init arms send_after(self(), :tick, t), and
     * each tick's handle_info arms the next, so ticks come once a period, each a period after the last was handled.
     */
    @Test
    void aTickReArmedByItsOwnHandler_comesOncePerPeriod() throws InterruptedException {
        record Ticks() implements Call<Long> { }
        Duration period = Duration.ofMinutes(1);
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new GenServer<Long>() {
                @Override
                public Init<Long> init() {
                    Self.sendAfter("tick", period);
                    return Init.ok(0L);
                }

                @Override
                public Result<Long> handleInfo(Object message, Long ticks) {
                    Self.sendAfter("tick", period);
                    return Result.noreply(ticks + 1);
                }

                @Override
                public CallResult<Long> handleCall(Call<?> request, From from, Long ticks) {
                    return ((Ticks) request).reply(ticks, ticks);
                }
            });
            for (int i = 0; i < 5; i++) {
                assertThat(timers.awaitDueIn(period, Fixtures.PATIENCE)).as("armed for the tick after %d", i).isTrue();
                timers.advance(period);
            }
            assertThat(timers.awaitDueIn(period, Fixtures.PATIENCE)).as("armed for the sixth").isTrue();
            timers.advance(period.minusSeconds(1));

            assertThat(pid.call(new Ticks())).isEqualTo(5L);
            assertThat(timers.pending()).as("one tick armed at a time").isEqualTo(1);
        }
    }

    /**
     * erlang's send_after/3: "If Dest is a pid(), the timer is automatically canceled if the process referred to
     * by the pid() is not alive, or if the process exits."
     */
    @Test
    void sendAfter_toAProcessThatExits_isCancelled_andToOneThatHasExited_isCancelledAtOnce() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events));
            TimerRef pending = runtime.sendAfter(pid, "tick", Duration.ofSeconds(1));
            runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);
            events.clear();
            TimerRef late = runtime.sendAfter(pid, "tock", Duration.ofSeconds(1));

            assertThat(pending.timeLeft()).isEmpty();
            assertThat(pending.cancel()).isEmpty();
            assertThat(late.timeLeft()).isEmpty();
            assertThat(timers.pending()).as("nothing left scheduled to hold the process").isZero();
            timers.advance(Duration.ofSeconds(1));
            assertThat(events).isEmpty();
        }
    }

    /**
     * OTP's longest timeout is 16#FFFFFFFF ms: longer is a timeout_value error in a receive. Here it fails in the
     * callback that asks for it, so the process that asked crashes, not its starter. A timer may be longer: erlang's
     * send_after has taken any time up to the end of the clock since OTP 18 (run on OTP 25: 2^32 ms is taken).
     */
    @Test
    void timeoutsPastOtpsLongest_areRefused_inTheProcessThatAsks_butNotTimers() {
        Duration past = Next.MAX_TIMEOUT.plusMillis(1);
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder());
            assertThat(runtime.sendAfter(pid, "tick", past).timeLeft()).contains(past);
            assertThat(runtime.sendAfter(pid, "forever", ChronoUnit.FOREVER.getDuration()).timeLeft()).isPresent();
            timers.advance(past);
            assertThat(takeInfo(events, String.class)).isEqualTo("tick");
            assertThatThrownBy(() -> runtime.sendAfter(pid, "tick", Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class);

            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime,
                    DynamicSupervisorSpec.withMaxChildren(10), StartOptions.DEFAULTS);
            assertThatThrownBy(() -> supervisor.startChild(ChildSpec.temporary("forever",
                    () -> new GenServer<Long>() {
                        @Override
                        public Init<Long> init() {
                            return Init.ok(0L, Duration.ofDays(365 * 300));
                        }
                    }))).isInstanceOf(InitFailedException.class);
            assertThat(supervisor.pid().isAlive()).as("the starter lives on").isTrue();
        }
    }

    @Test
    void idleTimeout_fromInit_deliversIdleTimeoutAfterThePeriod() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder());

            timers.advance(IDLE.minusMillis(1));
            settle(runtime, pid);
            assertThat(idleTimeouts()).isEmpty();

            timers.advance(Duration.ofMillis(1));
            settle(runtime, pid);
            assertThat(idleTimeouts()).hasSize(1);
        }
    }

    @Test
    void idleTimeout_isReArmedByEveryResultCarryingOne() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder());

            timers.advance(Duration.ofMillis(60));
            pid.call(new Touch());                    // from a call
            timers.advance(Duration.ofMillis(60));    // 120 since init, 60 since the touch
            settle(runtime, pid);
            assertThat(idleTimeouts()).isEmpty();

            pid.cast("poke");                          // from a cast
            settle(runtime, pid);
            timers.advance(Duration.ofMillis(99));
            settle(runtime, pid);
            assertThat(idleTimeouts()).isEmpty();

            timers.advance(Duration.ofMillis(1));
            settle(runtime, pid);
            assertThat(idleTimeouts()).hasSize(1);
        }
    }

    @Test
    void idleTimeout_fires_onceThenStaysQuietUntilReArmed() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder());
            timers.advance(IDLE);
            settle(runtime, pid);
            assertThat(idleTimeouts()).hasSize(1);

            timers.advance(IDLE.multipliedBy(5));
            settle(runtime, pid);
            assertThat(idleTimeouts()).as("handleInfo returned no timeout").isEmpty();

            pid.call(new Touch());
            timers.advance(IDLE);
            settle(runtime, pid);
            assertThat(idleTimeouts()).hasSize(1);
        }
    }

    /**
     * gen_server's loop receives with {@code after 0}: the timeout comes as soon as the mailbox is empty, however
     * slow the clock, and a message already queued is received first (and its result decides the timeout).
     */
    @Test
    void aZeroIdleTimeout_comesAsSoonAsTheMailboxIsEmpty_withoutTheClock_afterWhatWasQueued() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder());
            pid.call(new Quiet());

            pid.call(new Now());
            settle(runtime, pid);
            assertThat(idleTimeouts()).as("no time passed").hasSize(1);

            runtime.suspend(pid, Duration.ofSeconds(5));
            CompletableFuture<String> now = pid.callAsync(new Now(), Duration.ofSeconds(5));
            pid.cast("queued");
            runtime.resume(pid, Duration.ofSeconds(5));
            assertThat(join(now)).isEqualTo("now");
            settle(runtime, pid);
            assertThat(idleTimeouts()).as("the queued cast came first and armed its own timeout").isEmpty();
            timers.advance(IDLE);
            settle(runtime, pid);
            assertThat(idleTimeouts()).hasSize(1);
        }
    }

    @Test
    void idleTimeout_isCancelledByAResultWithoutOne() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder());

            pid.call(new Quiet());
            timers.advance(IDLE.multipliedBy(10));
            settle(runtime, pid);

            assertThat(idleTimeouts()).isEmpty();
        }
    }

    /** gen_server's system_continue loops again with a fresh {@code after Time}: sys:get_status restarts it. */
    @Test
    void idleTimeout_isRestartedBySystemMessages_notCancelled() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder());
            timers.advance(IDLE.minusMillis(10));

            runtime.status(pid, Fixtures.PATIENCE);
            settle(runtime, pid); // the reply goes before the process restarts its timeout, as in OTP's system loop
            timers.advance(IDLE.minusMillis(10));
            settle(runtime, pid);
            assertThat(idleTimeouts()).as("past the first deadline, within the restarted one").isEmpty();

            timers.advance(Duration.ofMillis(10));
            settle(runtime, pid);
            assertThat(idleTimeouts()).hasSize(1);
        }
    }

    @Test
    void handleContinue_runsBeforeTheNextMessage() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder());

            assertThat(pid.call(new Later("warm-up"))).isEqualTo("later");
            pid.cast("next");
            settle(runtime, pid);

            assertThat(drain(events)).containsExactly(new Later("warm-up"), "continue warm-up", "next");
        }
    }

    @Test
    void handleContinue_runsBeforeMessagesQueuedWhileTheCallRan() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Probe.Block block = Probe.Block.newBlock();
            Pid pid = runtime.start(new GenServer<String>() {
                @Override
                public Init<String> init() {
                    return Init.ok("");
                }

                @Override
                public Result<String> handleCast(Object message, String state) {
                    if (message instanceof Probe.Block(var entered, var release)) {
                        entered.countDown();
                        Fixtures.await(release);
                        return Result.noreply(state, Next.continueWith("after block"));
                    }
                    events.add(message);
                    return Result.noreply(state);
                }

                @Override
                public Result<String> handleContinue(Object arg, String state) {
                    events.add(arg);
                    return Result.noreply(state);
                }
            });
            pid.cast(block);
            Fixtures.await(block.entered());
            pid.cast("queued while blocked");

            block.release().countDown();
            settle(runtime, pid);

            assertThat(drain(events)).containsExactly("after block", "queued while blocked");
        }
    }

    @Test
    void handleContinue_thatCrashes_endsTheProcess() {
        Fixtures.Exits exits = new Fixtures.Exits();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid pid = runtime.start(new Probe() {
                @Override
                public Init<Long> init() {
                    return Init.ok(0L, Next.continueWith("fail"));
                }
            });

            assertThat(exits.await(pid).cause()).isInstanceOf(UnexpectedMessageException.class);
        }
    }

    @Test
    void hibernate_isAcceptedAndTheProcessCarriesOn() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Recorder());

            assertThat(pid.call(new Sleep())).isEqualTo("zzz");
            assertThat(pid.call(new Quiet())).isEqualTo("quiet");
            assertThat(pid.isAlive()).isTrue();
        }
    }
}
