package dev.genserver.runtime;

import static dev.genserver.runtime.ConformanceProbe.answer;
import static dev.genserver.runtime.ConformanceProbe.children;
import static dev.genserver.runtime.ConformanceProbe.counts;
import static dev.genserver.runtime.ConformanceProbe.done;
import static dev.genserver.runtime.ConformanceProbe.terminated;

import dev.genserver.testing.JulRecords;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Supervisors against OTP itself, not against a reading of it: {@code src/test/conformance/supervisors.exs} runs each
 * scenario under Elixir's {@code Supervisor} and prints what it saw (the starts and terminates in order, which
 * children run, the counts, what each API call answered), and its output, recorded in
 * {@code conformance/supervisors.txt}, is what each test here must print from this runtime, line for line. The
 * scenarios are the corners of {@code supervisor.erl}'s {@code restart/2}, {@code restart_multiple_children},
 * {@code terminate_children}, {@code try_again_restart} and the child API's clauses, and the reports of a child's
 * own exit ({@code do_restart/3}), of a restart that fails and of the giving up (K to K4), read from the
 * supervisor's log; then what a supervisor's own end does to its children when it is killed (L), and to the
 * supervisor above it when it gives up (M); a child that fails to start with its supervisor (N); last, the child API
 * on a child whose restart failed and is to be tried again (O), and on children ignored or failing as they are added
 * (P) or restarted, which nothing reports (Q); a stray message, cast or call (R); and the child API during a
 * one_for_all restart that failed partway (S).
 */
class SupervisorConformanceTest {

    private static final Recorded RECORDED = Recorded.load("/conformance/supervisors.txt");

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final ProcessRuntime runtime = Fixtures.runtime(timers, exits);
    private final ConformanceProbe.Events events = new ConformanceProbe.Events();
    private final Recorded.Printout printed = RECORDED.printout();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void A_oneForAll_aCrash_stopsTheOthersNewestFirst_thenStartsAllInOrder() {
        Supervisor sup = start(Strategy.ONE_FOR_ALL, 3, spec("a"), spec("b"), spec("c"), spec("d"));
        events.reset();
        crash(pid(sup, "b"));
        sync(sup);
        printed.show("A events", events);
        printed.show("A wc", children(sup));
        printed.show("A cc", counts(sup));
        printed.assertAsOtp("A");
    }

    @Test
    void B_restForOne_stopsTheLaterOnes_andDropsATemporaryOne() {
        Supervisor sup = start(Strategy.REST_FOR_ONE, 3, spec("a"), spec("b", RestartType.TEMPORARY), spec("c"),
                spec("d"));
        events.reset();
        crash(pid(sup, "a"));
        sync(sup);
        printed.show("B events", events);
        printed.show("B wc", children(sup));
        printed.show("B cc", counts(sup));
        printed.assertAsOtp("B");
    }

    @Test
    void C_oneForAll_aRestartThatFails_isTriedAgain_stoppingWhatItHadStarted() {
        events.plan("b").failOn(2);
        Supervisor sup = start(Strategy.ONE_FOR_ALL, 3, spec("a"), spec("b"), spec("c"));
        events.clearEvents();
        crash(pid(sup, "c"));
        Waiting.until("all three running", () -> sup.countChildren().active() == 3);
        printed.show("C events", events);
        printed.show("C wc", children(sup));
        printed.show("C cc", counts(sup));
        printed.assertAsOtp("C");
    }

    @Test
    void C2_oneForAll_restartsThatKeepFailing_countTowardTheIntensity_andTheSupervisorGivesUp() {
        events.plan("b").failFrom(2);
        Supervisor sup = start(Strategy.ONE_FOR_ALL, 2, spec("a"), spec("b"), spec("c"));
        events.clearEvents();
        crash(pid(sup, "c"));
        printed.show("C2 sup exit", Recorded.elixir(exits.await(sup.pid())));
        printed.show("C2 events", events);
        printed.assertAsOtp("C2");
    }

    @Test
    void C3_restForOne_aRestartThatFails_isTriedAgainFromThatChild() {
        events.plan("c").failOn(2);
        Supervisor sup = start(Strategy.REST_FOR_ONE, 3, spec("a"), spec("b"), spec("c"), spec("d"));
        events.clearEvents();
        crash(pid(sup, "b"));
        Waiting.until("all four running", () -> sup.countChildren().active() == 4);
        printed.show("C3 events", events);
        printed.show("C3 wc", children(sup));
        printed.assertAsOtp("C3");
    }

