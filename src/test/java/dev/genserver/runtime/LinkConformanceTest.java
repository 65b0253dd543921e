package dev.genserver.runtime;

import dev.genserver.testing.ManualTimers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Links, monitors and exit signals against OTP itself, not against a reading of it:
 * {@code src/test/conformance/links.exs} runs each scenario with Elixir's processes and prints what it saw (how
 * each process ended, the messages each got, what each call answered), and its output, recorded in
 * {@code conformance/links.txt}, is what each test here must print from this runtime, line for line. The scenarios
 * are the corners of erlang's exit signal rules ({@code normal} to itself or another, {@code kill} against
 * {@code killed}, trapping or not), of {@code link/1} and {@code unlink/1}, of {@code monitor/2} and
 * {@code demonitor/2}, and gen_server's rule for an exit signal from its parent (S), a monitored start's parent
 * being its starter (U); and a process waiting in a call when a process linked to it crashes (T).
 */
class LinkConformanceTest {

    private static final Recorded RECORDED = Recorded.load("/conformance/links.txt");

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final ProcessRuntime runtime = Fixtures.runtime(timers, exits);
    private final LinkConformanceProbe.Events events = new LinkConformanceProbe.Events();
    private final Recorded.Printout printed = RECORDED.printout();

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void A_exitSelfNormal_endsAProcessThatDoesNotTrap_andItsLinksSeeNormal() {
        Pid p = start("p");
        Pid trap = startTrapping("trap");
        Pid plain = start("plain");
        link(trap, p);
        link(plain, p);
        printed.show("A exit self", exited(() -> inside(p, () -> exit(Self.pid(), ExitReason.NORMAL))));
        printed.show("A p", fate(p));
        printed.show("A p events", events.of("p"));
        sync(trap);
        printed.show("A trap events", events.of("trap"));
        printed.show("A plain", fate(plain));
        printed.assertAsOtp("A");
    }

    @Test
    void B_exitSelfNormal_reachesATrappingProcessStartedLinkedByAnother_asAMessage() {
        Pid parent = start("parent");
        Pid t = inside(parent, () -> Self.startLink(probe("t"), StartOptions.DEFAULTS.withTrapExits(true)));
        events.name(t, "t");
        printed.show("B exit self", inside(t, () -> exit(Self.pid(), ExitReason.NORMAL)));
        printed.show("B t", fate(t));
        printed.show("B t events", events.of("t"));
        printed.show("B parent", fate(parent));
        printed.assertAsOtp("B");
    }

    @Test
    void C_exitSelfNormal_stopsATrappingProcessStartedUnlinked_whoseParentIsItself() {
        Pid t = startTrapping("t");
        printed.show("C exit self", inside(t, () -> exit(Self.pid(), ExitReason.NORMAL)));
        printed.show("C t", fate(t));
        printed.show("C t events", events.of("t"));
        printed.assertAsOtp("C");
    }

    @Test
    void D_exitNormalFromAnother_isIgnoredUnlessTrapped_thenAMessage() {
        Pid sender = start("sender");
        Pid plain = start("plain");
        Pid trap = startTrapping("trap");
        inside(sender, () -> exit(plain, ExitReason.NORMAL));
        inside(sender, () -> exit(trap, ExitReason.NORMAL));
        printed.show("D plain", fate(plain));
        printed.show("D plain events", events.of("plain"));
        printed.show("D trap", fate(trap));
        printed.show("D trap events", events.of("trap"));
        printed.assertAsOtp("D");
    }

