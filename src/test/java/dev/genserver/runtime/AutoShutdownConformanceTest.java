package dev.genserver.runtime;

import static dev.genserver.runtime.ConformanceProbe.answer;
import static dev.genserver.runtime.ConformanceProbe.children;
import static dev.genserver.runtime.ConformanceProbe.counts;
import static dev.genserver.runtime.ConformanceProbe.terminated;

import dev.genserver.testing.JulRecords;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Significant children and automatic shutdown against OTP itself: {@code src/test/conformance/auto_shutdown.exs} runs
 * each scenario under supervisor.erl (a module supervisor returning its flags map, as Elixir 1.14's
 * {@code Supervisor.init/2} drops {@code :auto_shutdown}) and prints what it saw; its output, recorded in
 * {@code conformance/auto_shutdown.txt}, is what each test here must print from this runtime, line for line. The
 * scenarios are the corners of supervisor.erl's {@code do_restart/3} and {@code do_auto_shutdown/2}: which exits of a
 * significant child end the supervisor (A, B, D, E), all_significant waiting for the last (C), counting a child
 * being restarted (K) but not one that ignored its start (L); the child API's stops, which end nothing (F, G), nor do
 * a sibling's restart's (I); what {@code check_childspec} refuses (H); and a shutdown passed up a tree (J).
 */
class AutoShutdownConformanceTest {

