package dev.genserver.runtime;

import static dev.genserver.runtime.ConformanceProbe.counts;
import static dev.genserver.runtime.ConformanceProbe.terminated;

import dev.genserver.testing.JulRecords;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Dynamic supervisors and the unique registry against OTP itself: {@code src/test/conformance/dynamic_supervisors.exs}
 * runs each scenario under Elixir's {@code DynamicSupervisor} and {@code Registry} and prints what it saw (the starts
 * and terminates, which children run and in what order, the counts, what each API call answered), and its output,
 * recorded in {@code conformance/dynamic_supervisors.txt}, is what each test here must print from this runtime, line
 * for line. The scenarios are the clauses of {@code dynamic_supervisor.ex}'s {@code maybe_restart_child},
 * {@code restart_child}, the {@code "$gen_restart"} retry, {@code terminate_children} and the child API's calls,
 * the reports of its {@code report_error} (O to O4, read from the supervisor's log), and of {@code registry.ex}'s
 * {@code whereis_name} and {@code register_key}. Children stopped together terminate
 * concurrently, in OTP in signal order mostly but not always, so those terminates are compared sorted.
 */
class DynamicSupervisorConformanceTest {

    private static final Recorded RECORDED = Recorded.load("/conformance/dynamic_supervisors.txt");
    /** Elixir's defaults: no bound on children, 3 restarts in 5 seconds. */
    private static final DynamicSupervisorSpec DEFAULTS = DynamicSupervisorSpec.withMaxChildren(Integer.MAX_VALUE);

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final ProcessRuntime runtime = Fixtures.runtime(timers, exits);
    private final ConformanceProbe.Events events = new ConformanceProbe.Events();
    private final Registry registry = Registry.create("reg");
    private final Recorded.Printout printed = RECORDED.printout();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void A_aPermanentChildIgnoringItsRestart_isRemoved() {
        events.plan("a").ignoreOn(2);
        DynamicSupervisor sup = start(DEFAULTS);
        Pid a = sup.startChild(spec("a"));
        sup.startChild(spec("z"));
        crash(a);
        sync(sup);
        printed.show("A wc", children(sup));
        printed.show("A cc", counts(sup));
        printed.show("A events", events);
        printed.assertAsOtp("A");
    }

    @Test
    void B_transientChildrenEndingNormallyOrWithShutdown_areRemoved_andOneThatCrashes_isRestarted() {
        DynamicSupervisor sup = start(DEFAULTS);
        Pid tr1 = sup.startChild(spec("tr1", RestartType.TRANSIENT));
        Pid tr2 = sup.startChild(spec("tr2", RestartType.TRANSIENT));
        Pid tr3 = sup.startChild(spec("tr3", RestartType.TRANSIENT));
        stop(tr1, ExitReason.shutdown("x"));
        stop(tr2, ExitReason.NORMAL);
        crash(tr3);
        sync(sup);
        printed.show("B wc", children(sup));
        printed.show("B cc", counts(sup));
        printed.show("B ids", ids(sup));
        printed.show("B events", events);
        printed.assertAsOtp("B");
    }

    @Test
    void C_terminateChild_ofAProcessNotItsChild_orOfAChildAlreadyTerminated_isNotFound() {
        DynamicSupervisor sup = start(DEFAULTS);
        Pid c = sup.startChild(spec("c"));
        Pid outsider = runtime.start(new ConformanceProbe("outsider", events), StartOptions.DEFAULTS);
        printed.show("C terminate outsider", terminated(sup, outsider));
        printed.show("C terminate child", terminated(sup, c));
        printed.show("C terminate child again", terminated(sup, c));
        printed.show("C cc", counts(sup));
        printed.show("C events", events);
        printed.assertAsOtp("C");
    }

    @Test
    void D_aStrayCastAndAStrayMessage_leaveItAndItsChildrenRunning() {
        DynamicSupervisor sup = start(DEFAULTS);
        sup.startChild(spec("x"));
        sup.pid().cast("stray");
        sup.pid().send("stray_info");
        sync(sup);
        printed.show("D alive", sup.pid().isAlive());
        printed.show("D wc", children(sup));
        printed.show("D events", events);
        printed.assertAsOtp("D");
    }

    @Test
    void E_maxChildren_countsAChildWhoseRestartKeepsFailing_untilItIsTerminatedByItsOldPid() {
        events.plan("f").failFrom(2);
        DynamicSupervisor sup = start(new DynamicSupervisorSpec(2, 1_000_000, Duration.ofSeconds(5)));
        Pid f = sup.startChild(spec("f"));
        sup.startChild(spec("g"));
        crash(f);
        sync(sup);
        printed.show("E wc", children(sup));
        printed.show("E cc", counts(sup));
        printed.show("E start at the bound", answer(() -> sup.startChild(spec("h"))));
        printed.show("E terminate restarting", terminated(sup, f));
        printed.show("E start after", answer(() -> sup.startChild(spec("h"))));
        printed.show("E wc after", children(sup));
        printed.show("E cc after", counts(sup));
        printed.assertAsOtp("E");
    }

    @Test
    void F_restartsBeyondTheIntensity_stopItWithShutdown_andItsOtherChildrenWithIt() {
        DynamicSupervisor sup = start(new DynamicSupervisorSpec(Integer.MAX_VALUE, 1, Duration.ofSeconds(5)));
        Pid a = sup.startChild(spec("a"));
        sup.startChild(spec("b"));
        sup.startChild(spec("t", RestartType.TEMPORARY));
        crash(a);
        sync(sup);
        crash(pidOf(sup, "a"));
        printed.show("F sup exit", Recorded.elixir(exits.await(sup.pid())));
        printed.show("F terminates", events.terminates());
        printed.assertAsOtp("F");
    }

    @Test
    void G_aRestartedChild_goesToTheEndOfWhichChildren() {
        DynamicSupervisor sup = start(DEFAULTS);
        Pid a = sup.startChild(spec("a"));
        sup.startChild(spec("b"));
        sup.startChild(spec("c"));
        crash(a);
        sync(sup);
        printed.show("G ids", ids(sup));
        printed.assertAsOtp("G");
    }

    @Test
    void H_itsParentExitingNormally_stopsItWithNormal_andItsChildrenWithShutdown() {
        parentExits("H", ExitReason.NORMAL);
    }

    @Test
    void H2_itsParentExitingWithShutdownBye_stopsItWithThatReason_andItsChildrenWithShutdown() {
        parentExits("H2", ExitReason.shutdown("bye"));
    }

    private void parentExits(String scenario, ExitReason reason) {
        Pid parent = runtime.start(new LinkConformanceProbe("parent", new LinkConformanceProbe.Events()),
                StartOptions.DEFAULTS);
        Pid pid = parent.call(new LinkConformanceProbe.Run<>(
                () -> DynamicSupervisor.startLink(DEFAULTS, StartOptions.DEFAULTS).pid()));
        DynamicSupervisor sup = DynamicSupervisor.of(pid);
        sup.startChild(spec("r1"));
        sup.startChild(spec("r2"));
        parent.call(new LinkConformanceProbe.StopWith(reason));
        printed.show(scenario + " sup exit", Recorded.elixir(exits.await(pid)));
        printed.show(scenario + " terminates", events.terminates());
        printed.assertAsOtp(scenario);
    }

    @Test
    void I_temporaryChildren_areNotRestarted_whateverTheirExit() {
        DynamicSupervisor sup = start(DEFAULTS);
        Pid t1 = sup.startChild(spec("t1", RestartType.TEMPORARY));
        Pid t2 = sup.startChild(spec("t2", RestartType.TEMPORARY));
        sup.startChild(spec("p"));
        crash(t1);
        stop(t2, ExitReason.shutdown("x"));
        sync(sup);
        printed.show("I wc", children(sup));
        printed.show("I cc", counts(sup));
        printed.show("I events", events);
        printed.assertAsOtp("I");
    }

    @Test
    void J_stoppingIt_stopsAllItsChildrenWithShutdown() {
        DynamicSupervisor sup = start(DEFAULTS);
        for (String id : List.of("a", "b", "c", "d")) {
            sup.startChild(spec(id));
        }
        events.reset();
        runtime.stop(sup.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
        printed.show("J terminates", events.terminates());
        printed.assertAsOtp("J");
    }

    @Test
    void K_aRegisteredName_isFreeOnceItsProcessHasExited_byTheTimeAMonitorHearsOfIt() {
        Name name = Name.via(registry, "k");
        Pid k = runtime.start(new ConformanceProbe("k", events), StartOptions.named(name));
        printed.show("K whereis", registry.whereis("k").orElseThrow() == k);
        CompletableFuture<String> atDown = new CompletableFuture<>();
        runtime.start(new Watcher(k, () -> registry.whereis("k").map(pid -> ":pid").orElse(":undefined"), atDown));
        stop(k, ExitReason.NORMAL);
        printed.show("K whereis at DOWN", Fixtures.join(atDown));
        Pid k2 = runtime.start(new ConformanceProbe("k", events), StartOptions.named(name));
        printed.show("K started again", registry.whereis("k").orElseThrow() == k2);
        printed.assertAsOtp("K");
    }

    @Test
    void L_aStartUnderANameHeld_answersAlreadyStartedWithTheHolder() {
        Name name = Name.via(registry, "l");
        Pid l = runtime.start(new ConformanceProbe("l", events), StartOptions.named(name));
        Pid holder = null;
        try {
            runtime.start(new ConformanceProbe("l", events), StartOptions.named(name));
            printed.show("L start again", "{:ok, :pid}");
        } catch (AlreadyStartedException started) {
            printed.show("L start again", "{:error, {:already_started, :pid}}");
            holder = started.existing();
        }
        printed.show("L holder", holder == l);
        printed.show("L events", events);
        printed.assertAsOtp("L");
    }

    @Test
    void M_theKeysRegistered() {
        for (String key : List.of("m2", "m3", "m1")) {
            runtime.start(new ConformanceProbe(key, events), StartOptions.named(Name.via(registry, key)));
        }
        printed.show("M keys", registry.keys().stream().map(key -> ":" + key).sorted()
                .collect(Collectors.joining(", ", "[", "]")));
        printed.show("M count", registry.size());
        printed.assertAsOtp("M");
    }

    @Test
    void N_aDynamicSupervisor_restartsACrashedChildUnderItsRegisteredName_atOnce() {
        DynamicSupervisor sup = start(DEFAULTS);
        Pid n = sup.startChild(spec("n").withOptions(StartOptions.named(Name.via(registry, "n"))));
        crash(n);
        sync(sup);
        Pid n2 = registry.whereis("n").orElse(null);
        printed.show("N whereis", "{" + (n2 != null) + ", " + (n2 != n) + ", " + ids(sup).equals("[:n]") + "}");
        printed.show("N events", events);
        printed.assertAsOtp("N");
    }

    /**
     * Which reports a dynamic supervisor logs when a child exits by itself, as dynamic_supervisor.ex's
     * {@code maybe_restart_child/5}: a {@code child_terminated} of any exit of a permanent child, of all but
     * {@code normal}, {@code shutdown} and {@code {shutdown, _}} of a transient or temporary one; and whether it is
     * started again.
     */
    @Test
    void O_theReportsOfAChildsOwnExit_byRestartType() {
        try (JulRecords log = JulRecords.of(DynamicSupervisorServer.class)) {
            for (RestartType restart : RestartType.values()) {
                for (ExitReason reason : ConformanceProbe.EXITS) {
                    events.reset();
                    DynamicSupervisor sup = start(DEFAULTS);
                    int before = log.records().size();
                    exitWith(sup.startChild(spec("c", restart)), reason);
                    sync(sup);
                    printed.show("O " + restart.name().toLowerCase(Locale.ROOT) + " "
                            + ConformanceProbe.exitLabel(reason), "%{reports: " + ConformanceProbe.reports(log, before)
                            + ", restarted: " + events.toString().contains("{:start, :c, 2, :ok}") + "}");
                    runtime.stop(sup.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
                }
            }
        }
        printed.assertAsOtp("O");
    }

    /**
     * A restart whose start fails is reported, a {@code start_error} with init's reason after the
     * {@code child_terminated} (dynamic_supervisor.ex's {@code restart_child/4}), and tried again, which starts it.
     */
    @Test
    void O2_aRestartThatFails_isReportedAsAStartError_andTriedAgain() {
        events.plan("c").failOn(2);
        try (JulRecords log = JulRecords.of(DynamicSupervisorServer.class)) {
            for (RestartType restart : List.of(RestartType.PERMANENT, RestartType.TRANSIENT)) {
                events.reset();
                DynamicSupervisor sup = start(new DynamicSupervisorSpec(Integer.MAX_VALUE, 3, Duration.ofSeconds(5)));
                int before = log.records().size();
                exitWith(sup.startChild(spec("c", restart)), ExitReason.abnormal("boom"));
                Waiting.until("c started again", () -> sup.countChildren().active() == 1
                        && events.toString().contains("{:start, :c, 3, :ok}"));
                printed.show("O2 " + restart.name().toLowerCase(Locale.ROOT), "%{events: " + events + ", reports: "
                        + ConformanceProbe.reports(log, before) + ", wc: " + children(sup) + "}");
                runtime.stop(sup.pid(), ExitReason.NORMAL, Fixtures.PATIENCE);
            }
        }
        printed.assertAsOtp("O2");
    }

    /**
     * Restarts that keep failing: each is a {@code start_error}, until the intensity is reached and the supervisor
     * gives up, reporting {@code shutdown} with {@code reached_max_restart_intensity} (dynamic_supervisor.ex's
     * {@code restart_child/3}).
     */
    @Test
    void O3_restartsThatKeepFailing_areEachReported_thenTheGivingUp() {
        events.plan("c").failFrom(2);
        try (JulRecords log = JulRecords.of(DynamicSupervisorServer.class)) {
            DynamicSupervisor sup = start(new DynamicSupervisorSpec(Integer.MAX_VALUE, 2, Duration.ofSeconds(5)));
            int before = log.records().size();
            exitWith(sup.startChild(spec("c")), ExitReason.abnormal("boom"));
            printed.show("O3 sup exit", Recorded.elixir(exits.await(sup.pid())));
            printed.show("O3 events", events);
            printed.show("O3 reports", ConformanceProbe.reports(log, before));
        }
        printed.assertAsOtp("O3");
    }

    /** Exits beyond the intensity: each a {@code child_terminated}, then the giving up's {@code shutdown}. */
    @Test
    void O4_exitsBeyondTheIntensity_areEachReported_thenTheGivingUp() {
        try (JulRecords log = JulRecords.of(DynamicSupervisorServer.class)) {
            DynamicSupervisor sup = start(new DynamicSupervisorSpec(Integer.MAX_VALUE, 1, Duration.ofSeconds(5)));
            int before = log.records().size();
            Pid c = sup.startChild(spec("c"));
            sup.startChild(spec("d"));
            exitWith(c, ExitReason.abnormal("boom"));
            sync(sup);
            exitWith(pidOf(sup, "c"), ExitReason.abnormal("boom"));
            printed.show("O4 sup exit", Recorded.elixir(exits.await(sup.pid())));
            printed.show("O4 events", events);
            printed.show("O4 reports", ConformanceProbe.reports(log, before));
        }
        printed.assertAsOtp("O4");
    }

    /**
     * {@code start_child} of children whose {@code init} fails or returns ignore: answered so, nothing kept or
     * reported (dynamic_supervisor.ex's {@code handle_start_child}), so the one start that succeeds fills a bound of
     * one; then a stray call, which its {@code handle_call} has no clause for: it crashes, stopping its child as it
     * exits with that crash, and the caller exits with it.
     */
    @Test
    void P_startsThatFailOrAreIgnored_takeNoRoomAndAreNotReported_andAStrayCallCrashesIt() {
        events.plan("f").failOn(1);
        events.plan("i").ignoreOn(1);
        try (JulRecords log = JulRecords.of(DynamicSupervisorServer.class)) {
            DynamicSupervisor sup = start(DynamicSupervisorSpec.withMaxChildren(1));
            printed.show("P start failing", answer(() -> sup.startChild(spec("f"))));
            printed.show("P start ignored", answer(() -> sup.startChild(spec("i"))));
            printed.show("P start", answer(() -> sup.startChild(spec("g"))));
            printed.show("P start at the bound", answer(() -> sup.startChild(spec("h"))));
            printed.show("P cc", counts(sup));
            String call;
            try {
                call = String.valueOf(sup.pid().call(new SupervisorConformanceTest.Stray()));
            } catch (ProcessExitException exited) {
                call = "{:exit, " + Recorded.elixir(exited.reason()) + "}";
            }
            printed.show("P stray call", call);
            printed.show("P sup exit", Recorded.elixir(exits.await(sup.pid())));
            printed.show("P events", events);
            printed.show("P reports", ConformanceProbe.reports(log, 0));
        }
        printed.assertAsOtp("P");
    }

    // ---------------------------------------------------------------- the scenarios' steps, as the script's

    /** The script's receive of a {@code DOWN}: what {@code atDown} answers the moment the monitor hears of it. */
    private static final class Watcher implements GenServer<String> {
        private final Pid target;
        private final Supplier<String> look;
        private final CompletableFuture<String> seen;

        Watcher(Pid target, Supplier<String> look, CompletableFuture<String> seen) {
            this.target = target;
            this.look = look;
            this.seen = seen;
        }

        @Override
        public Init<String> init() {
            Self.monitor(target);
            return Init.ok("watcher");
        }

        @Override
        public Result<String> handleInfo(Object message, String state) {
            if (message instanceof Down) {
                seen.complete(look.get());
            }
            return Result.noreply(state);
        }
    }

    private ChildSpec spec(String id) {
        return ChildSpec.permanent(id, () -> new ConformanceProbe(id, events));
    }

    private ChildSpec spec(String id, RestartType restart) {
        return spec(id).withRestart(restart);
    }

    private DynamicSupervisor start(DynamicSupervisorSpec spec) {
        return DynamicSupervisor.start(runtime, spec, StartOptions.DEFAULTS);
    }

    /** {@code T.sync}: a call answered once the supervisor has handled what came before it (a child's exit). */
    private static void sync(DynamicSupervisor sup) {
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

    /** {@code which_children} as {@code [{:undefined, :pid | :restarting, :worker}]}. */
    private static String children(DynamicSupervisor sup) {
        return sup.children().stream().map(child -> "{:undefined, " + (child.pid() != null ? ":pid"
                : child.restarting() ? ":restarting" : ":undefined") + ", :" + child.type().name().toLowerCase()
                + "}").collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code D.ids}: the children by their probes' ids, in {@code which_children}'s order. */
    private String ids(DynamicSupervisor sup) {
        return sup.children().stream().map(child -> ":" + runtime.getState(child.pid(), Fixtures.PATIENCE))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private Pid pidOf(DynamicSupervisor sup, String id) {
        return sup.children().stream().map(ChildInfo::pid)
                .filter(pid -> id.equals(runtime.getState(pid, Fixtures.PATIENCE))).findFirst().orElseThrow();
    }

    /** What {@code start_child} answers, as Elixir prints it; a pid as {@code :pid}. */
    private static String answer(Supplier<Pid> call) {
        try {
            return call.get() == null ? ":ignore" : "{:ok, :pid}";
        } catch (MaxChildrenException full) {
            return "{:error, :max_children}";
        } catch (InitFailedException failed) {
            return "{:error, " + Recorded.elixir(failed.reason()) + "}";
        }
    }
}