    @Test
    void E_exitKill_endsATrappingProcessAsKilled_andItsMonitorAndLinksSeeKilled() {
        Pid sender = start("sender");
        Pid watcher = start("watcher");
        Pid t = startTrapping("t");
        Pid trap = startTrapping("trap");
        Pid plain = start("plain");
        link(trap, t);
        link(plain, t);
        events.name(inside(watcher, () -> Self.monitor(t)), "ref");
        inside(sender, () -> exit(t, ExitReason.KILL));
        printed.show("E t", fate(t));
        printed.show("E t events", events.of("t"));
        Waiting.until("the watcher's DOWN", () -> events.count("watcher") > 0);
        printed.show("E watcher events", events.of("watcher"));
        printed.show("E plain", fate(plain));
        Waiting.until("trap's EXIT", () -> events.count("trap") > 0);
        printed.show("E trap events", events.of("trap"));
        printed.show("E trap", fate(trap));
        printed.assertAsOtp("E");
    }

    @Test
    void F_exitKilled_isAnOrdinaryReason_aMessageWhenTrapped_elseDeathOfIt() {
        Pid sender = start("sender");
        Pid trap = startTrapping("trap");
        Pid plain = start("plain");
        inside(sender, () -> exit(trap, ExitReason.KILLED));
        inside(sender, () -> exit(plain, ExitReason.KILLED));
        printed.show("F trap", fate(trap));
        printed.show("F trap events", events.of("trap"));
        printed.show("F plain", fate(plain));
        printed.assertAsOtp("F");
    }

    @Test
    void G_linkToADeadProcess_isAnExitNoprocWhenTrapping_elseANoprocErrorTheCallerMayCatch() {
        Pid gone = gone("gone");
        Pid trap = startTrapping("trap");
        Pid plain = start("plain");
        printed.show("G trap link", inside(trap, () -> link(gone)));
        printed.show("G plain link", inside(plain, () -> {
            try {
                return link(gone);
            } catch (NoProcessException noproc) {
                return "{:error, :" + noproc.error() + "}";
            }
        }));
        printed.show("G trap", fate(trap));
        printed.show("G trap events", events.of("trap"));
        printed.show("G plain", fate(plain));
        printed.show("G plain events", events.of("plain"));
        printed.assertAsOtp("G");
    }

    @Test
    void H_aLinkedProcessEndingNormal_isAMessageWhenTrapped_andLeavesAPlainOneAlive() {
        linkedPartnerEnds("H", ExitReason.NORMAL);
    }

    @Test
    void I_aLinkedProcessEndingShutdownX_isAMessageWhenTrapped_andEndsAPlainOneWithIt() {
        linkedPartnerEnds("I", ExitReason.shutdown("x"));
    }

    private void linkedPartnerEnds(String scenario, ExitReason reason) {
        Pid t = start("t");
        Pid trap = startTrapping("trap");
        Pid plain = start("plain");
        link(trap, t);
        link(plain, t);
        t.call(new LinkConformanceProbe.StopWith(reason));
        printed.show(scenario + " t", fate(t));
        printed.show(scenario + " t events", events.of("t"));
        printed.show(scenario + " plain", fate(plain));
        Waiting.until("trap's EXIT", () -> events.count("trap") > 0);
        printed.show(scenario + " trap events", events.of("trap"));
        printed.show(scenario + " trap", fate(trap));
        printed.assertAsOtp(scenario);
    }

    @Test
    void J_unlinkedBeforeThePartnerCrashes_noExitAndNoDeath() {
        Pid b = start("b");
        Pid trap = startTrapping("trap");
        Pid plain = start("plain");
        for (Pid unlinked : List.of(trap, plain)) {
            inside(unlinked, () -> {
                Self.link(b);
                Self.unlink(b);
                return true;
            });
        }
        crash(b);
        printed.show("J b", fate(b));
        printed.show("J b events", events.of("b"));
        printed.show("J trap", fate(trap));
        printed.show("J trap events", events.of("trap"));
        printed.show("J plain", fate(plain));
        printed.assertAsOtp("J");
    }

    @Test
    void K_anExitAlreadyQueuedWhenTheProcessUnlinks_staysInItsMailbox() {
        Pid b = start("b");
        Pid a = startTrapping("a");
        printed.show("K inside a", inside(a, () -> {
            Self.link(b);
            crash(b);
            Self.unlink(b);
            return true;
        }));
        printed.show("K a", fate(a));
        printed.show("K a events", events.of("a"));
        printed.assertAsOtp("K");
    }

