package dev.genserver.runtime;

import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sys requests against OTP itself, not against a reading of it: {@code src/test/conformance/sys.exs} runs each
 * scenario with {@code :sys.suspend}, {@code resume}, {@code get_state}, {@code replace_state} and
 * {@code get_status} and prints what it saw (what the server handled, in order, what each request and call
 * answered, what a monitor was told), and its output, recorded in {@code conformance/sys.txt}, is what each test
 * here must print from this runtime, line for line. The scenarios are sys.erl's suspend loop (what gets through
 * to a suspended process and what waits for the resume, a stop, a kill and exit signals meanwhile, suspends that
 * do not nest) and gen_server's answers to the requests (a replace_state function that raises, an idle timeout
 * across a suspension, get_status running and suspended). The script waits its timeouts out for real; the tests
 * here move past them by hand.
 */
class SysConformanceTest {

    private static final Recorded RECORDED = Recorded.load("/conformance/sys.txt");
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
    void A_messagesSentWhileSuspended_queueUnhandled_andAfterTheResumeAreHandledInTheOrderTheyArrived() {
        Pid pid = runtime.start(new S(0));
        pid.cast("before");
        printed.show("A suspend", attempt(() -> suspend(pid)));
        pid.cast("a");
        CompletableFuture<String> call = Fixtures.async(() -> attempt(() -> pid.call(new Req("b"))));
        Fixtures.awaitMailbox(runtime, pid, 2);
        pid.send("c");
        pid.cast("d");
        printed.show("A get_state while suspended", term(runtime.getState(pid, PATIENCE)));
        printed.show("A message_queue_len while suspended", queueLength(pid));
        printed.show("A events while suspended", events());
        printed.show("A resume", attempt(() -> resume(pid)));
        printed.show("A queued call", Fixtures.join(call));
        runtime.getState(pid, PATIENCE);
        printed.show("A events after the resume", events());
        printed.assertAsOtp("A");
    }

    @Test
    void B_aCallToASuspendedProcessTimesOut_isHandledAfterTheResumeAllTheSame_andItsLateReplyNeverArrives() {
        Duration timeout = Duration.ofMillis(100);
        Pid pid = runtime.start(new S(0));
        suspend(pid);
        List<String> mailbox = new CopyOnWriteArrayList<>();
        Pid caller = runtime.start(new Caller(mailbox));
        Fixtures.timeOutTheWait(timers, timeout);
        caller.call(new Run(() -> {
            printed.show("B call while suspended", attempt(() -> pid.call(new Req("slow"), timeout)));
            resume(pid);
            printed.show("B call after the resume", attempt(() -> pid.call(new Req("next"))));
            return "done";
        }), PATIENCE);
        Mailboxes.awaitHandled(runtime, caller);
        printed.show("B caller mailbox", "[" + String.join(", ", mailbox) + "]");
        printed.show("B events", events());
        printed.assertAsOtp("B");
    }

    @Test
    void C_getStateReplaceStateAndGetStatus_answerWhileSuspended_andHandlersAfterTheResumeSeeTheReplacedState() {
        Pid pid = runtime.start(new S(1));
        suspend(pid);
        pid.cast("queued");
        printed.show("C get_state while suspended", term(runtime.getState(pid, PATIENCE)));
        printed.show("C replace_state while suspended",
                term(runtime.replaceState(pid, (Long n) -> n + 10, PATIENCE)));
        printed.show("C get_status while suspended", status(pid));
        printed.show("C events while suspended", events());
        resume(pid);
        printed.show("C call after the resume", attempt(() -> pid.call(new Req("get"))));
        printed.show("C events after the resume", events());
        printed.assertAsOtp("C");
    }

    @Test
    void D_aReplaceStateFunctionThatRaises_failsTheCallerWithCallbackFailed_andLeavesTheStateAndProcessAsTheyWere() {
        for (String sysState : List.of("running", "suspended")) {
            events.clear();
            Pid pid = runtime.start(new S(1));
            if (sysState.equals("suspended")) {
                suspend(pid);
            }
            String label = "D " + sysState;
            printed.show(label + " replace_state raising", replace(pid, n -> {
                throw new IllegalStateException("boom");
            }));
            printed.show(label + " get_status after", status(pid));
            printed.show(label + " alive", pid.isAlive());
            printed.show(label + " events", events());
            runtime.stop(pid, ExitReason.NORMAL, PATIENCE);
        }
        printed.assertAsOtp("D");
    }

