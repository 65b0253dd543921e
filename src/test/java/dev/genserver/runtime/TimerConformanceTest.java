package dev.genserver.runtime;

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
 * exit, never by its starter's), and the order of timers that fall due apart or together. The script waits its
 * delays out for real, and prints a time left as a range it must lie in; the tests here move past them by hand and
 * read exact times. The script's F (a zero timer against a send right after it) has no test here: this runtime's
 * zero timer fires on its timer thread at once ({@link ProcessRuntime#sendAfter(Pid, Object, Duration)}).
 */
class TimerConformanceTest {

    private static final Recorded RECORDED = Recorded.load("/conformance/timers.txt");
    private static final Duration PATIENCE = Fixtures.PATIENCE;

    private final ManualTimers timers = new ManualTimers();
    private final ProcessRuntime runtime = Fixtures.runtime(timers);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Recorded.Printout printed = RECORDED.printout();

    @AfterEach
    void close() {
        runtime.close();
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
            BlockingQueue<Object> watched = watch(destination);
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
        BlockingQueue<Object> watched = watch(starter);
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

    // ---------------------------------------------------------------- the script's R, and its helpers

    /** The script's {@code {msg, ms}}: a timer R starts for itself. */
    record Armed(String message, Duration delay) {
    }

    /** The script's {@code {:arm, timers}}: R starts {@code Process.send_after(self(), msg, ms)} for each in turn. */
    record Arm(List<Armed> timers) {
    }

    /**
     * The script's {@code R}: records each info as {@code {:info, msg}}, and on an {@link Arm} starts its timers for
     * itself.
     */
    private final class R implements GenServer<Object> {
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
            events.add("{:info, :" + message + "}");
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

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
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

    /** A process monitoring {@code pid}, as the script's {@code Process.monitor}: what it receives. */
    private BlockingQueue<Object> watch(Pid pid) {
        BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        runtime.monitor(runtime.start(new Probe("watcher", received)), pid);
        return received;
    }

    private String events() {
        return "[" + String.join(", ", events) + "]";
    }
}