    @Test
    void L_trapExitTurnedOffWithAnExitQueued_leavesItAMessage_andTheProcessLives() {
        Pid b = start("b");
        Pid a = startTrapping("a");
        printed.show("L inside a", inside(a, () -> {
            Self.link(b);
            crash(b);
            return Self.trapExits(false);
        }));
        printed.show("L a", fate(a));
        printed.show("L a events", events.of("a"));
        printed.assertAsOtp("L");
    }

    @Test
    void M_aMonitorOfADeadProcess_isADownNoprocAtOnce() {
        Pid gone = gone("gone");
        Pid watcher = start("watcher");
        events.name(inside(watcher, () -> Self.monitor(gone)), "ref");
        Waiting.until("the watcher's DOWN", () -> events.count("watcher") > 0);
        printed.show("M watcher events", events.of("watcher"));
        printed.assertAsOtp("M");
    }

    @Test
    void N_demonitorInfo_isTrueWhileActive_falseAfter_andFalseOnceFiredWithTheDownLeftQueued() {
        Pid t = start("t");
        Pid u = start("u");
        Pid watcher = start("watcher");
        printed.show("N active", inside(watcher, () -> {
            MonitorRef ref = Self.monitor(t);
            return "{" + Self.demonitor(ref) + ", " + Self.demonitor(ref) + "}";
        }));
        printed.show("N fired", inside(watcher, () -> {
            MonitorRef ref = Self.monitor(u);
            events.name(ref, "ref");
            fired(u);
            return Self.demonitor(ref);
        }));
        Waiting.until("the watcher's DOWN", () -> events.count("watcher") > 0);
        printed.show("N watcher events", events.of("watcher"));
        printed.assertAsOtp("N");
    }

    @Test
    void O_demonitorFlushInfo_isTrueWhileActive_andFalseOnceFired_theDownGone() {
        Pid t = start("t");
        Pid u = start("u");
        Pid watcher = start("watcher");
        printed.show("O active", inside(watcher, () -> Self.demonitorFlush(Self.monitor(t))));
        printed.show("O fired", inside(watcher, () -> {
            MonitorRef ref = Self.monitor(u);
            fired(u);
            return Self.demonitorFlush(ref);
        }));
        printed.show("O watcher events", events.of("watcher"));
        printed.assertAsOtp("O");
    }

    @Test
    void P_twoMonitorsOfOneProcess_areTwoDowns_inTheOrderTheyWereMade() {
        Pid t = start("t");
        Pid watcher = start("watcher");
        events.name(inside(watcher, () -> Self.monitor(t)), "r1");
        events.name(inside(watcher, () -> Self.monitor(t)), "r2");
        runtime.kill(t);
        Waiting.until("the watcher's DOWNs", () -> events.count("watcher") == 2);
        printed.show("P watcher events", events.of("watcher"));
        printed.assertAsOtp("P");
    }

    @Test
    void Q_aTrappingProcessLinkedToAndMonitoringAnother_getsTheExitBeforeTheDown() {
        Pid t = start("t");
        Pid a = startTrapping("a");
        events.name(inside(a, () -> {
            MonitorRef ref = Self.monitor(t);
            Self.link(t);
            return ref;
        }), "ref");
        runtime.kill(t);
        Waiting.until("a's EXIT and DOWN", () -> events.count("a") == 2);
        printed.show("Q a events", events.of("a"));
        printed.assertAsOtp("Q");
    }