    @Test
    void E_suspendsDoNotNest_suspendedTwice_oneResumeResumes() {
        Pid pid = runtime.start(new S(0));
        printed.show("E suspend twice", "[" + attempt(() -> suspend(pid)) + ", " + attempt(() -> suspend(pid)) + "]");
        pid.cast("queued");
        printed.show("E get_status suspended twice", status(pid));
        printed.show("E resume once", attempt(() -> resume(pid)));
        printed.show("E get_status after one resume", status(pid));
        printed.show("E events", events());
        printed.assertAsOtp("E");
    }

    @Test
    void F_resumingAProcessNotSuspended_answersOk_andChangesNothing() {
        Pid pid = runtime.start(new S(0));
        printed.show("F resume of a running process", attempt(() -> resume(pid)));
        pid.cast("after");
        printed.show("F get_status", status(pid));
        printed.show("F events", events());
        printed.assertAsOtp("F");
    }

    @Test
    void G_aStopOfASuspendedProcess_runsTerminateAtOnce_andFailsWhatWasQueued_andAKillTheSameWithoutTerminate() {
        Pid pid = runtime.start(new S(0));
        BlockingQueue<Object> watched = Fixtures.watch(runtime, pid);
        suspend(pid);
        pid.cast("queued");
        CompletableFuture<String> call = Fixtures.async(() -> attempt(() -> pid.call(new Req("queued_call"))));
        Fixtures.awaitMailbox(runtime, pid, 2);
        printed.show("G stop", attempt(() -> {
            runtime.stop(pid, ExitReason.NORMAL, PATIENCE);
            return "ok";
        }));
        printed.show("G queued call", Fixtures.join(call));
        printed.show("G events", events());
        printed.show("G down", Fixtures.down(watched));

        events.clear();
        Pid killed = runtime.start(new S(0));
        BlockingQueue<Object> watchedKilled = Fixtures.watch(runtime, killed);
        suspend(killed);
        killed.cast("queued");
        CompletableFuture<String> killedCall = Fixtures.async(() -> attempt(() -> killed.call(new Req("queued_call"))));
        Fixtures.awaitMailbox(runtime, killed, 2);
        runtime.getState(killed, PATIENCE);
        runtime.kill(killed);
        printed.show("G killed, queued call", Fixtures.join(killedCall));
        printed.show("G killed, events", events());
        printed.show("G killed, down", Fixtures.down(watchedKilled));
        printed.assertAsOtp("G");
    }

