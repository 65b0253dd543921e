package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Timers against OTP itself, not against a reading of it: {@code src/test/conformance/timers.exs} runs each scenario
 * with Elixir's {@code Process.send_after}, {@code read_timer} and {@code cancel_timer} and prints what it saw (what
 * a server received, in order, and what each read and cancel answered), and its output, recorded in
 * {@code conformance/timers.txt}, is what each test here must print from this runtime, line for line. The scenarios
 * are what {@code erlang:send_after/3} promises and what it leaves to its implementation: the answers of a read and
 * a cancel before and after the timer ends, the timer's binding to its destination (cancelled by the destination's
 * exit, never by its starter's), the order of timers that fall due apart or together, and a timer to a name, which
 * the name's holder when it fires receives (K). The script waits its
 * delays out for real, and prints a time left as a range it must lie in; the tests here move past them by hand and
 * read exact times, except for the zero timers (F to I): erts fires one only once the process that started it
 * yields, and what that orders it against is real time's race with the sender, so those run on the real timer
 * service ({@link #realTime}).
 */
class TimerConformanceTest {

    private static final Recorded RECORDED = Recorded.load("/conformance/timers.txt");
    private static final Duration PATIENCE = Fixtures.PATIENCE;

    private final ManualTimers timers = new ManualTimers();
    private final ProcessRuntime runtime = Fixtures.runtime(timers);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Recorded.Printout printed = RECORDED.printout();
    /** For the zero timers: the default timer service, firing on its own thread as soon as a timer is due. */
    private final ProcessRuntime realTime = ProcessRuntime.create();

    @AfterEach
    void close() {
        runtime.close();
        realTime.close();
    }

    @Test
    void A_aTimersMessageComesOnceItsDelayHasPassed_andReadTimerTellsTheTimeLeftThenFalse() {
        Pid r = runtime.start(new R());
        TimerRef ref = runtime.sendAfter(r, "tick", ms(1000));
        printed.show("A read at once in 900..1000", within(ref.timeLeft(), 900, 1000));
        timers.advance(ms(300));
        Mailboxes.awaitHandled(runtime, r);
        printed.show("A read after 300 ms in 600..700", within(ref.timeLeft(), 600, 700));
        printed.show("A events after 300 ms", events());
        timers.advance(ms(700));
        Waiting.until("the tick", () -> events.size() == 1);
        printed.show("A events after 1000 ms", events());
        printed.show("A read after it fired", left(ref.timeLeft()));
        printed.show("A cancel after it fired", left(ref.cancel()));
        printed.assertAsOtp("A");
    }

    @Test
    void B_cancelTimer_answersTheTimeLeft_theMessageNeverComes_andReadAndCancelThenAnswerFalse() {
        Pid r = runtime.start(new R());
        TimerRef ref = runtime.sendAfter(r, "tick", ms(500));
        timers.advance(ms(200));
        printed.show("B cancel after 200 ms in 200..300", within(ref.cancel(), 200, 300));
        printed.show("B read after the cancel", left(ref.timeLeft()));
        printed.show("B cancel again", left(ref.cancel()));
        timers.advance(ms(500));
        Mailboxes.awaitHandled(runtime, r);
        printed.show("B events after 700 ms", events());
        printed.assertAsOtp("B");
    }

    @Test
    void C_aTimerToAnExitedPid_isCancelledAtOnce_andOnePendingIsCancelledByItsDestinationsExit() {
        Pid r = runtime.start(new R());
        runtime.stop(r, ExitReason.NORMAL, PATIENCE);
        TimerRef ref = runtime.sendAfter(r, "tick", ms(1000));
        printed.show("C read of a timer to an exited pid", left(ref.timeLeft()));
        printed.show("C cancel of a timer to an exited pid", left(ref.cancel()));
        printed.show("C after its destination's DOWN, every one of 100 runs read", every(100, () -> {
            Pid destination = runtime.start(new R());
            TimerRef pending = runtime.sendAfter(destination, "tick", ms(1000));
            BlockingQueue<Object> watched = Fixtures.watch(runtime, destination);
            runtime.stop(destination, ExitReason.NORMAL, PATIENCE);
            Fixtures.takeInfo(watched, Down.class);
            return "{" + left(pending.timeLeft()) + ", " + left(pending.cancel()) + "}";
        }));
        printed.assertAsOtp("C");
    }

    @Test
    void D_aTimerIsBoundToItsDestination_notToItsStarter_soItOutlivesItsStarterAndFires() {
        Pid r = runtime.start(new R());
        Pid starter = runtime.start(new Starter());
        BlockingQueue<Object> watched = Fixtures.watch(runtime, starter);
        TimerRef ref = starter.call(new StartTimer(r, "tick", ms(200)));
        printed.show("D starter down", Recorded.elixir(Fixtures.takeInfo(watched, Down.class).reason()));
        printed.show("D starter alive", starter.isAlive());
        printed.show("D read after its starter exited in 1..200", within(ref.timeLeft(), 1, 200));
        timers.advance(ms(200));
        Waiting.until("the tick", () -> events.size() == 1);
        printed.show("D events after 200 ms", events());
        printed.assertAsOtp("D");
    }

    @Test
    void E_timersComeInTheOrderTheyFallDue_andThoseOfEqualDelayInTheOrderTheyWereStarted() {
        Pid r = runtime.start(new R());
        r.cast(new Arm(List.of(new Armed("a", ms(300)), new Armed("b", ms(100)), new Armed("c", ms(200)))));
        Mailboxes.awaitHandled(runtime, r);
        timers.advance(ms(300));
        Waiting.until("the three timers", () -> events.size() == 3);
        printed.show("E events in due order", events());
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Pid probe = runtime.start(new Probe("probe", received));
        printed.show("E equal delays, every one of 200 runs received", every(200, () -> {
            for (int i = 1; i <= 5; i++) {
                runtime.sendAfter(probe, i, ms(10));
            }
            timers.advance(ms(10));
            List<String> order = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                order.add(String.valueOf(Fixtures.takeInfo(received, Integer.class)));
            }
            return "[" + String.join(", ", order) + "]";
        }));
        printed.assertAsOtp("E");
    }

    @Test
    void F_aZeroTimerComesOnceItsStarterYields_afterWhatItSentNext_andReadOrCancelledBeforeThenAnswers0() {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Pid f = realTime.start(new ZeroTimers(received));
        printed.show("F zero timer then a send, every one of 1000 runs received", every(1000, () -> {
            f.cast("zero timer, then a send");
            return "[:" + next(received) + ", :" + next(received) + "]";
        }));
        printed.show("F zero timer read then cancelled at once, every one of 1000 runs answered", every(1000, () -> {
            String answers = f.call(new ReadAndCancelAZeroTimer());
            // the fence, a zero timer started after the cancel, would come after the cancelled one if that came
            String came = ":never";
            for (String message = next(received); !message.equals("fence"); message = next(received)) {
                came = ":came";
            }
            return "{" + answers + ", " + came + "}";
        }));
        Pid named = realTime.start(new ZeroTimers(received), StartOptions.named(Name.local("f_main")));
        printed.show("F zero timer to a name then a send, every one of 1000 runs received", every(1000, () -> {
            named.cast("zero timer to a name, then a send");
            return "[:" + next(received) + ", :" + next(received) + "]";
        }));
        printed.assertAsOtp("F");
    }

    @Test
    void G_aZeroTimerToAnotherProcess_comesThoughItsStarterStoppedInTheCallbackThatStartedIt() {
        Pid r = realTime.start(new R());
        printed.show("G a zero timer its starter left behind, every one of 100 runs received", every(100, () -> {
            events.clear();
            realTime.start(new ZeroTimers(null)).call(new ZeroTimerThenStop(r, "tick"));
            Waiting.until("the tick", () -> events.size() == 1);
            return events();
        }));
        String fromInit = "G a zero timer an init that stopped left behind, every one of 100 runs received";
        printed.show(fromInit, every(100, () -> {
            events.clear();
            assertThatThrownBy(() -> realTime.start(new ZeroTimerThenStopInit(r)))
                    .isInstanceOf(InitFailedException.class);
            Waiting.until("the tick", () -> events.size() == 1);
            return events();
        }));
        printed.assertAsOtp("G");
    }

    @Test
    void H_aCallerWaitingForAReplyHasYielded_soItsZeroTimerComesToTheServerThatAnswersOnceItHas() {
        Pid w = realTime.start(new W());
        Pid caller = realTime.start(new ZeroTimers(null));
        printed.show("H the call answered", ":" + caller.call(new ZeroTimerThenCall(w)));
        printed.show("H events of the server", events());
        Pid started = realTime.start(new ZeroTimers(null));
        printed.show("H a started process's init called it and was answered",
                ":" + started.call(new ZeroTimerThenStart(realTime.start(new W()))));
        printed.assertAsOtp("H");
    }

    @Test
    void J_aStarterWaitingFurtherOn_throughAServerOrASupervisorOrAStartTimeout_hasYieldedToo() {
        Pid relay = realTime.start(new ZeroTimers(null));
        printed.show("J a call through a server that called it was answered",
                ":" + j(w -> new ZeroTimerThenCall(w, relay)));
        DynamicSupervisor supervisor = DynamicSupervisor.start(realTime,
                new DynamicSupervisorSpec(100, 3, Duration.ofSeconds(5)), StartOptions.DEFAULTS);
        printed.show("J a dynamic supervisor's child whose init called it was answered",
                ":" + j(w -> new ZeroTimerThenStart(w, supervisor)));
        printed.show("J a start with a start timeout whose init called it was answered",
                ":" + j(w -> new ZeroTimerThenStart(w, StartOptions.DEFAULTS.withStartTimeout(ms(5000)))));
        printed.assertAsOtp("J");
    }

    /**
     * A timer to a name: the name is looked up when the timer fires, so the timer outlives the holder the name had
     * when it was started (its exit does not cancel it, as it does a timer to its pid: C) and goes to whoever holds
     * the name then; one to a name nobody holds then is dropped, without an error (the firing runs on the test's
     * {@code advance}, which would throw it).
     */
    @Test
    void K_aTimerToAName_goesToWhoeverHoldsItWhenItFires_andOneToAFreeNameIsDroppedWithoutAnError() {
        Pid first = runtime.start(new R("first"), StartOptions.named(Name.local("k_name")));
        TimerRef ref = runtime.sendAfter("k_name", "tick", ms(200));
        runtime.stop(first, ExitReason.NORMAL, PATIENCE);
        printed.show("K read after the name's holder stopped in 1..200", within(ref.timeLeft(), 1, 200));
        runtime.start(new R("second"), StartOptions.named(Name.local("k_name")));
        timers.advance(ms(200));
        Waiting.until("the tick", () -> events.size() == 1);
        printed.show("K events after 200 ms", events());
        printed.show("K read after it fired", left(ref.timeLeft()));
        TimerRef free = runtime.sendAfter("k_free", "tick", ms(50));
        runtime.sendAfter("k_name", "later", ms(100));
        timers.advance(ms(100));
        Waiting.until("the later tick", () -> events.size() == 2);
        printed.show("K events 100 ms on, a timer to a free name due at 50 ms", events());
        printed.show("K read of the timer to a free name", left(free.timeLeft()));
        printed.assertAsOtp("K");
    }

    /** The script's {@code j}: a new {@code W} and a new starter of zero timers, which handles {@code request}. */
    private String j(Function<Pid, Call<String>> request) {
        Pid w = realTime.start(new W());
        return realTime.start(new ZeroTimers(null)).call(request.apply(w));
    }

    @Test
    void I_aProcessYieldsOnlyBackAtItsMailbox_soASendInTheContinueAfterAZeroTimerComesFirst() {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Pid z = realTime.start(new ZeroTimers(received));
        printed.show("I zero timer, then a send in the continue, every one of 200 runs received", every(200, () -> {
            z.cast("zero timer, then a send in the continue");
            return "[:" + next(received) + ", :" + next(received) + "]";
        }));
        printed.assertAsOtp("I");
    }

    // ---------------------------------------------------------------- the script's R, and its helpers

    /** The script's {@code {msg, ms}}: a timer R starts for itself. */
    record Armed(String message, Duration delay) {
    }

    /** The script's {@code {:arm, timers}}: R starts {@code Process.send_after(self(), msg, ms)} for each in turn. */
    record Arm(List<Armed> timers) {
    }

    /**
     * The script's {@code R}: records each info as {@code {:info, msg}} (or, given a label, as
     * {@code {:info, label, msg}}), and on an {@link Arm} starts its timers for itself.
     */
    private final class R implements GenServer<Object> {
        private final String label;

        R() {
            this(null);
        }

        R(String label) {
            this.label = label;
        }

        @Override
        public Init<Object> init() {
            return Init.ok("nil");
        }

        @Override
        public Result<Object> handleCast(Object message, Object state) {
            for (Armed timer : ((Arm) message).timers()) {
                Self.sendAfter(timer.message(), timer.delay());
            }
            return Result.noreply(state);
        }

        @Override
        public Result<Object> handleInfo(Object message, Object state) {
            events.add(label == null ? "{:info, :" + message + "}" : "{:info, :" + label + ", :" + message + "}");
            return Result.noreply(state);
        }
    }

    /** Asks a {@link Starter} to start a timer to {@code to} and exit, answering the timer. */
    record StartTimer(Pid to, String message, Duration delay) implements Call<TimerRef> {
    }

    /** The script's spawned starter of D: starts a timer to another process, hands it over, and exits normally. */
    private static final class Starter implements GenServer<Object> {
        @Override
        public Init<Object> init() {
            return Init.ok("nil");
        }

        @Override
        public CallResult<Object> handleCall(Call<?> request, From from, Object state) {
            StartTimer start = (StartTimer) request;
            TimerRef ref = Self.runtime().sendAfter(start.to(), start.message(), start.delay());
            return start.stop(ExitReason.NORMAL, ref, state);
        }
    }

    /** F's read and cancel of a zero timer: answers them as the script's {@code {read, cancel}}. */
    record ReadAndCancelAZeroTimer() implements Call<String> {
    }

    /** G: starts a zero timer to {@code to}, then stops in the same callback. */
    record ZeroTimerThenStop(Pid to, String message) implements Call<String> {
    }

    /**
     * H and J: starts a zero timer {@code go} to {@code server}, then calls it with {@link AwaitGo}: itself, or
     * {@code through} another process (J's {@code Relay}), which does.
     */
    record ZeroTimerThenCall(Pid server, Pid through) implements Call<String> {
        ZeroTimerThenCall(Pid server) {
            this(server, null);
        }
    }

    /** J's {@code Relay} call: calls {@code server} with {@link AwaitGo} and answers what it answered. */
    record Relay(Pid server) implements Call<String> {
    }

    /**
     * H and J: starts a zero timer {@code go} to {@code server}, then a process whose init calls it with
     * {@link AwaitGo}: itself, with {@code options}, or {@code under} a dynamic supervisor.
     */
    record ZeroTimerThenStart(Pid server, DynamicSupervisor under, StartOptions options) implements Call<String> {
        ZeroTimerThenStart(Pid server) {
            this(server, null, StartOptions.DEFAULTS);
        }

        ZeroTimerThenStart(Pid server, DynamicSupervisor under) {
            this(server, under, StartOptions.DEFAULTS);
        }

        ZeroTimerThenStart(Pid server, StartOptions options) {
            this(server, null, options);
        }
    }

    /** H's {@code AwaitsGoInInit}: its state is what its init's {@link AwaitGo} answered. */
    private record AwaitsGoInInit(Pid server) implements GenServer<String> {
        @Override
        public Init<String> init() {
            return Init.ok(server.call(new AwaitGo(), Duration.ofSeconds(1)));
        }

        @Override
        public CallResult<String> handleCall(Call<?> request, From from, String state) {
            return ((AwaitGo) request).reply(state, state);
        }
    }

    /** H's call, which the script's {@code W} answers only once its {@code go} has come. */
    record AwaitGo() implements Call<String> {
    }

    /**
     * The scripts' starters of zero timers: F's (its main process) and I's {@code ZeroThenContinue}, which put what
     * they receive in {@code received}; G's {@code ZeroThenStop}; H's {@code GoThenCall} and {@code GoThenStart};
     * J's {@code GoThenWait} and {@code Relay}.
     */
    private static final class ZeroTimers implements GenServer<Object> {
        private final BlockingQueue<Object> received;

        ZeroTimers(BlockingQueue<Object> received) {
            this.received = received;
        }

        @Override
        public Init<Object> init() {
            return Init.ok("nil");
        }

        @Override
        public Result<Object> handleCast(Object message, Object state) {
            if (message.equals("zero timer to a name, then a send")) {
                Self.runtime().sendAfter("f_main", "timer", Duration.ZERO);
                Self.pid().send("sent");
                return Result.noreply(state);
            }
            Self.sendAfter("timer", Duration.ZERO);
            if (message.equals("zero timer, then a send")) {
                Self.pid().send("sent");
                return Result.noreply(state);
            }
            return Result.noreply(state, Next.continueWith("send"));
        }

        @Override
        public Result<Object> handleContinue(Object arg, Object state) {
            Self.pid().send("sent");
            return Result.noreply(state);
        }

        @Override
        public CallResult<Object> handleCall(Call<?> request, From from, Object state) {
            return switch (request) {
                case ReadAndCancelAZeroTimer read -> {
                    TimerRef ref = Self.sendAfter("timer", Duration.ZERO);
                    String answers = "{" + left(ref.timeLeft()) + ", " + left(ref.cancel()) + "}";
                    Self.sendAfter("fence", Duration.ZERO);
                    yield read.reply(answers, state);
                }
                case ZeroTimerThenStop stop -> {
                    Self.runtime().sendAfter(stop.to(), stop.message(), Duration.ZERO);
                    yield stop.stop(ExitReason.NORMAL, "ok", state);
                }
                case ZeroTimerThenStart start -> {
                    Self.runtime().sendAfter(start.server(), "go", Duration.ZERO);
                    AwaitsGoInInit child = new AwaitsGoInInit(start.server());
                    Pid awaiting = start.under() == null ? Self.runtime().start(child, start.options())
                            : start.under().startChild(ChildSpec.temporary("a", () -> child));
                    yield start.reply(awaiting.call(new AwaitGo()), state);
                }
                case ZeroTimerThenCall call -> {
                    Self.runtime().sendAfter(call.server(), "go", Duration.ZERO);
                    yield call.reply(call.through() == null ? call.server().call(new AwaitGo(), Duration.ofSeconds(1))
                            : call.through().call(new Relay(call.server())), state);
                }
                case Relay relay -> relay.reply(relay.server().call(new AwaitGo(), Duration.ofSeconds(1)), state);
                default -> throw new IllegalArgumentException(String.valueOf(request));
            };
        }

        @Override
        public Result<Object> handleInfo(Object message, Object state) {
            received.add(message);
            return Result.noreply(state);
        }
    }

    /** G's {@code ZeroThenStop} started to fail: its init starts a zero timer to {@code to}, then stops. */
    private record ZeroTimerThenStopInit(Pid to) implements GenServer<Object> {
        @Override
        public Init<Object> init() {
            Self.runtime().sendAfter(to, "tick", Duration.ZERO);
            return Init.stop(ExitReason.abnormal("no"));
        }
    }

        /** The script's {@code W}: answers {@link AwaitGo} once {@code go} has come, recording both. */
    private final class W implements GenServer<W.Awaiting> {
        /** Whether {@code go} has come, and the caller waiting for it. */
        record Awaiting(boolean went, From from) {
        }

        @Override
        public Init<Awaiting> init() {
            return Init.ok(new Awaiting(false, null));
        }

        @Override
        public CallResult<Awaiting> handleCall(Call<?> request, From from, Awaiting state) {
            events.add("{:call, :await_go}");
            return state.went() ? ((AwaitGo) request).reply("went", state) : Result.noreply(new Awaiting(false, from));
        }

        @Override
        public Result<Awaiting> handleInfo(Object message, Awaiting state) {
            events.add("{:info, :go}");
            if (state.from() != null) {
                state.from().reply("went");
            }
            return Result.noreply(new Awaiting(true, null));
        }
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** The next message a {@link ZeroTimers} received, as its atom's name. */
    private static String next(BlockingQueue<Object> received) {
        return (String) Fixtures.take(received);
    }

    /** What {@code read_timer} or {@code cancel_timer} answers: the whole milliseconds left, or {@code false}. */
    private static String left(Optional<Duration> timeLeft) {
        return timeLeft.map(left -> String.valueOf(left.toMillis())).orElse("false");
    }

    /** The script's {@code T.within}: whether a time left lies in {@code from..to} ms; {@code false} stays false. */
    private static boolean within(Optional<Duration> timeLeft, long from, long to) {
        return timeLeft.map(Duration::toMillis).filter(ms -> ms >= from && ms <= to).isPresent();
    }

    /** The script's {@code T.every}: what all {@code n} runs answered if they answered alike, else {@code :varies}. */
    private static String every(int n, Supplier<String> run) {
        Set<String> answers = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            answers.add(run.get());
        }
        return answers.size() == 1 ? answers.iterator().next() : ":varies";
    }

    private String events() {
        return "[" + String.join(", ", events) + "]";
    }
}
