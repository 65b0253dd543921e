package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Supervisors against OTP itself, not against a reading of it: {@code src/test/conformance/supervisors.exs} runs each
 * scenario under Elixir's {@code Supervisor} and prints what it saw (the starts and terminates in order, which
 * children run, the counts, what each API call answered), and its output, recorded in
 * {@code conformance/supervisors.txt}, is what each test here must print from this runtime, line for line. The
 * scenarios are the corners of {@code supervisor.erl}'s {@code restart/2}, {@code restart_multiple_children},
 * {@code terminate_children}, {@code try_again_restart} and the child API's clauses.
 */
class SupervisorConformanceTest {

    private static final Recorded RECORDED = Recorded.load("/conformance/supervisors.txt");

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final ProcessRuntime runtime = Fixtures.runtime(timers, exits);
    private final ConformanceProbe.Events events = new ConformanceProbe.Events();
    private final List<String> printed = new ArrayList<>();

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
        show("A events", events);
        show("A wc", children(sup));
        show("A cc", counts(sup));
        assertAsOtp("A");
    }

    @Test
    void B_restForOne_stopsTheLaterOnes_andDropsATemporaryOne() {
        Supervisor sup = start(Strategy.REST_FOR_ONE, 3, spec("a"), spec("b", RestartType.TEMPORARY), spec("c"),
                spec("d"));
        events.reset();
        crash(pid(sup, "a"));
        sync(sup);
        show("B events", events);
        show("B wc", children(sup));
        show("B cc", counts(sup));
        assertAsOtp("B");
    }

    @Test
    void C_oneForAll_aRestartThatFails_isTriedAgain_stoppingWhatItHadStarted() {
        events.plan("b").failOn(2);
        Supervisor sup = start(Strategy.ONE_FOR_ALL, 3, spec("a"), spec("b"), spec("c"));
        events.clearEvents();
        crash(pid(sup, "c"));
        Waiting.until("all three running", () -> sup.countChildren().active() == 3);
        show("C events", events);
        show("C wc", children(sup));
        show("C cc", counts(sup));
        assertAsOtp("C");
    }

    @Test
    void C2_oneForAll_restartsThatKeepFailing_countTowardTheIntensity_andTheSupervisorGivesUp() {
        events.plan("b").failFrom(2);
        Supervisor sup = start(Strategy.ONE_FOR_ALL, 2, spec("a"), spec("b"), spec("c"));
        events.clearEvents();
        crash(pid(sup, "c"));
        show("C2 sup exit", Recorded.elixir(exits.await(sup.pid())));
        show("C2 events", events);
        assertAsOtp("C2");
    }

    @Test
    void C3_restForOne_aRestartThatFails_isTriedAgainFromThatChild() {
        events.plan("c").failOn(2);
        Supervisor sup = start(Strategy.REST_FOR_ONE, 3, spec("a"), spec("b"), spec("c"), spec("d"));
        events.clearEvents();
        crash(pid(sup, "b"));
        Waiting.until("all four running", () -> sup.countChildren().active() == 4);
        show("C3 events", events);
        show("C3 wc", children(sup));
        assertAsOtp("C3");
    }

    @Test
    void D_aPermanentChildIgnoringItsRestart_isKeptWithoutAPid() {
        events.plan("a").ignoreOn(2);
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("a"), spec("z"));
        crash(pid(sup, "a"));
        sync(sup);
        show("D wc", children(sup));
        show("D cc", counts(sup));
        show("D restart_child", answer(() -> sup.restartChild("a")));
        show("D delete running", done(() -> sup.deleteChild("a")));
        show("D events", events);
        assertAsOtp("D");
    }

    @Test
    void E_aTransientChildEndingWithShutdown_isKept_andAStartOfItsIdAnswersAsOtp() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("a", RestartType.TRANSIENT));
        stop(pid(sup, "a"), ExitReason.shutdown("x"));
        sync(sup);
        show("E wc", children(sup));
        show("E cc", counts(sup));
        show("E start_child same id", answer(() -> sup.startChild(spec("a", RestartType.TRANSIENT))));
        show("E restart_child", answer(() -> sup.restartChild("a")));
        show("E start_child running id", answer(() -> sup.startChild(spec("a", RestartType.TRANSIENT))));
        assertAsOtp("E");
    }

    @Test
    void F_theChildApi_onUnknownRunningTemporaryAndStoppedChildren() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("t", RestartType.TEMPORARY), spec("p"));
        show("F terminate unknown", terminated(sup, "nope"));
        show("F restart unknown", answer(() -> sup.restartChild("nope")));
        show("F delete unknown", done(() -> sup.deleteChild("nope")));
        show("F restart running", answer(() -> sup.restartChild("p")));
        show("F restart running temp", answer(() -> sup.restartChild("t")));
        show("F delete running temp", done(() -> sup.deleteChild("t")));
        show("F terminate temp", terminated(sup, "t"));
        show("F terminate temp again", terminated(sup, "t"));
        show("F terminate p", terminated(sup, "p"));
        show("F terminate p again", terminated(sup, "p"));
        show("F wc", children(sup));
        show("F cc", counts(sup));
        show("F delete p", done(() -> sup.deleteChild("p")));
        show("F cc2", counts(sup));
        show("F events", events);
        assertAsOtp("F");
    }

    @Test
    void H_oneForAll_alsoStartsAChildTerminatedByHandAndOneThatIgnoredItsStart() {
        events.plan("b").ignoreOn(1);
        Supervisor sup = start(Strategy.ONE_FOR_ALL, 3, spec("a"), spec("b"), spec("c"));
        sup.terminateChild("a");
        show("H wc before", children(sup));
        events.reset();
        events.startsSoFar("a", "b", "c");
        crash(pid(sup, "c"));
        sync(sup);
        show("H events", events);
        show("H wc", children(sup));
        assertAsOtp("H");
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
        show("I events", events);
        show("I wc", children(sup));
        show("I cc", counts(sup));
        assertAsOtp("I");
    }

    @Test
    void J_aChildDeletedAndAddedAgain_goesLast_andTheSupervisorStopsChildrenNewestFirst() {
        Supervisor sup = start(Strategy.ONE_FOR_ONE, 3, spec("a"), spec("b"), spec("c"));
        sup.terminateChild("a");
        sup.deleteChild("a");
        sup.startChild(spec("a"));
        sup.startChild(spec("e"));
        show("J wc", children(sup));
        events.reset();
        runtime.stop(sup.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
        show("J stop order", events);
        assertAsOtp("J");
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
        return sup.children().stream().filter(child -> child.id().equals(id)).map(ChildInfo::pid).findFirst()
                .orElseThrow();
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

    /** {@code which_children}, newest first, as {@code [id: :pid | :undefined | :restarting]}. */
    private static String children(Supervisor sup) {
        return sup.children().stream().map(child -> child.id() + ": " + (child.pid() != null ? ":pid"
                : child.restarting() ? ":restarting" : ":undefined")).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String counts(Supervisor sup) {
        return ConformanceProbe.elixir(sup.countChildren());
    }

    private static String terminated(Supervisor sup, String id) {
        return sup.terminateChild(id) ? ":ok" : "{:error, :not_found}";
    }

    /** What a child API call answers, as Elixir prints it; a pid as {@code :pid}. */
    private static String answer(Supplier<Pid> call) {
        try {
            Pid pid = call.get();
            return pid == null ? "{:ok, :undefined}" : "{:ok, :pid}";
        } catch (ChildStateException refused) {
            return "{:error, :" + refused.error() + "}";
        } catch (AlreadyStartedException started) {
            return "{:error, {:already_started, :pid}}";
        }
    }

    /** What a child API call without a pid to answer answers: {@code :ok} or its error. */
    private static String done(Runnable call) {
        return answer(() -> {
            call.run();
            return null;
        }).replace("{:ok, :undefined}", ":ok");
    }

    private void show(String label, Object value) {
        printed.add(label + ": " + value);
    }

    private void assertAsOtp(String scenario) {
        assertThat(printed).as("scenario %s as OTP 25 ran it", scenario)
                .isEqualTo(RECORDED.scenario(scenario));
    }
}