    @Test
    void H_aSuspendedProcessTrappingExits_takesItsParentsExitAtOnce_whileAnotherLinksWaitsForTheResume() {
        Pid parent = runtime.start(new Probe("parent", new LinkedBlockingQueue<>()));
        Pid child = Fixtures.startLinked(runtime, new S(0).trapping(), StartOptions.DEFAULTS, parent);
        BlockingQueue<Object> watched = Fixtures.watch(runtime, child);
        suspend(child);
        child.cast("queued");
        runtime.stop(parent, ExitReason.abnormal("bye"), PATIENCE);
        printed.show("H trapping, its parent's exit, down", Fixtures.down(watched));
        printed.show("H trapping, its parent's exit, events", events());

        events.clear();
        Pid trapping = runtime.start(new S(0).trapping());
        Pid other = linkedTo(trapping);
        suspend(trapping);
        runtime.stop(other, ExitReason.abnormal("bye"), PATIENCE);
        Fixtures.awaitMailbox(runtime, trapping, 1);
        printed.show("H trapping, another link's exit, get_status", status(trapping));
        printed.show("H trapping, another link's exit, events while suspended", events());
        resume(trapping);
        runtime.getState(trapping, PATIENCE);
        printed.show("H trapping, another link's exit, events after the resume", events());
        runtime.stop(trapping, ExitReason.NORMAL, PATIENCE);

        events.clear();
        Pid notTrapping = runtime.start(new S(0));
        BlockingQueue<Object> watchedNotTrapping = Fixtures.watch(runtime, notTrapping);
        Pid another = linkedTo(notTrapping);
        suspend(notTrapping);
        runtime.stop(another, ExitReason.abnormal("bye"), PATIENCE);
        printed.show("H not trapping, another link's exit, down", Fixtures.down(watchedNotTrapping));
        printed.show("H not trapping, another link's exit, events", events());

        for (boolean trap : List.of(true, false)) {
            events.clear();
            Supervisor sup = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("c", () -> trap ? new S(0).trapping() : new S(0))),
                    StartOptions.DEFAULTS);
            Pid pid = sup.child("c").orElseThrow();
            suspend(pid);
            pid.cast("queued");
            String label = "H " + (trap ? "trapping" : "not trapping") + ", its supervisor's terminate_child";
            printed.show(label, ConformanceProbe.terminated(sup, "c"));
            printed.show(label + ", events", events());
            runtime.stop(sup.pid(), ExitReason.NORMAL, PATIENCE);
        }
        printed.assertAsOtp("H");
    }

    @Test
    void I_anIdleTimeout_doesNotFireWhileSuspended_countsAfreshFromTheResume_andAQueuedCastComesFirst() {
        Pid pid = runtime.start(new S(0).idleTimeout(ms(400)));
        timers.advance(ms(100));
        suspend(pid);
        timers.advance(ms(500));
        printed.show("I events 600 ms after the start, suspended at 100 ms", events());
        resume(pid);
        long resumedAt = timers.nanoTime();
        Mailboxes.awaitHandled(runtime, pid);
        timers.advance(ms(250));
        Mailboxes.awaitHandled(runtime, pid);
        printed.show("I events 250 ms after the resume", events());
        timers.advance(ms(150));
        Waiting.until("the timeout", () -> events.size() == 1);
        long firedAfter = TimeUnit.NANOSECONDS.toMillis(timers.nanoTime() - resumedAt);
        printed.show("I fired 390..700 ms after the resume", firedAfter >= 390 && firedAfter <= 700);
        printed.show("I events once it fired", events());
        runtime.stop(pid, ExitReason.NORMAL, PATIENCE);

        events.clear();
        Pid queued = runtime.start(new S(0).idleTimeout(ms(300)));
        suspend(queued);
        queued.cast("queued");
        timers.advance(ms(400));
        resume(queued);
        Mailboxes.awaitHandled(runtime, queued);
        timers.advance(ms(450));
        Mailboxes.awaitHandled(runtime, queued);
        printed.show("I events 450 ms after a resume with a cast queued", events());
        printed.assertAsOtp("I");
    }

    @Test
    void J_aSuspendThatTimesOutOnABusyProcess_staysQueued_andSuspendsItOnceItGetsThere() {
        CountDownLatch release = new CountDownLatch(1);
        Pid pid = runtime.start(new S(0).blockingUntil(release));
        pid.cast("block");
        Waiting.until("the cast blocks", () -> events.size() == 1);
        Duration timeout = ms(100);
        Fixtures.timeOutTheWait(timers, timeout);
        printed.show("J suspend of a busy process", attempt(() -> {
            runtime.suspend(pid, timeout);
            return "ok";
        }));
        pid.cast("after");
        release.countDown();
        printed.show("J get_status once it is done", status(pid));
        printed.show("J events", events());
        resume(pid);
        runtime.getState(pid, PATIENCE);
        printed.show("J events after the resume", events());
        printed.assertAsOtp("J");
    }

    @Test
    void K_getStatus_showsTheStateAsFormatStatusRendersIt_andWhetherTheProcessIsSuspended() {
        Pid pid = runtime.start(new Secretive(), StartOptions.DEFAULTS);
        printed.show("K get_status running", status(pid));
        suspend(pid);
        printed.show("K get_status suspended", status(pid));
        printed.show("K get_state suspended", term(runtime.getState(pid, PATIENCE)));
        printed.assertAsOtp("K");
    }

    /**
     * gen_server's idle timeout is the {@code after} of its receive, no message: here its check is an envelope in
     * the mailbox (kept aside until the resume), which counted as a waiting message (2) until it was left out.
     */
    @Test
    void L_whatWaitsInASuspendedMailbox_isTheMessagesSentToIt_anIdleTimeoutPastDueIsNone() {
        Pid pid = runtime.start(new S(0).idleTimeout(ms(100)));
        suspend(pid);
        pid.cast("queued");
        timers.advance(ms(200));
        printed.show("L message_queue_len with a cast queued and the timeout past due", queueLength(pid));
        printed.assertAsOtp("L");
    }

    // ---------------------------------------------------------------- the script's S, and its helpers

    /** A call as the script makes it: {@code GenServer.call(pid, :name)}. */
    record Req(String name) implements Call<Object> {
    }

    /** The caller's call in B: runs {@code step} inside the calling process. */
    record Run(Supplier<String> step) implements Call<String> {
    }

    /** K's state, {@code {:secret, n}}, and what its {@code format_status} shows of it, {@code {:redacted, n}}. */
    record Secret(long n) {
    }

    record Redacted(long n) {
    }

    /**
     * The script's {@code S}: a number as its state; a call {@code :get} answers it, any other call its own name;
     * every cast, call, info and terminate is recorded, a cast {@code :block} waiting for the test's release
     * first. It traps exits, and returns an idle timeout from its init, if told to.
     */
    private final class S implements GenServer<Object> {
        private final long initial;
        private boolean trap;
        private Duration timeout;
        private CountDownLatch release = new CountDownLatch(0);

        S(long initial) {
            this.initial = initial;
        }

        S trapping() {
            this.trap = true;
            return this;
        }

        S idleTimeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        S blockingUntil(CountDownLatch release) {
            this.release = release;
            return this;
        }

        @Override
        public Init<Object> init() {
            Self.trapExits(trap);
            return timeout == null ? Init.ok(initial) : Init.ok(initial, timeout);
        }

        @Override
        public CallResult<Object> handleCall(Call<?> request, From from, Object state) {
            Req req = (Req) request;
            if (req.name().equals("get")) {
                return req.reply(state, state);
            }
            record("{:call, :" + req.name() + "}");
            return req.reply(req.name(), state);
        }

        @Override
        public Result<Object> handleCast(Object message, Object state) {
            record("{:cast, :" + message + "}");
            if (message.equals("block")) {
                waitFor(release);
            }
            return Result.noreply(state);
        }

        @Override
        public Result<Object> handleInfo(Object message, Object state) {
            record("{:info, " + switch (message) {
                case Exit exit -> "{:EXIT, :pid, " + Recorded.elixir(exit.reason()) + "}";
                case IdleTimeout timeout -> ":timeout";
                default -> term(message);
            } + "}");
            return Result.noreply(state);
        }

        @Override
        public void terminate(ExitReason reason, Object state) {
            record("{:terminate, " + Recorded.elixir(reason) + "}");
        }
    }

    /** K's server: its {@code formatStatus} redacts its state. */
    private static final class Secretive implements GenServer<Secret> {
        @Override
        public Init<Secret> init() {
            return Init.ok(new Secret(1));
        }

        @Override
        public Object formatStatus(Secret state) {
            return new Redacted(state.n());
        }
    }

    /** B's caller: runs each {@link Run} it is called with, and records the messages that reach it. */
    private static final class Caller implements GenServer<Object> {
        private final List<String> mailbox;

        Caller(List<String> mailbox) {
            this.mailbox = mailbox;
        }

        @Override
        public Init<Object> init() {
            return Init.ok("nil");
        }

        @Override
        public CallResult<Object> handleCall(Call<?> request, From from, Object state) {
            return ((Run) request).reply(((Run) request).step().get(), state);
        }

        @Override
        public Result<Object> handleInfo(Object message, Object state) {
            mailbox.add(term(message));
            return Result.noreply(state);
        }
    }

    /** A term as the script's {@code inspect} prints it: a name as an atom. */
    private static String term(Object value) {
        return switch (value) {
            case null -> "nil";
            case String atom -> ":" + atom;
            case Secret(long n) -> "{:secret, " + n + "}";
            case Redacted(long n) -> "{:redacted, " + n + "}";
            default -> String.valueOf(value);
        };
    }

    /** {@code :sys.get_status} as the script prints it: {@code {sys_state, state as format_status shows it}}. */
    private String status(Pid pid) {
        Object formatted = runtime.status(pid, PATIENCE);
        String sysState = runtime.info(pid).status().equals("suspended") ? ":suspended" : ":running";
        return "{" + sysState + ", " + term(formatted) + "}";
    }

    private String queueLength(Pid pid) {
        return "{:message_queue_len, " + runtime.info(pid).mailbox() + "}";
    }

    /** What {@code :sys.replace_state} answers, or the script's {@code {:error, {:callback_failed, :crash}}}. */
    private String replace(Pid pid, UnaryOperator<Long> function) {
        try {
            return term(runtime.replaceState(pid, function, PATIENCE));
        } catch (CallbackFailedException failed) {
            return "{:error, {:callback_failed, :crash}}";
        }
    }

    /** {@code :sys.suspend(pid)}, answering {@code "ok"} as {@link #term} prints {@code :ok}. */
    private String suspend(Pid pid) {
        runtime.suspend(pid, PATIENCE);
        return "ok";
    }

    private String resume(Pid pid) {
        runtime.resume(pid, PATIENCE);
        return "ok";
    }

    /** What a call, sys request or stop answers, or, as the script's {@code T.attempt}, {@code {:exit, reason}}. */
    private static String attempt(Supplier<?> call) {
        try {
            return term(call.get());
        } catch (ProcessExitException exited) {
            return "{:exit, " + Recorded.elixir(exited.reason()) + "}";
        } catch (NoProcessException noproc) {
            return "{:exit, :noproc}";
        } catch (CallTimeoutException timeout) {
            return "{:exit, :timeout}";
        }
    }

    /** A process linked to {@code pid}, as the script's {@code T.linked_to}; stopping it sends {@code pid} its exit. */
    private Pid linkedTo(Pid pid) {
        return Fixtures.startLinked(runtime, new Probe("other", new LinkedBlockingQueue<>()), StartOptions.DEFAULTS,
                pid);
    }

    /** A wait inside a callback, for the test's next step. */
    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private void record(String event) {
        events.add(event);
    }

    private String events() {
        return "[" + String.join(", ", events) + "]";
    }
}