    @Test
    void R_theNameOfAProcessIsFree_whenADownForItIsHandled() {
        Name name = Name.local("r_name");
        Pid t = runtime.start(probe("t"), StartOptions.named(name));
        events.name(t, "t");
        Pid watcher = start("watcher");
        watcher.call(new LinkConformanceProbe.Hook(() -> {
            String whereis = Self.runtime().whereis(name).isPresent() ? ":pid" : "nil";
            try {
                Self.runtime().start(probe("again"), StartOptions.named(name));
                return whereis + ", {:ok, :pid}";
            } catch (AlreadyStartedException taken) {
                return whereis + ", {:error, {:already_started, :pid}}";
            }
        }));
        events.name(inside(watcher, () -> Self.monitor(t)), "ref");
        runtime.kill(t);
        Waiting.until("the watcher's DOWN handled", () -> events.count("watcher") == 2);
        printed.show("R watcher events", events.of("watcher"));
        printed.assertAsOtp("R");
    }

    /**
     * An exit signal to a trapping process that its parent (a plain process) started linked: from the parent it is
     * the parent's exit, which gen_server takes as a stop, {@code terminate} and all, whatever the reason,
     * {@code normal} too; from any other process it is an {@code 'EXIT'} message. The child's exit then takes its
     * parent with it, unless it is {@code normal}: so the parent's reply to the call that made it send the signal
     * races with its death, and is not printed: here the child, on a thread of its own, often ends the parent
     * before its handler returns, a kill taking effect at once (160 of 200 runs in one JVM), where under OTP the
     * reply came first in 2,000 of 2,000. Last, the parent itself exiting {@code normal}: a trapping child stops
     * with it, a plain one, for which {@code normal} from another is no signal, lives on.
     */
    @Test
    void S_anExitSignalFromItsParent_stopsATrappingChildWithTerminate_fromAnyOtherProcessItIsAMessage() {
        for (String from : List.of("parent", "sender")) {
            for (ExitReason reason : List.of(ExitReason.NORMAL, ExitReason.abnormal("foo"))) {
                events.reset();
                Pid parent = start("parent");
                Pid sender = start("sender");
                Pid t = startLinked(parent, "t", true);
                exited(() -> inside(from.equals("parent") ? parent : sender, () -> exit(t, reason)));
                String label = "S " + from + " " + reason.detail();
                printed.show(label + " t", fate(t));
                printed.show(label + " t events", events.of("t"));
                printed.show(label + " parent", fate(parent));
            }
        }
        events.reset();
        Pid parent = start("parent");
        Pid t = startLinked(parent, "t", true);
        Pid plain = startLinked(parent, "plain", false);
        parent.call(new LinkConformanceProbe.StopWith(ExitReason.NORMAL));
        printed.show("S parent stopped normal", fate(parent));
        printed.show("S parent stopped normal t", fate(t));
        printed.show("S parent stopped normal t events", events.of("t"));
        printed.show("S parent stopped normal plain", fate(plain));
        printed.assertAsOtp("S");
    }

    /**
     * A process waiting in a call without a timeout, which the server holds (blocked until the test releases it),
     * when a process linked to it crashes: one that does not trap exits dies of it at once, its call or not; one
     * that traps goes on waiting, has the reply, then the {@code 'EXIT'}. Its fate before the answer is read once
     * the crash's signal has reached it: dead, or alive with the {@code 'EXIT'} queued, which a trapping process
     * then takes as a message, nothing else. (The killed one's wait is interrupted, so it records no reply.)
     */
    @Test
    void T_aProcessWaitingInACall_diesAtOnceOfItsLinksCrash_unlessItTrapsExits_thenItHasTheReplyThenTheExit() {
        for (boolean trap : List.of(false, true)) {
            events.reset();
            Pid b = start("b");
            Pid l = start("l");
            Pid a = trap ? startTrapping("a") : start("a");
            link(a, l);
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch answer = new CountDownLatch(1);
            Supplier<String> hold = () -> {
                holding.countDown();
                Fixtures.await(answer);
                return "late";
            };
            CompletableFuture<String> waiting = Fixtures.async(() -> {
                try {
                    return ":" + inside(a, () -> {
                        String reply = b.call(new LinkConformanceProbe.Run<>(hold), Timeouts.INFINITY);
                        events.add("a", "{:reply, :" + reply + "}");
                        return reply;
                    });
                } catch (ProcessExitException exit) {
                    return "{:exit, " + Recorded.elixir(exit.reason()) + "}";
                }
            });
            Fixtures.await(holding);
            crash(l);
            Waiting.until("a ended, or has the EXIT queued", () -> endedOrHolds(a, 1));
            String label = "T trap=" + trap;
            printed.show(label + " a before the answer", a.isAlive() ? ":alive" : Recorded.elixir(exits.await(a)));
            answer.countDown();
            printed.show(label + " waiting call", Fixtures.join(waiting));
            if (trap) {
                Waiting.until("a's EXIT", () -> events.count("a") == 2);
            }
            printed.show(label + " a events", events.of("a"));
            printed.show(label + " a", fate(a));
            printed.show(label + " b", fate(b));
        }
        printed.assertAsOtp("T");
    }