    private static final Recorded RECORDED = Recorded.load("/conformance/auto_shutdown.txt");

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
    void A_anySignificant_aTransientSignificantChildExitingNormally_endsTheSupervisor_stoppingTheOthersNewestFirst() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT, spec("a"), sig("s"), spec("c"));
        events.clearEvents();
        stop(pid(sup, "s"), ExitReason.NORMAL);
        printed.show("A sup exit", Recorded.elixir(exits.await(sup.pid())));
        printed.show("A events", events);
        printed.assertAsOtp("A");
    }

    @Test
    void B_anySignificant_aTransientSignificantChildThatCrashes_isRestarted_andTheSupervisorStays() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT, spec("a"), sig("s"));
        events.clearEvents();
        crash(pid(sup, "s"));
        sync(sup);
        printed.show("B events", events);
        printed.show("B alive", alive(sup));
        printed.show("B wc", children(sup));
        printed.assertAsOtp("B");
    }

    @Test
    void C_allSignificant_theSupervisorEndsOnlyWhenTheLastSignificantChildHasExited() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, AutoShutdown.ALL_SIGNIFICANT, sig("s1"), sig("s2"), spec("w"));
        events.clearEvents();
        stop(pid(sup, "s1"), ExitReason.NORMAL);
        sync(sup);
        printed.show("C after s1 alive", alive(sup));
        printed.show("C after s1 wc", children(sup));
        printed.show("C after s1 cc", counts(sup));
        stop(pid(sup, "s2"), ExitReason.shutdown("done"));
        printed.show("C sup exit", Recorded.elixir(exits.await(sup.pid())));
        printed.show("C events", events);
        printed.assertAsOtp("C");
    }

    @Test
    void D_aTemporarySignificantChildCrashing_isReported_andEndsTheSupervisor() {
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            Supervisor sup = start(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT, spec("a"),
                    sig("t", RestartType.TEMPORARY));
            events.clearEvents();
            int before = log.records().size();
            crash(pid(sup, "t"));
            printed.show("D sup exit", Recorded.elixir(exits.await(sup.pid())));
            printed.show("D events", events);
            printed.show("D reports", ConformanceProbe.reports(log, before));
        }
        printed.assertAsOtp("D");
    }

    /**
     * Every exit of a transient and of a temporary significant child: whether it is reported, restarted, and ends
     * the supervisor (supervisor.erl's {@code do_restart/3}: only the exits it does not restart reach
     * {@code do_auto_shutdown/2}).
     */
    @Test
    void E_whichExitsOfASignificantChildEndTheSupervisor_byRestartType() {
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            for (RestartType restart : List.of(RestartType.TRANSIENT, RestartType.TEMPORARY)) {
                for (ExitReason reason : ConformanceProbe.EXITS) {
                    events.reset();
                    Supervisor sup = start(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT, spec("a"),
                            sig("c", restart));
                    int before = log.records().size();
                    ConformanceProbe.exitWith(runtime, pid(sup, "c"), reason, exits);
                    boolean alive = alive(sup);
                    String exit = alive ? ":alive" : Recorded.elixir(exits.await(sup.pid()));
                    printed.show("E " + restart.name().toLowerCase(Locale.ROOT) + " "
                            + ConformanceProbe.exitLabel(reason), "%{reports: " + ConformanceProbe.reports(log, before)
                            + ", restarted: " + events.toString().contains("{:start, :c, 2, :ok}") + ", sup: " + exit
                            + "}");
                    if (alive) {
                        runtime.stop(sup.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
                    }
                }
            }
        }
        printed.assertAsOtp("E");
    }

    @Test
    void F_terminateChildOfASignificantChild_endsNothing_butItsOwnExitAfterARestartByHandDoes() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT, spec("a"), sig("s"));
        events.clearEvents();
        printed.show("F terminate_child", terminated(sup, "s"));
        printed.show("F alive", alive(sup));
        printed.show("F wc", children(sup));
        printed.show("F restart_child", answer(() -> sup.restartChild("s")));
        stop(pid(sup, "s"), ExitReason.NORMAL);
        printed.show("F sup exit", Recorded.elixir(exits.await(sup.pid())));
        printed.show("F events", events);
        printed.assertAsOtp("F");
    }

    @Test
    void G_allSignificant_aSignificantChildTerminatedByHand_noLongerCounts() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, AutoShutdown.ALL_SIGNIFICANT, sig("s1"),
                sig("t", RestartType.TEMPORARY), sig("s2"));
        events.clearEvents();
        printed.show("G terminate_child s1", terminated(sup, "s1"));
        printed.show("G terminate_child t", terminated(sup, "t"));
        printed.show("G alive", alive(sup));
        printed.show("G wc", children(sup));
        stop(pid(sup, "s2"), ExitReason.NORMAL);
        printed.show("G sup exit", Recorded.elixir(exits.await(sup.pid())));
        printed.show("G events", events);
        printed.assertAsOtp("G");
    }

    /**
     * What supervisor.erl's {@code check_childspec} refuses, in its order: OTP refuses a supervisor's children when
     * it starts ({@code {:error, {:start_spec, why}}}), where this runtime refuses them when the
     * {@link SupervisorSpec} is built, so what the two can share is why; {@code start_child} refuses the same,
     * before anything starts.
     */
    @Test
    void H_theCombinationsRefused_atTheSupervisorsStart_andAtStartChild() {
        printed.show("H start, never, significant", startRefusal(AutoShutdown.NEVER, sig("s")));
        printed.show("H start, any, permanent significant",
                startRefusal(AutoShutdown.ANY_SIGNIFICANT, sig("p", RestartType.PERMANENT)));
        printed.show("H start, never, permanent significant",
                startRefusal(AutoShutdown.NEVER, sig("p", RestartType.PERMANENT)));
        printed.show("H start, never, significant false",
                startRefusal(AutoShutdown.NEVER, spec("n", RestartType.TRANSIENT).withSignificant(false)));
        Supervisor never = start(Strategy.ONE_FOR_ONE, AutoShutdown.NEVER);
        Supervisor any = start(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT);
        printed.show("H start_child, never, significant", refusal(() -> never.startChild(sig("s"))));
        printed.show("H start_child, any, permanent significant",
                refusal(() -> any.startChild(sig("p", RestartType.PERMANENT))));
        printed.show("H start_child, any, temporary significant",
                refusal(() -> any.startChild(sig("t", RestartType.TEMPORARY))));
        printed.show("H wc never", children(never));
        printed.show("H wc any", children(any));
        runtime.stop(never.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
        runtime.stop(any.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
        printed.show("H events", events);
        printed.assertAsOtp("H");
    }

    @Test
    void I_allSignificant_aTemporarySignificantChildStoppedByASiblingsRestart_endsNothing() {
        Supervisor sup = start(Strategy.ONE_FOR_ALL, AutoShutdown.ALL_SIGNIFICANT, spec("p"),
                sig("t", RestartType.TEMPORARY));
        events.clearEvents();
        crash(pid(sup, "p"));
        sync(sup);
        printed.show("I alive", alive(sup));
        printed.show("I wc", children(sup));
        printed.show("I events", events);
        printed.assertAsOtp("I");
    }

    @Test
    void J_aNestedSupervisorsAutomaticShutdown_endsTheOneAbove_whereItIsSignificant() {
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            SupervisorSpec nested = SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT).withChild(spec("x")).withChild(sig("w"));
            Supervisor sup = start(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT, spec("a"),
                    Supervisor.childSpec("inner", nested, StartOptions.DEFAULTS).withRestart(RestartType.TRANSIENT)
                            .withSignificant(true));
            events.clearEvents();
            int before = log.records().size();
            stop(pid(Supervisor.of(pid(sup, "inner")), "w"), ExitReason.NORMAL);
            printed.show("J sup exit", Recorded.elixir(exits.await(sup.pid())));
            printed.show("J events", events);
            printed.show("J reports", ConformanceProbe.reports(log, before));
        }
        printed.assertAsOtp("J");
    }

    /**
     * A significant child whose restart failed is to run again (OTP's {@code {restarting, Pid}}), so the other's exit
     * ends nothing. The supervisor is suspended while both exits queue, so that they come before the try again.
     */
    @Test
    void K_allSignificant_aSignificantChildBeingRestarted_countsAsRunning() {
        try (JulRecords log = JulRecords.of(SupervisorServer.class)) {
            events.plan("s1").failOn(2);
            Supervisor sup = start(Strategy.ONE_FOR_ONE, AutoShutdown.ALL_SIGNIFICANT, sig("s1"), sig("s2"));
            events.clearEvents();
            int before = log.records().size();
            Pid s1 = pid(sup, "s1");
            Pid s2 = pid(sup, "s2");
            runtime.suspend(sup.pid(), Fixtures.PATIENCE);
            crash(s1);
            stop(s2, ExitReason.NORMAL);
            Fixtures.awaitMailbox(runtime, sup.pid(), 2);
            runtime.resume(sup.pid(), Fixtures.PATIENCE);
            sync(sup);
            sync(sup);
            printed.show("K alive", alive(sup));
            printed.show("K wc", children(sup));
            printed.show("K events", events);
            printed.show("K reports", ConformanceProbe.reports(log, before));
        }
        printed.assertAsOtp("K");
    }

    @Test
    void L_allSignificant_aSignificantChildThatIgnoredItsStart_doesNotCountAsRunning() {
        events.plan("s1").ignoreOn(1);
        Supervisor sup = start(Strategy.ONE_FOR_ONE, AutoShutdown.ALL_SIGNIFICANT, sig("s1"), sig("s2"), spec("w"));
        printed.show("L wc", children(sup));
        events.clearEvents();
        stop(pid(sup, "s2"), ExitReason.NORMAL);
        printed.show("L sup exit", Recorded.elixir(exits.await(sup.pid())));
        printed.show("L events", events);
        printed.assertAsOtp("L");
    }

    // ---------------------------------------------------------------- the scenarios' steps, as the script's

    private ChildSpec spec(String id) {
        return ChildSpec.permanent(id, () -> new ConformanceProbe(id, events));
    }

    private ChildSpec spec(String id, RestartType restart) {
        return spec(id).withRestart(restart);
    }

    /** {@code T.sig}: a significant child, transient unless said otherwise. */
    private ChildSpec sig(String id) {
        return sig(id, RestartType.TRANSIENT);
    }

    private ChildSpec sig(String id, RestartType restart) {
        return spec(id, restart).withSignificant(true);
    }

    private SupervisorSpec supervisorSpec(Strategy strategy, AutoShutdown autoShutdown, ChildSpec... children) {
        SupervisorSpec spec = SupervisorSpec.of(strategy).withIntensity(3, Duration.ofSeconds(5))
                .withAutoShutdown(autoShutdown);
        for (ChildSpec child : children) {
            spec = spec.withChild(child);
        }
        return spec;
    }

    private Supervisor start(Strategy strategy, AutoShutdown autoShutdown, ChildSpec... children) {
        return Supervisor.start(runtime, supervisorSpec(strategy, autoShutdown, children), StartOptions.DEFAULTS);
    }

    /** {@code T.start_refusal}: why the spec is refused, or a supervisor started and stopped again. */
    private String startRefusal(AutoShutdown autoShutdown, ChildSpec child) {
        return refusal(() -> {
            Supervisor sup = start(Strategy.ONE_FOR_ONE, autoShutdown, child);
            runtime.stop(sup.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
            return sup.pid();
        });
    }

    /** {@code T.refusal}: {@code {:refused, why}}, OTP's term that ends the refusal's message, or the answer. */
    private static String refusal(Supplier<Pid> step) {
        try {
            return answer(step);
        } catch (IllegalArgumentException refused) {
            String message = refused.getMessage();
            return "{:refused, " + message.substring(message.lastIndexOf("({") + 1, message.length() - 1) + "}";
        }
    }

    private static Pid pid(Supervisor sup, String id) {
        return sup.child(id).orElseThrow();
    }

    /** {@code T.sync}: a call answered once the supervisor has handled what came before it (a child's exit). */
    private static void sync(Supervisor sup) {
        sup.countChildren();
    }

    /** {@code T.alive}: whether the supervisor is still there once it has handled what came before. */
    private static boolean alive(Supervisor sup) {
        try {
            sync(sup);
            return true;
        } catch (NoProcessException | ProcessExitException ended) {
            return false;
        }
    }

    private void crash(Pid child) {
        ConformanceProbe.crash(child, exits);
    }

    private void stop(Pid child, ExitReason reason) {
        ConformanceProbe.stop(child, reason, exits);
    }
}