    @Test
    void D_aPermanentChildIgnoringItsRestart_isKeptWithoutAPid() {
        events.plan("a").ignoreOn(2);
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("a"), spec("z"));
        crash(pid(sup, "a"));
        sync(sup);
        printed.show("D wc", children(sup));
        printed.show("D cc", counts(sup));
        printed.show("D restart_child", answer(() -> sup.restartChild("a")));
        printed.show("D delete running", done(() -> sup.deleteChild("a")));
        printed.show("D events", events);
        printed.assertAsOtp("D");
    }

    @Test
    void E_aTransientChildEndingWithShutdown_isKept_andAStartOfItsIdAnswersAsOtp() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("a", RestartType.TRANSIENT));
        stop(pid(sup, "a"), ExitReason.shutdown("x"));
        sync(sup);
        printed.show("E wc", children(sup));
        printed.show("E cc", counts(sup));
        printed.show("E start_child same id", answer(() -> sup.startChild(spec("a", RestartType.TRANSIENT))));
        printed.show("E restart_child", answer(() -> sup.restartChild("a")));
        printed.show("E start_child running id", answer(() -> sup.startChild(spec("a", RestartType.TRANSIENT))));
        printed.assertAsOtp("E");
    }

    @Test
    void F_theChildApi_onUnknownRunningTemporaryAndStoppedChildren() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("t", RestartType.TEMPORARY), spec("p"));
        printed.show("F terminate unknown", terminated(sup, "nope"));
        printed.show("F restart unknown", answer(() -> sup.restartChild("nope")));
        printed.show("F delete unknown", done(() -> sup.deleteChild("nope")));
        printed.show("F restart running", answer(() -> sup.restartChild("p")));
        printed.show("F restart running temp", answer(() -> sup.restartChild("t")));
        printed.show("F delete running temp", done(() -> sup.deleteChild("t")));
        printed.show("F terminate temp", terminated(sup, "t"));
        printed.show("F terminate temp again", terminated(sup, "t"));
        printed.show("F terminate p", terminated(sup, "p"));
        printed.show("F terminate p again", terminated(sup, "p"));
        printed.show("F wc", children(sup));
        printed.show("F cc", counts(sup));
        printed.show("F delete p", done(() -> sup.deleteChild("p")));
        printed.show("F cc2", counts(sup));
        printed.show("F events", events);
        printed.assertAsOtp("F");
    }

    @Test
    void H_oneForAll_alsoStartsAChildTerminatedByHandAndOneThatIgnoredItsStart() {
        events.plan("b").ignoreOn(1);
        Supervisor sup = start(Strategy.ONE_FOR_ALL, 3, spec("a"), spec("b"), spec("c"));
        sup.terminateChild("a");
        printed.show("H wc before", children(sup));
        events.reset();
        events.startsSoFar("a", "b", "c");
        crash(pid(sup, "c"));
        sync(sup);
        printed.show("H events", events);
        printed.show("H wc", children(sup));
        printed.assertAsOtp("H");
    }

    @Test
    void I_restForOne_restartsNothing_forATemporaryCrash_orATransientNormalExit() {
        Supervisor sup = start(Strategy.REST_FOR_ONE, 3, spec("a"), spec("t", RestartType.TEMPORARY),
                spec("tr", RestartType.TRANSIENT), spec("c"));
        events.reset();
        crash(pid(sup, "t"));
        sync(sup);
        stop(pid(sup, "tr"), ExitReason.NORMAL);
        sync(sup);
        printed.show("I events", events);
        printed.show("I wc", children(sup));
        printed.show("I cc", counts(sup));
        printed.assertAsOtp("I");
    }

    @Test
    void J_aChildDeletedAndAddedAgain_goesLast_andTheSupervisorStopsChildrenNewestFirst() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("a"), spec("b"), spec("c"));
        sup.terminateChild("a");
        sup.deleteChild("a");
        sup.startChild(spec("a"));
        sup.startChild(spec("e"));
        printed.show("J wc", children(sup));
        events.reset();
        runtime.stop(sup.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
        printed.show("J stop order", events);
        printed.assertAsOtp("J");
    }

    /**
     * A restart that fails leaves its child restarting until the try again (supervisor.erl's
     * {@code try_again_restart}, a cast to itself) comes round: the child API's answers meanwhile, and a
     * {@code terminate_child} that leaves the try again nothing to do. The supervisor is suspended while the exit
     * and the requests queue, so that they come before the try again.
     */
    @Test
    void O_aChildBeingRestarted_answersTheChildApiAsRestarting_andATerminateEndsTheTryAgain() {
        events.plan("a").failOn(2);
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("a"), spec("b"));
        Pid a = pid(sup, "a");
        runtime.suspend(sup.pid(), Fixtures.PATIENCE);
        crash(a);
        Fixtures.awaitMailbox(runtime, sup.pid(), 1);
        Map<String, Supplier<String>> asks = new LinkedHashMap<>();
        asks.put("wc", () -> children(sup));
        asks.put("cc", () -> counts(sup));
        asks.put("restart_child", () -> answer(() -> sup.restartChild("a")));
        asks.put("delete_child", () -> done(() -> sup.deleteChild("a")));
        asks.put("start_child", () -> answer(() -> sup.startChild(spec("a"))));
        asks.put("terminate_child", () -> terminated(sup, "a"));
        asks.put("wc after terminate_child", () -> children(sup));
        Map<String, CompletableFuture<String>> asked = new LinkedHashMap<>();
        asks.forEach((label, ask) -> {
            asked.put(label, Fixtures.async(ask));
            Fixtures.awaitMailbox(runtime, sup.pid(), asked.size() + 1);
        });
        runtime.resume(sup.pid(), Fixtures.PATIENCE);
        asked.forEach((label, answer) -> printed.show("O " + label, Fixtures.join(answer)));
        sync(sup);
        printed.show("O events", events);
        printed.show("O restart_child", answer(() -> sup.restartChild("a")));
        printed.show("O wc", children(sup));
        printed.assertAsOtp("O");
    }

    /**
     * {@code start_child} of children whose {@code init} returns ignore or fails, as supervisor.erl's
     * {@code handle_start_child}: an ignored child is kept without a process unless it is temporary, a failed one is
     * not added.
     */
    @Test
    void P_startChild_keepsAnIgnoredChildUnlessTemporary_andAddsNoneThatFailed() {
        events.plan("p").ignoreOn(1);
        events.plan("t").ignoreOn(1);
        events.plan("f").failOn(1);
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3);
        printed.show("P ignored permanent", answer(() -> sup.startChild(spec("p"))));
        printed.show("P ignored temporary", answer(() -> sup.startChild(spec("t", RestartType.TEMPORARY))));
        printed.show("P failed", answer(() -> sup.startChild(spec("f"))));
        printed.show("P wc", children(sup));
        printed.show("P cc", counts(sup));
        printed.show("P ignored permanent again", answer(() -> sup.startChild(spec("p"))));
        printed.show("P ignored temporary again", answer(() -> sup.startChild(spec("t", RestartType.TEMPORARY))));
        printed.show("P failed again", answer(() -> sup.startChild(spec("f"))));
        printed.show("P restart_child ignored permanent", answer(() -> sup.restartChild("p")));
        printed.show("P wc after", children(sup));
        printed.show("P events", events);
        printed.assertAsOtp("P");
    }

    /**
     * Which reports a supervisor logs when a child exits by itself, as supervisor.erl's {@code do_restart/3}: a
     * {@code child_terminated} of any exit of a permanent child, of all but {@code normal}, {@code shutdown} and
     * {@code {shutdown, _}} of a transient or temporary one; and whether it is started again.
     */
    @Test
    void K_theReportsOfAChildsOwnExit_byRestartType() {
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            for (RestartType restart : RestartType.values()) {
                for (ExitReason reason : ConformanceProbe.EXITS) {
                    events.reset();
                    Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("c", restart));
                    int before = log.records().size();
                    exitWith(pid(sup, "c"), reason);
                    sync(sup);
                    printed.show("K " + restart.name().toLowerCase(Locale.ROOT) + " "
                            + ConformanceProbe.exitLabel(reason), "%{reports: " + ConformanceProbe.reports(log, before)
                            + ", restarted: " + events.toString().contains("{:start, :c, 2, :ok}") + "}");
                    runtime.stop(sup.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
                }
            }
        }
        printed.assertAsOtp("K");
    }

    /**
     * A restart whose start fails is reported, a {@code start_error} with init's reason after the
     * {@code child_terminated} (supervisor.erl's {@code restart/3}), and tried again, which starts it.
     */
    @Test
    void K2_aRestartThatFails_isReportedAsAStartError_andTriedAgain() {
        events.plan("c").failOn(2);
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            for (RestartType restart : List.of(RestartType.PERMANENT, RestartType.TRANSIENT)) {
                events.reset();
                Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("c", restart));
                int before = log.records().size();
                exitWith(pid(sup, "c"), ExitReason.abnormal("boom"));
                Waiting.until("c started again", () -> sup.countChildren().active() == 1);
                printed.show("K2 " + restart.name().toLowerCase(Locale.ROOT), "%{events: " + events + ", reports: "
                        + ConformanceProbe.reports(log, before) + ", wc: " + children(sup) + "}");
                runtime.stop(sup.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
            }
        }
        printed.assertAsOtp("K2");
    }

    /**
     * Restarts that keep failing: each is a {@code start_error}, until the intensity is reached and the supervisor
     * gives up, reporting {@code shutdown} with {@code reached_max_restart_intensity} (supervisor.erl's
     * {@code restart/2}).
     */
    @Test
    void K3_restartsThatKeepFailing_areEachReported_thenTheGivingUp() {
        events.plan("c").failFrom(2);
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            Supervisor sup = start(Strategy.ONE_FOR_ONE, 2, spec("c"));
            int before = log.records().size();
            exitWith(pid(sup, "c"), ExitReason.abnormal("boom"));
            printed.show("K3 sup exit", Recorded.elixir(exits.await(sup.pid())));
            printed.show("K3 events", events);
            printed.show("K3 reports", ConformanceProbe.reports(log, before));
        }
        printed.assertAsOtp("K3");
    }

    /** Exits beyond the intensity: each a {@code child_terminated}, then the giving up's {@code shutdown}. */
    @Test
    void K4_exitsBeyondTheIntensity_areEachReported_thenTheGivingUp() {
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            Supervisor sup = start(Strategy.ONE_FOR_ONE, 1, spec("c"), spec("d"));
            int before = log.records().size();
            exitWith(pid(sup, "c"), ExitReason.abnormal("boom"));
            sync(sup);
            exitWith(pid(sup, "c"), ExitReason.abnormal("boom"));
            printed.show("K4 sup exit", Recorded.elixir(exits.await(sup.pid())));
            printed.show("K4 events", events);
            printed.show("K4 reports", ConformanceProbe.reports(log, before));
        }
        printed.assertAsOtp("K4");
    }

    /**
     * A supervisor killed: its exit signal to its children, {@code killed}, is an ordinary reason (only {@code kill}
     * itself cannot be trapped), and their parent's exit: the child that traps exits takes it as such and runs
     * {@code terminate} with it (gen_server's rule for an {@code 'EXIT'} from its parent), the plain one dies of it
     * without {@code terminate}. The supervisor, killed, reports nothing.
     */
    @Test
    void L_aSupervisorKilled_stopsItsTrappingChildThroughTerminate_andItsPlainOneWithout_bothWithKilled() {
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("trap"),
                    ChildSpec.permanent("plain", () -> new ConformanceProbe("plain", events, false)));
            Pid trap = pid(sup, "trap");
            Pid plain = pid(sup, "plain");
            runtime.kill(sup.pid());
            printed.show("L sup exit", Recorded.elixir(exits.await(sup.pid())));
            printed.show("L trapping child down", Recorded.elixir(exits.await(trap)));
            printed.show("L plain child down", Recorded.elixir(exits.await(plain)));
            printed.show("L events", events);
            printed.show("L reports", ConformanceProbe.reports(log, 0));
        }
        printed.assertAsOtp("L");
    }

    /**
     * A nested supervisor that gives up (its child exits twice, 1 restart allowed) exits {@code shutdown}: the
     * supervisor above restarts it, and so its child, if it is permanent, reporting the exit as any permanent
     * child's; a transient one, ended by {@code shutdown}, it leaves stopped, quietly (supervisor.erl's
     * {@code do_restart/3}, as for any child).
     */
    @Test
    void M_aNestedSupervisorThatGivesUp_isRestartedIfPermanent_notIfTransient() {
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            for (RestartType restart : List.of(RestartType.PERMANENT, RestartType.TRANSIENT)) {
                events.reset();
                int before = log.records().size();
                SupervisorSpec nested = SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                        .withIntensity(1, Duration.ofSeconds(5)).withChild(spec("w"));
                Supervisor outer = start(Strategy.ONE_FOR_ONE, 3,
                        Supervisor.childSpec("inner", nested, StartOptions.DEFAULTS).withRestart(restart));
                Supervisor inner = Supervisor.of(pid(outer, "inner"));
                crash(pid(inner, "w"));
                sync(inner);
                crash(pid(inner, "w"));
                String label = "M " + restart.name().toLowerCase(Locale.ROOT);
                printed.show(label + " inner exit", Recorded.elixir(exits.await(inner.pid())));
                sync(outer);
                printed.show(label, "%{events: " + events + ", reports: " + ConformanceProbe.reports(log, before)
                        + ", wc: " + children(outer) + "}");
                runtime.stop(outer.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
            }
        }
        printed.assertAsOtp("M");
    }

    /**
     * A child that fails to start while the supervisor itself starts: the start fails with
     * {@code {shutdown, {failed_to_start_child, Id, Reason}}}, the children started before it are stopped, and the
     * failure is reported, as supervisor.erl's {@code init_children} reports it through {@code start_children}
     * ({@code start_error}), the same report as for a restart that fails.
     */
    @Test
    void N_aChildFailingToStartWithTheSupervisor_failsItsStart_andIsReportedAsAStartError() {
        events.plan("b").failOn(1);
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            try {
                start(Strategy.ONE_FOR_ONE, 3, spec("a"), spec("b"), spec("c"));
                printed.show("N start", "{:ok, :pid}");
            } catch (InitFailedException failed) {
                printed.show("N start", "{:error, " + failedToStartChild(failed.reason()) + "}");
            }
            printed.show("N events", events);
            printed.show("N reports", ConformanceProbe.reports(log, 0));
        }
        printed.assertAsOtp("N");
    }

    /**
     * What the child API reports of a child it starts that fails or is ignored: a {@code start_child} of each, a
     * {@code restart_child} of the ignored one (ignored again), and of the failing one once it had run and been
     * terminated; then a {@code delete_child}.
     */
    @Test
    void Q_theChildApisStartsThatFailOrAreIgnored_andWhatTheyReport() {
        events.plan("f").failOn(1);
        events.plan("f").failOn(3);
        events.plan("i").ignoreOn(1);
        events.plan("i").ignoreOn(2);
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            Supervisor sup = start(Strategy.ONE_FOR_ONE, 3);
            printed.show("Q start_child failing", answer(() -> sup.startChild(spec("f"))));
            printed.show("Q start_child ignored", answer(() -> sup.startChild(spec("i"))));
            printed.show("Q restart_child ignored again", answer(() -> sup.restartChild("i")));
            printed.show("Q start_child", answer(() -> sup.startChild(spec("f"))));
            printed.show("Q terminate_child", terminated(sup, "f"));
            printed.show("Q restart_child failing", answer(() -> sup.restartChild("f")));
            printed.show("Q wc", children(sup));
            printed.show("Q delete_child", done(() -> sup.deleteChild("f")));
            printed.show("Q events", events);
            printed.show("Q reports", ConformanceProbe.reports(log, 0));
        }
        printed.assertAsOtp("Q");
    }

    /**
     * A stray message, cast and call to a supervisor: a message is logged and the supervisor goes on; supervisor.erl
     * has no clause for a stray cast or call, so either crashes it, stopping its children as it exits with that
     * crash, and the stray call's caller exits with it.
     */
    @Test
    void R_aStrayMessageIsLogged_whileAStrayCastOrCallCrashesTheSupervisor() {
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("a"), spec("b"));
            sup.pid().send("stray_info");
            sync(sup);
            printed.show("R after a stray message", "%{alive: " + sup.pid().isAlive() + ", wc: " + children(sup)
                    + "}");
            sup.pid().cast("stray");
            printed.show("R stray cast, sup exit", Recorded.elixir(exits.await(sup.pid())));
            printed.show("R stray cast, events", events);
            printed.show("R stray cast, reports", ConformanceProbe.reports(log, 0));
        }
        events.reset();
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("a"), spec("b"));
        String call;
        try {
            call = String.valueOf(sup.pid().call(new Stray()));
        } catch (ProcessExitException exited) {
            call = "{:exit, " + Recorded.elixir(exited.reason()) + "}";
        }
        printed.show("R stray call", call);
        printed.show("R stray call, sup exit", Recorded.elixir(exits.await(sup.pid())));
        printed.show("R stray call, events", events);
        printed.assertAsOtp("R");
    }

    /**
     * The child API while a one_for_all restart that failed partway is to be tried again: a runs again, b is
     * restarting and c, after it, never started. {@code restart_child} refuses b and starts c; the try again, queued
     * behind the requests, then stops c and a and starts all three (supervisor.erl's
     * {@code restart_multiple_children}). Suspended while c's exit and the requests queue, as in O.
     */
    @Test
    void S_theChildApi_duringAOneForAllRestartThatFailedPartway() {
        events.plan("b").failOn(2);
        Supervisor sup = start(Strategy.ONE_FOR_ALL, 3, spec("a"), spec("b"), spec("c"));
        Pid c = pid(sup, "c");
        runtime.suspend(sup.pid(), Fixtures.PATIENCE);
        crash(c);
        Fixtures.awaitMailbox(runtime, sup.pid(), 1);
        Map<String, Supplier<String>> asks = new LinkedHashMap<>();
        asks.put("wc", () -> children(sup));
        asks.put("cc", () -> counts(sup));
        asks.put("restart_child b", () -> answer(() -> sup.restartChild("b")));
        asks.put("restart_child c", () -> answer(() -> sup.restartChild("c")));
        asks.put("wc after restart_child c", () -> children(sup));
        Map<String, CompletableFuture<String>> asked = new LinkedHashMap<>();
        asks.forEach((label, ask) -> {
            asked.put(label, Fixtures.async(ask));
            Fixtures.awaitMailbox(runtime, sup.pid(), asked.size() + 1);
        });
        runtime.resume(sup.pid(), Fixtures.PATIENCE);
        asked.forEach((label, answer) -> printed.show("S " + label, Fixtures.join(answer)));
        sync(sup);
        printed.show("S events", events);
        printed.show("S wc", children(sup));
        printed.assertAsOtp("S");
    }

    /** {@code GenServer.call(sup, :stray)}: a request no supervisor knows. */
    record Stray() implements Call<Object> {
    }

    /** The reason of a supervisor whose child failed to start as the script prints it, from what it carries. */
    private static String failedToStartChild(ExitReason reason) {
        String prefix = "failed_to_start_child ";
        String id = reason.detail().substring(prefix.length(), reason.detail().indexOf(':'));
        String child = reason.cause() instanceof InitFailedException init ? Recorded.elixir(init.reason()) : "?";
        return "{" + (reason.kind() == ExitReason.Kind.SHUTDOWN ? ":shutdown" : reason.kind().tag())
                + ", {:failed_to_start_child, :" + id + ", " + child + "}}";
    }

    // ---------------------------------------------------------------- the scenarios' steps, as the script's

    private ChildSpec spec(String id) {
        return ChildSpec.permanent(id, () -> new ConformanceProbe(id, events));
    }

    private ChildSpec spec(String id, RestartType restart) {
        return spec(id).withRestart(restart);
    }

    private Supervisor start(Strategy strategy, int maxRestarts, ChildSpec... children) {
        SupervisorSpec spec = SupervisorSpec.of(strategy).withIntensity(maxRestarts, Duration.ofSeconds(5));
        for (ChildSpec child : children) {
            spec = spec.withChild(child);
        }
        return Supervisor.start(runtime, spec, StartOptions.DEFAULTS);
    }

    private static Pid pid(Supervisor sup, String id) {
        return sup.child(id).orElseThrow();
    }

    /** {@code T.sync}: a call answered once the supervisor has handled what came before it (a child's exit). */
    private static void sync(Supervisor sup) {
        sup.countChildren();
    }

    private void crash(Pid child) {
        ConformanceProbe.crash(child, exits);
    }

    private void stop(Pid child, ExitReason reason) {
        ConformanceProbe.stop(child, reason, exits);
    }

    private void exitWith(Pid child, ExitReason reason) {
        ConformanceProbe.exitWith(runtime, child, reason, exits);
    }
}