    /**
     * gen.erl's parent of a process started monitored ({@code gen_server:start_monitor}, whose
     * {@code do_spawn(GenMod, monitor, ...)} passes the starter as the parent) is its starter, though nothing links
     * them: an exit signal from the starter stops a trapping child with {@code terminate}, whatever the reason, and
     * the starter's monitor sees it; from any other process it is an {@code 'EXIT'} message. The starter's own exit
     * does not reach the child, which no link ties to it.
     */
    @Test
    void U_anExitSignalFromTheStarterOfAMonitoredStart_stopsATrappingChild_asAParentsDoes() {
        for (String from : List.of("parent", "sender")) {
            for (ExitReason reason : List.of(ExitReason.NORMAL, ExitReason.abnormal("foo"))) {
                events.reset();
                Pid parent = start("parent");
                Pid sender = start("sender");
                Pid t = startMonitored(parent, "t");
                inside(from.equals("parent") ? parent : sender, () -> exit(t, reason));
                String label = "U " + from + " " + reason.detail();
                printed.show(label + " t", fate(t));
                printed.show(label + " t events", events.of("t"));
                if (from.equals("parent")) {
                    Waiting.until("the parent's DOWN", () -> events.count("parent") > 0);
                }
                printed.show(label + " parent events", events.of("parent"));
            }
        }
        events.reset();
        Pid parent = start("parent");
        Pid t = startMonitored(parent, "t");
        parent.call(new LinkConformanceProbe.StopWith(ExitReason.abnormal("foo")));
        // t's events are read at once, and that is enough: a process tells its links and monitors of its exit before
        // it reports it (ProcessCell.announce), so a signal the parent sent t would be queued before fate(parent)
        // returns, and fate(t)'s call queues behind it (S, just above, reads its linked t the same way)
        printed.show("U parent stopped foo", fate(parent));
        printed.show("U parent stopped foo t", fate(t));
        printed.show("U parent stopped foo t events", events.of("t"));
        printed.assertAsOtp("U");
    }

    /**
     * A process that stops with {@code kill} by its own choice: only {@code Process.exit(pid, :kill)} is
     * untrappable, so its {@code kill} reaches its links as an ordinary reason: a trapping partner gets it as a
     * message, a plain one dies of it, as {@code kill}, not {@code killed}, and so passes it on to its own links.
     */
    @Test
    void V_aProcessStoppingWithKill_sendsItsLinksAnOrdinaryKill_trappedOrPassedOnAsKill() {
        Pid t = start("t");
        Pid trap = startTrapping("trap");
        Pid plain = start("plain");
        Pid next = start("next");
        link(trap, t);
        link(plain, t);
        link(next, plain);
        t.call(new LinkConformanceProbe.StopWith(ExitReason.KILL));
        printed.show("V t", fate(t));
        printed.show("V t events", events.of("t"));
        printed.show("V plain", fate(plain));
        printed.show("V next", fate(next));
        Waiting.until("trap's EXIT", () -> events.count("trap") > 0);
        printed.show("V trap events", events.of("trap"));
        printed.show("V trap", fate(trap));
        printed.assertAsOtp("V");
    }

    // ---------------------------------------------------------------- the scenarios' steps, as the script's

    private LinkConformanceProbe probe(String label) {
        return new LinkConformanceProbe(label, events);
    }

    private Pid start(String label) {
        Pid pid = runtime.start(probe(label));
        events.name(pid, label);
        return pid;
    }

    private Pid startTrapping(String label) {
        Pid pid = runtime.start(probe(label), StartOptions.DEFAULTS.withTrapExits(true));
        events.name(pid, label);
        return pid;
    }

    /** {@code A.start_link(label, trap)} inside {@code parent}: a child of it, linked to it. */
    private Pid startLinked(Pid parent, String label, boolean trap) {
        Pid pid = inside(parent, () -> Self.startLink(probe(label), StartOptions.DEFAULTS.withTrapExits(trap)));
        events.name(pid, label);
        return pid;
    }

    /** {@code :gen_server.start_monitor} of a trapping {@code A} inside {@code parent}; its monitor named "mon". */
    private Pid startMonitored(Pid parent, String label) {
        ProcessRuntime.Monitored started = inside(parent,
                () -> runtime.startMonitored(probe(label), StartOptions.DEFAULTS.withTrapExits(true)));
        events.name(started.pid(), label);
        events.name(started.ref(), "mon");
        return started.pid();
    }

    /** {@code T.gone}: a process killed, and known to have ended. */
    private Pid gone(String label) {
        Pid pid = start(label);
        runtime.kill(pid);
        exits.await(pid);
        return pid;
    }

    /** {@code A.run(pid, f)}. */
    private static <R> R inside(Pid pid, Supplier<R> action) {
        return pid.call(new LinkConformanceProbe.Run<>(action));
    }

    /** {@code Process.link(pid)} inside {@code by}, answering {@code true} as erlang's. */
    private static void link(Pid by, Pid other) {
        inside(by, () -> link(other));
    }

    private static boolean link(Pid other) {
        Self.link(other);
        return true;
    }

    /** {@code Process.exit(pid, reason)}, answering {@code true} as erlang's. */
    private static boolean exit(Pid pid, ExitReason reason) {
        Self.exit(pid, reason);
        return true;
    }

    /** A call whose process exits under it, as the script's {@code {:exit, reason}}. */
    private static String exited(Runnable call) {
        try {
            call.run();
            return ":returned";
        } catch (ProcessExitException exit) {
            return "{:exit, " + Recorded.elixir(exit.reason()) + "}";
        }
    }

    /** {@code T.crash}: a raise in a call, the call's exit caught, the process known to have ended. */
    private void crash(Pid pid) {
        exited(() -> pid.call(new LinkConformanceProbe.Boom()));
        exits.await(pid);
    }

    /** Inside a watcher of {@code target}: kills it and waits until the watcher's DOWN is queued. */
    private void fired(Pid target) {
        Self.exit(target, ExitReason.KILL);
        Pid self = Self.pid();
        Waiting.until("the DOWN queued", () -> runtime.info(self).mailbox() == 1);
    }

    /** A call answered once {@code pid} has handled what was queued before it. */
    private static void sync(Pid pid) {
        pid.call(new LinkConformanceProbe.Ping());
    }

    /** Whether {@code pid} has exited, or else holds {@code messages} in its mailbox. */
    private boolean endedOrHolds(Pid pid, int messages) {
        try {
            return !pid.isAlive() || runtime.info(pid).mailbox() == messages;
        } catch (NoProcessException exitedMeanwhile) {
            return true;
        }
    }

    /** {@code T.fate}: how the process ended, or {@code :alive} if a call to it is still answered. */
    private String fate(Pid pid) {
        try {
            sync(pid);
            return ":alive";
        } catch (ProcessExitException | NoProcessException ended) {
            return Recorded.elixir(exits.await(pid));
        }
    }
}
