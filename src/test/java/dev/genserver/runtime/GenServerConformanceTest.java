package dev.genserver.runtime;

import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GenServers against OTP itself, not against a reading of it: {@code src/test/conformance/gen_server.exs} runs each
 * scenario under Elixir's {@code GenServer} and prints what it saw (what the callbacks ran, in order, what each call
 * and stop answered, what a monitor was told), and its output, recorded in {@code conformance/gen_server.txt}, is
 * what each test here must print from this runtime, line for line. The scenarios are the corners of
 * {@code gen_server.erl}'s loop: continues before queued messages, {@code {:stop, ...}} from a call and the order of
 * terminate and reply, {@code GenServer.stop}, init's failures and names, calls that cannot be answered, the
 * timeout a callback returns (which the script waits out for real, and the tests here move past by hand), a
 * process while its {@code terminate} runs, a stop that times out (likewise), what is sent to a process still in its
 * {@code init}, a {@code terminate} that raises after a stop with a reply, and one that replies itself.
 */
class GenServerConformanceTest {

    private static final Recorded RECORDED = Recorded.load("/conformance/gen_server.txt");
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
    void A_aContinueFromInit_runsAfterTheStartReturned_andBeforeACastQueuedMeanwhile() {
        CountDownLatch go = new CountDownLatch(1);
        Pid pid = runtime.start(new S().init(() -> Init.ok("nil", Next.continueWith("c"))).cont((arg, st) -> {
            record("{:continue, " + (waitFor(go) ? ":got_go" : ":start_waited") + "}");
            return Result.noreply(st);
        }));
        pid.cast("queued");
        go.countDown();
        runtime.getState(pid, PATIENCE);
        printed.show("A events", events());
        printed.assertAsOtp("A");
    }

    @Test
    void B_aChainOfContinues_runsBeforeTheSysRequestCallAndStopQueuedBehindItsCast() {
        CountDownLatch release = new CountDownLatch(1);
        Pid pid = runtime.start(new S().cast((msg, st) -> {
            record("{:cast, :block}");
            waitFor(release);
            return Result.noreply(st, Next.continueWith(1));
        }).cont((arg, st) -> {
            record("{:continue, " + arg + "}");
            return arg.equals(1) ? Result.noreply("c1", Next.continueWith(2)) : Result.noreply("c2");
        }).call((req, from, st) -> {
            record("{:call, :get}");
            return req.reply(st, st);
        }));
        pid.cast("block");
        Waiting.until("the cast blocks", () -> events.size() == 1);
        CompletableFuture<Object> sys = Fixtures.async(() -> runtime.getState(pid, PATIENCE));
        Fixtures.awaitMailbox(runtime, pid, 1);
        CompletableFuture<Object> call = Fixtures.async(() -> pid.call(new Req("get")));
        Fixtures.awaitMailbox(runtime, pid, 2);
        CompletableFuture<String> stop = Fixtures.async(() -> attempt(() -> stop(pid, ExitReason.NORMAL)));
        Fixtures.awaitMailbox(runtime, pid, 3);
        release.countDown();
        printed.show("B get_state", term(Fixtures.join(sys)));
        printed.show("B call", term(Fixtures.join(call)));
        printed.show("B stop", Fixtures.join(stop));
        printed.show("B events", events());
        printed.assertAsOtp("B");
    }

    @Test
    void C_aReplyWithAContinue_reachesTheCallerBeforeTheContinueEnds() {
        CountDownLatch back = new CountDownLatch(1);
        Pid pid = runtime.start(new S().call((req, from, st) -> switch (req.name()) {
            case "go" -> req.reply("r", st, Next.continueWith("c"));
            default -> req.reply(st, st);
        }).cont((arg, st) -> Result.noreply(waitFor(back) ? "caller_had_reply" : "caller_waited")));
        printed.show("C call", term(pid.call(new Req("go"))));
        back.countDown();
        printed.show("C continue", term(pid.call(new Req("get"))));
        printed.assertAsOtp("C");
    }

    @Test
    void D_stopWithAReply_runsTerminateBeforeTheCallerHasTheReply_andMonitorsSeeTheReason() {
        for (ExitReason reason : List.of(ExitReason.NORMAL, ExitReason.abnormal("other"))) {
            events.clear();
            Pid pid = runtime.start(new S().call((req, from, st) -> req.stop(reason, "bye", st)));
            BlockingQueue<Object> watched = Fixtures.watch(runtime, pid);
            String label = "D " + reason.detail();
            printed.show(label + " call", attempt(() -> pid.call(new Req("stop"))));
            printed.show(label + " events at the reply", events());
            printed.show(label + " down", Fixtures.down(watched));
        }
        printed.assertAsOtp("D");
    }

    @Test
    void E_aCallQueuedBehindAStopWithAReply_failsWithTheServersExitReason() {
        CountDownLatch release = new CountDownLatch(1);
        Pid pid = runtime.start(new S().call((req, from, st) -> switch (req.name()) {
            case "stop" -> {
                record("{:call, :stop}");
                waitFor(release);
                yield req.stop(ExitReason.NORMAL, "bye", st);
            }
            default -> req.reply("got", st);
        }));
        CompletableFuture<String> stopping = Fixtures.async(() -> attempt(() -> pid.call(new Req("stop"))));
        Waiting.until("the stop is being handled", () -> events.size() == 1);
        CompletableFuture<String> queued = Fixtures.async(() -> attempt(() -> pid.call(new Req("get"))));
        Fixtures.awaitMailbox(runtime, pid, 1);
        release.countDown();
        printed.show("E stopping call", Fixtures.join(stopping));
        printed.show("E queued call", Fixtures.join(queued));
        printed.show("E events", events());
        printed.assertAsOtp("E");
    }

    @Test
    void F_aStopWithoutAReply_exitsTheCallerWithTheReason_unlessTheServerRepliedFirst() {
        Pid pid = runtime.start(new S().call((req, from, st) -> Result.stop(ExitReason.abnormal("bye"), st)));
        BlockingQueue<Object> watched = Fixtures.watch(runtime, pid);
        printed.show("F call", attempt(() -> pid.call(new Req("stop"))));
        printed.show("F down", Fixtures.down(watched));
        printed.show("F events", events());
        events.clear();
        Pid replying = runtime.start(new S().call((req, from, st) -> {
            from.reply("early");
            return Result.stop(ExitReason.abnormal("bye"), st);
        }));
        BlockingQueue<Object> watchedReplying = Fixtures.watch(runtime, replying);
        printed.show("F replied first", attempt(() -> replying.call(new Req("stop"))));
        printed.show("F replied first down", Fixtures.down(watchedReplying));
        printed.show("F replied first events", events());
        printed.assertAsOtp("F");
    }

    @Test
    void G_genServerStop_runsTerminateWithItsReason_trappingExitsOrNot() {
        for (boolean trap : List.of(false, true)) {
            for (ExitReason reason : List.of(ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.abnormal("other"))) {
                events.clear();
                Pid pid = runtime.start(new S().init(() -> {
                    Self.trapExits(trap);
                    return Init.ok("nil");
                }));
                BlockingQueue<Object> watched = Fixtures.watch(runtime, pid);
                String stopped = attempt(() -> stop(pid, reason));
                printed.show("G trap=" + trap + " " + reason.detail(), "stop " + stopped + ", events " + events() + ", down "
                        + Fixtures.down(watched));
            }
        }
        printed.assertAsOtp("G");
    }

    @Test
    void H_anInitThatStopsIgnoresOrRaises_runsNoTerminate_andLeavesTheNameFree() {
        List<Supplier<Init<Object>>> inits = List.of(() -> Init.stop(ExitReason.abnormal("nope")), Init::ignore,
                () -> {
                    throw new IllegalArgumentException("bad");
                });
        List<String> kinds = List.of("stop", "ignore", "raise");
        for (int i = 0; i < kinds.size(); i++) {
            String kind = kinds.get(i);
            Supplier<Init<Object>> init = inits.get(i);
            events.clear();
            S server = new S().init(() -> {
                record("{:init, :" + kind + "}");
                return init.get();
            });
            printed.show("H " + kind + " start", started(() -> runtime.start(server, named("h"))));
            printed.show("H " + kind + " events", events());
            printed.show("H " + kind + " whereis", runtime.whereis("h").map(pid -> ":pid").orElse("nil"));
        }
        Pid pid = runtime.start(new S(), named("h"));
        printed.show("H name taken again", runtime.whereis("h").equals(Optional.of(pid)));
        printed.assertAsOtp("H");
    }

    @Test
    void I_aSecondStartUnderATakenName_answersAlreadyStartedWithTheHolder_andItsInitNeverRuns() {
        Pid first = runtime.start(new S().init(() -> {
            record("{:init, :first}");
            return Init.ok("nil");
        }), named("i"));
        S second = new S().init(() -> {
            record("{:init, :second}");
            return Init.ok("nil");
        });
        try {
            printed.show("I second start", "{:ok, " + runtime.start(second, named("i")) + "}");
        } catch (AlreadyStartedException taken) {
            String holder = taken.existing() == first ? ":first" : ":pid";
            printed.show("I second start", "{:error, {:already_started, " + holder + "}}");
        }
        printed.show("I events", events());
        printed.assertAsOtp("I");
    }

    @Test
    void J_aCallToAFreeNameOrAnExitedPid_exitsWithNoproc_whileACastToAFreeNameIsDropped() {
        Pid pid = runtime.start(new S());
        stop(pid, ExitReason.NORMAL);
        printed.show("J call to a free name", attempt(() -> runtime.call("nobody", new Req("get"))));
        printed.show("J call to an exited pid", attempt(() -> pid.call(new Req("get"))));
        printed.show("J cast to a free name", attempt(() -> {
            runtime.cast("nobody", "x");
            return "ok";
        }));
        printed.assertAsOtp("J");
    }

    @Test
    void K_aReplyAfterTheCallTimedOut_neverReachesTheCaller() {
        Duration timeout = Duration.ofMillis(100);
        Pid server = runtime.start(new S().call((req, from, st) -> switch (req.name()) {
            case "slow" -> Result.noreply(from);
            default -> {
                ((From) st).reply("late_answer");
                yield req.reply("ok", st);
            }
        }));
        List<String> mailbox = new CopyOnWriteArrayList<>();
        Pid caller = runtime.start(new S().call((req, from, st) -> {
            printed.show("K slow call", attempt(() -> server.call(new Req("slow"), timeout)));
            printed.show("K late reply", attempt(() -> server.call(new Req("late"))));
            return req.reply("done", st);
        }).info((msg, st) -> {
            mailbox.add(String.valueOf(msg));
            return Result.noreply(st);
        }));
        Fixtures.timeOutTheWait(timers, timeout);
        caller.call(new Req("go"), PATIENCE);
        Mailboxes.awaitHandled(runtime, caller);
        printed.show("K caller mailbox", "[" + String.join(", ", mailbox) + "]");
        printed.assertAsOtp("K");
    }

    @Test
    void L_aTimeoutFromHandleContinue_firesAsFromAnyCallback() {
        Pid pid = runtime.start(new S().init(() -> Init.ok("nil", Next.continueWith("c"))).cont((arg, st) -> {
            record("{:continue, :c}");
            return Result.noreply(st, Duration.ofMillis(100));
        }));
        Mailboxes.awaitHandled(runtime, pid);
        timers.advance(Duration.ofMillis(50));
        Mailboxes.awaitHandled(runtime, pid);
        printed.show("L events after 50 ms", events());
        timers.advance(Duration.ofMillis(50));
        Waiting.until("the timeout", () -> events.size() == 2);
        printed.show("L events after 100 ms", events());
        printed.assertAsOtp("L");
    }

    @Test
    void M_hibernate_cancelsTheTimeoutSetBeforeIt() {
        Pid pid = runtime.start(new S().init(() -> Init.ok("nil", Duration.ofMillis(100))).cast((msg, st) -> {
            record("{:cast, :h}");
            return Result.noreply(st, Next.HIBERNATE);
        }));
        pid.cast("h");
        Mailboxes.awaitHandled(runtime, pid);
        timers.advance(Duration.ofMillis(250));
        Mailboxes.awaitHandled(runtime, pid);
        printed.show("M events after 250 ms", events());
        printed.assertAsOtp("M");
    }

    @Test
    void N_replaceState_restartsTheTimeout_aWholeTimeoutAfterTheRequest() {
        Pid pid = runtime.start(new S().init(() -> Init.ok("nil", Duration.ofMillis(200))));
        timers.advance(Duration.ofMillis(120));
        runtime.replaceState(pid, UnaryOperator.identity(), PATIENCE);
        Mailboxes.awaitHandled(runtime, pid);
        timers.advance(Duration.ofMillis(120));
        Mailboxes.awaitHandled(runtime, pid);
        printed.show("N events 120 ms after the replace", events());
        timers.advance(Duration.ofMillis(80));
        Waiting.until("the timeout", () -> events.size() == 1);
        printed.show("N events 200 ms after the replace", events());
        printed.assertAsOtp("N");
    }

    @Test
    void O_aZeroTimeout_givesWayToAMessageAlreadyQueued_andFiresWithNoneQueued() {
        Pid pid = runtime.start(new S().cast((msg, st) -> {
            record("{:cast, :" + msg + "}");
            if (msg.equals("x")) {
                Self.pid().send("self_msg");
            }
            return Result.noreply(st, Duration.ZERO);
        }));
        pid.cast("x");
        Waiting.until("the cast and the message", () -> events.size() == 2);
        runtime.getState(pid, PATIENCE);
        printed.show("O events behind a queued message", events());
        events.clear();
        pid.cast("y");
        Waiting.until("the cast and the timeout", () -> events.size() == 2);
        printed.show("O events with none queued", events());
        printed.assertAsOtp("O");
    }

    @Test
    void P_aNoreplyWithAContinue_letsTheContinueAnswerTheCaller() {
        Pid pid = runtime.start(new S().call((req, from, st) -> Result.noreply(from, Next.continueWith("c")))
                .cont((arg, st) -> {
                    ((From) st).reply("from_continue");
                    return Result.noreply(st);
                }));
        printed.show("P call", term(pid.call(new Req("go"))));
        printed.assertAsOtp("P");
    }

    @Test
    void Q_aCallsExitLetThrough_endsTheCallerWithTheServersReason_aShutdownOnlyForABareShutdown() {
        for (ExitReason reason : List.of(ExitReason.SHUTDOWN, ExitReason.shutdown("bye"),
                ExitReason.shutdown("shutdown"), ExitReason.NORMAL, ExitReason.KILLED)) {
            events.clear();
            Pid b = runtime.start(new S().call((req, from, st) -> {
                record("{:call, :slow}");
                return Result.noreply(st);
            }));
            Pid a = runtime.start(new S().cast((msg, st) -> {
                b.call(new Req("slow"), Timeouts.INFINITY);
                return Result.noreply(st);
            }));
            BlockingQueue<Object> watched = Fixtures.watch(runtime, a);
            a.cast("go");
            Waiting.until("b has the call", () -> events.size() == 1);
            if (reason == ExitReason.KILLED) {
                runtime.kill(b);
            } else {
                stop(b, reason);
            }
            ExitReason exit = Fixtures.takeInfo(watched, Down.class).reason();
            String label = "Q " + Recorded.elixir(reason);
            printed.show(label + " caller's exit", exit.cause() instanceof ProcessExitException call
                    ? "{" + Recorded.elixir(call.reason()) + ", :call}" : Recorded.elixir(exit));
            printed.show(label + " a shutdown", exit.kind() == ExitReason.Kind.SHUTDOWN);
            printed.show(label + " events", events());
        }
        events.clear();
        Pid b = runtime.start(new S().call((req, from, st) -> {
            record("{:call, :slow}");
            return Result.noreply(st);
        }));
        CompletableFuture<Pid> start = Fixtures.async(() -> runtime.start(new S().init(() -> {
            b.call(new Req("slow"), Timeouts.INFINITY);
            return Init.ok("nil");
        })));
        Waiting.until("b has the call", () -> events.size() == 1);
        stop(b, ExitReason.SHUTDOWN);
        ExitReason failed;
        try {
            Fixtures.join(start);
            throw new AssertionError("the start succeeded");
        } catch (InitFailedException e) {
            failed = e.reason();
        }
        printed.show("Q init start", "{:error, {" + Recorded.elixir(failed) + ", :call}}");
        printed.show("Q init a shutdown", failed.kind() == ExitReason.Kind.SHUTDOWN);

        CountDownLatch blocked = new CountDownLatch(1);
        Pid busy = runtime.start(new S().cast((msg, st) -> {
            blocked.countDown();
            waitFor(new CountDownLatch(1)); // until the shutdown below ends it
            return Result.noreply(st);
        }));
        busy.cast("block");
        Fixtures.await(blocked);
        Pid stopper = runtime.start(new S().cast((msg, st) -> {
            Self.runtime().stop(busy, ExitReason.NORMAL, Timeouts.INFINITY);
            return Result.noreply(st);
        }));
        BlockingQueue<Object> watched = Fixtures.watch(runtime, stopper);
        stopper.cast("go");
        Fixtures.awaitMailbox(runtime, busy, 1);
        runtime.shutdown(busy, Shutdown.infinity()); // exit(busy, :shutdown): it does not trap exits
        ExitReason exit = Fixtures.takeInfo(watched, Down.class).reason();
        printed.show("Q untaken stop caller's exit", exit.cause() instanceof ProcessExitException stop
                ? (stop.isUntakenStop() ? "{{" + Recorded.elixir(stop.reason()) + ", :sys}, :stop}"
                : "{" + Recorded.elixir(stop.reason()) + ", :stop}") : Recorded.elixir(exit));
        printed.show("Q untaken stop a shutdown", exit.kind() == ExitReason.Kind.SHUTDOWN);

        events.clear();
        Pid server = runtime.start(new S().call((req, from, st) -> {
            record("{:call, :slow}");
            return Result.noreply(st);
        }));
        Pid waiter = runtime.start(new S().cast((msg, st) -> {
            try {
                server.sendRequest(new Req("slow")).await(Timeouts.INFINITY);
            } catch (ProcessExitException answer) {
                record("{:answer, {:error, {" + Recorded.elixir(answer.reason()) + ", :b}}}");
                throw answer; // let through, as the script raises on anything but a reply
            }
            return Result.noreply(st);
        }));
        watched = Fixtures.watch(runtime, waiter);
        waiter.cast("go");
        Waiting.until("b has the request", () -> events.size() == 1);
        stop(server, ExitReason.SHUTDOWN);
        exit = Fixtures.takeInfo(watched, Down.class).reason();
        printed.show("Q request caller's exit", Recorded.elixir(exit));
        printed.show("Q request a shutdown", exit.kind() == ExitReason.Kind.SHUTDOWN);
        printed.show("Q request events", events());
        printed.assertAsOtp("Q");
    }

    /**
     * A process stopping, its {@code terminate} blocked until the test releases it, is alive and keeps its name, a
     * local one or a registry key, until it has exited: a start under the name is refused with the stopping process
     * (gen_server unregisters only as it exits). A monitor, a link and a call made meanwhile all see its real exit
     * reason, not {@code noproc}; the call, queued, is known to be in its mailbox before the release.
     */
    @Test
    void R_whileItsTerminateRuns_aProcessIsAliveAndKeepsItsName_andWhatIsMadeMeanwhileSeesItsRealExit() {
        Registry registry = Registry.create("Reg");
        for (String kind : List.of("local", "via")) {
            events.clear();
            Name name = kind.equals("local") ? Name.local("r") : Name.via(registry, "r");
            CountDownLatch release = new CountDownLatch(1);
            Pid pid = runtime.start(new S().onTerminate((reason, st) -> {
                record("{:terminate, " + Recorded.elixir(reason) + "}");
                waitFor(release);
                record(":terminated");
            }).call((req, from, st) -> req.reply("got", st)), StartOptions.named(name));
            CompletableFuture<String> stopper = Fixtures.async(() -> attempt(() -> stop(pid, ExitReason.NORMAL)));
            Waiting.until("terminate runs", () -> events.size() == 1);
            String label = "R " + kind;
            printed.show(label + " alive in terminate", pid.isAlive());
            printed.show(label + " whereis in terminate", runtime.whereis(name).equals(Optional.of(pid)));
            String second;
            try {
                runtime.stop(runtime.start(new S(), StartOptions.named(name)), ExitReason.NORMAL, PATIENCE);
                second = "{:ok, :pid}";
            } catch (AlreadyStartedException taken) {
                second = "{:error, {:already_started, " + (taken.existing() == pid ? ":the_stopping_process" : ":pid")
                        + "}}";
            }
            printed.show(label + " start under the name in terminate", second);
            BlockingQueue<Object> watched = Fixtures.watch(runtime, pid);
            Pid linker = runtime.start(new S().init(() -> {
                Self.trapExits(true);
                return Init.ok("nil");
            }).call((req, from, st) -> {
                Self.link(pid);
                return req.reply(true, st);
            }).info((msg, st) -> {
                record("{:linker, {:EXIT, :pid, " + Recorded.elixir(((Exit) msg).reason()) + "}}");
                return Result.noreply(st);
            }));
            printed.show(label + " link in terminate", term(linker.call(new Req("link"))));
            CompletableFuture<String> call = Fixtures.async(() -> attempt(() -> pid.call(new Req("get"))));
            Fixtures.awaitMailbox(runtime, pid, 1);
            release.countDown();
            printed.show(label + " stop", Fixtures.join(stopper));
            printed.show(label + " monitor made in terminate", Fixtures.down(watched));
            printed.show(label + " call made in terminate", Fixtures.join(call));
            Waiting.until("the linker's EXIT", () -> events.size() == 3);
            printed.show(label + " events", events());
            stop(linker, ExitReason.NORMAL);
        }
        printed.assertAsOtp("R");
    }

    /**
     * {@code GenServer.stop} with a timeout the server overruns, busy in a cast until the test releases it: the
     * stopper exits {@code timeout} (the test moves time past it), but its request stays queued, as
     * {@code proc_lib:stop}'s {@code sys:terminate} was sent, so the server, still alive once the stop has timed
     * out, stops when it gets to it.
     */
    @Test
    void S_aStopThatTimesOut_leavesItsRequestQueued_soTheServerStopsOnceItGetsToIt() {
        CountDownLatch release = new CountDownLatch(1);
        Pid pid = runtime.start(new S().cast((msg, st) -> {
            record("{:cast, :block}");
            waitFor(release);
            record(":released");
            return Result.noreply(st);
        }));
        BlockingQueue<Object> watched = Fixtures.watch(runtime, pid);
        pid.cast("block");
        Waiting.until("the cast blocks", () -> events.size() == 1);
        Duration timeout = Duration.ofMillis(100);
        Fixtures.timeOutTheWait(timers, timeout);
        printed.show("S stop", attempt(() -> {
            runtime.stop(pid, ExitReason.NORMAL, timeout);
            return "ok";
        }));
        printed.show("S alive once the stop timed out", pid.isAlive());
        release.countDown();
        printed.show("S down", Fixtures.down(watched));
        printed.show("S events", events());
        printed.assertAsOtp("S");
    }

    /**
     * A process still in its {@code init} (held there until the test releases it), under a name: gen registers the
     * name before {@code init}, so whereis finds it and a start under the name is refused with it; a call, a
     * {@code :sys.get_state} and a cast made meanwhile wait in its mailbox and are handled once {@code init} has
     * returned, after its continue, in the order they came. An {@code init} that returns ignore or stop instead
     * exits ({@code normal}, or its reason), and what waits exits with it.
     */
    @Test
    void T_whatIsSentToAProcessInItsInit_waitsForTheInit_andExitsWithItsExitIfItFails() {
        List<Supplier<Init<Object>>> outcomes = List.of(() -> Init.ok("init", Next.continueWith("c")), Init::ignore,
                () -> Init.stop(ExitReason.abnormal("nope")));
        List<String> labels = List.of("ok", "ignore", "stop");
        for (int i = 0; i < labels.size(); i++) {
            Supplier<Init<Object>> outcome = outcomes.get(i);
            String label = "T " + labels.get(i);
            events.clear();
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<String> starter = Fixtures.async(() -> started(() -> runtime.start(new S().init(() -> {
                waitFor(release);
                return outcome.get();
            }).cont((arg, st) -> {
                record("{:continue, :c}");
                return Result.noreply("continued");
            }).call((req, from, st) -> {
                record("{:call, :set}");
                return req.reply(st, "called");
            }), named("t"))));
            Waiting.until("t is registered", () -> runtime.whereis("t").isPresent());
            Pid pid = runtime.whereis("t").orElseThrow();
            printed.show(label + " whereis in init", runtime.whereis("t").equals(Optional.of(pid)));
            String second;
            try {
                runtime.stop(runtime.start(new S(), named("t")), ExitReason.NORMAL, PATIENCE);
                second = "{:ok, :pid}";
            } catch (AlreadyStartedException taken) {
                second = "{:error, {:already_started, " + (taken.existing() == pid ? ":the_starting_process" : ":pid")
                        + "}}";
            }
            printed.show(label + " start under the name in init", second);
            BlockingQueue<Object> watched = Fixtures.watch(runtime, pid);
            CompletableFuture<String> call = Fixtures.async(() -> attempt(() -> runtime.call("t", new Req("set"))));
            Fixtures.awaitMailbox(runtime, pid, 1);
            CompletableFuture<String> sys = Fixtures.async(() -> attempt(() -> runtime.getState(pid, PATIENCE)));
            Fixtures.awaitMailbox(runtime, pid, 2);
            runtime.cast("t", "queued");
            Fixtures.awaitMailbox(runtime, pid, 3);
            release.countDown();
            String start = Fixtures.join(starter);
            printed.show(label + " start", start.startsWith("{:ok, ") ? "{:ok, :pid}" : start);
            printed.show(label + " call made in init", Fixtures.join(call));
            printed.show(label + " get_state made in init", Fixtures.join(sys));
            if (pid.isAlive()) {
                stop(pid, ExitReason.NORMAL);
            }
            printed.show(label + " down", Fixtures.down(watched));
            printed.show(label + " events", events());
            printed.show(label + " whereis at the end", runtime.whereis("t").map(any -> ":pid").orElse("nil"));
        }
        printed.assertAsOtp("T");
    }

    /**
     * A {@code terminate} that raises after a stop with a reply: the caller still has the reply (gen_server's
     * {@code handle_msg} replies in an {@code after}), and a monitor sees the raise as the exit reason, whatever
     * reason was asked; after a cast's stop, a call queued behind it exits with that crash.
     */
    @Test
    void U_aTerminateThatRaises_afterAStopWithAReply_stillLetsTheCallerHaveIt_andTheProcessExitsWithTheRaise() {
        BiConsumer<ExitReason, Object> raising = (reason, st) -> {
            record("{:terminate, " + Recorded.elixir(reason) + "}");
            throw new IllegalStateException("terminate failed");
        };
        for (ExitReason reason : List.of(ExitReason.NORMAL, ExitReason.abnormal("other"))) {
            events.clear();
            Pid pid = runtime.start(new S().call((req, from, st) -> req.stop(reason, "bye", st)).onTerminate(raising));
            BlockingQueue<Object> watched = Fixtures.watch(runtime, pid);
            String label = "U " + reason.detail();
            printed.show(label + " call", attempt(() -> pid.call(new Req("stop"))));
            printed.show(label + " down", Fixtures.down(watched));
            printed.show(label + " events", events());
        }
        events.clear();
        CountDownLatch release = new CountDownLatch(1);
        Pid pid = runtime.start(new S().cast((msg, st) -> {
            record("{:cast, :stop}");
            waitFor(release);
            return Result.stop(ExitReason.NORMAL, st);
        }).call((req, from, st) -> req.reply("got", st)).onTerminate(raising));
        BlockingQueue<Object> watched = Fixtures.watch(runtime, pid);
        pid.cast("stop");
        Waiting.until("the cast blocks", () -> events.size() == 1);
        CompletableFuture<String> queued = Fixtures.async(() -> attempt(() -> pid.call(new Req("get"))));
        Fixtures.awaitMailbox(runtime, pid, 1);
        release.countDown();
        printed.show("U cast stop, queued call", Fixtures.join(queued));
        printed.show("U cast stop, down", Fixtures.down(watched));
        printed.show("U cast stop, events", events());
        printed.assertAsOtp("U");
    }

    /**
     * A reply given in {@code terminate}, through a {@link From} kept in the state: the caller whose call stopped the
     * server ({@code {:stop, :bye, s}}, no reply) has it rather than the exit, and so has a caller left waiting
     * ({@code {:noreply, s}}) when {@code GenServer.stop} stops the server.
     */
    @Test
    void V_aReplyGivenInTerminate_reachesTheStoppingCaller_andOneLeftWaiting() {
        Supplier<S> server = () -> new S().call((req, from, st) -> switch (req.name()) {
            case "stop" -> Result.stop(ExitReason.abnormal("bye"), from);
            default -> {
                record("{:call, :defer}");
                yield Result.noreply(from);
            }
        }).onTerminate((reason, st) -> {
            record("{:terminate, " + Recorded.elixir(reason) + "}");
            ((From) st).reply(new FromTerminate(Recorded.elixir(reason)));
        });
        Pid stopping = runtime.start(server.get());
        printed.show("V stopping call", attempt(() -> stopping.call(new Req("stop"))));
        Pid pid = runtime.start(server.get());
        CompletableFuture<String> waiting = Fixtures.async(() -> attempt(() -> pid.call(new Req("defer"))));
        Waiting.until("the call waits", () -> events.size() == 2);
        printed.show("V stop", attempt(() -> stop(pid, ExitReason.SHUTDOWN)));
        printed.show("V waiting call", Fixtures.join(waiting));
        printed.show("V events", events());
        printed.assertAsOtp("V");
    }

    /** {@code {:from_terminate, reason}}, the reply V's terminate gives. */
    record FromTerminate(String reason) {
        @Override
        public String toString() {
            return "{:from_terminate, " + reason + "}";
        }
    }

    // ---------------------------------------------------------------- the script's S, and its helpers

    /** A call as the script makes it: {@code GenServer.call(pid, :name)}. */
    record Req(String name) implements Call<Object> {
    }

    @FunctionalInterface
    interface CallHandler {
        CallResult<Object> handle(Req request, From from, Object state);
    }

    @FunctionalInterface
    interface Handler {
        Result<Object> handle(Object message, Object state);
    }

    /**
     * The script's {@code S}: the callbacks a scenario gives it, and by default a cast and an info recorded as
     * {@code {:cast, msg}} and {@code {:info, msg}}, and a terminate as {@code {:terminate, reason}}. The
     * state stands for the script's {@code st[:v]} (or its saved {@code from}).
     */
    private final class S implements GenServer<Object> {
        private Supplier<Init<Object>> init = () -> Init.ok("nil");
        private CallHandler call = (req, from, st) -> {
            throw new UnexpectedMessageException("S", "call", req);
        };
        private Handler cast = (msg, st) -> {
            record("{:cast, " + term(msg) + "}");
            return Result.noreply(st);
        };
        private Handler info = (msg, st) -> {
            record("{:info, " + term(msg) + "}");
            return Result.noreply(st);
        };
        private Handler cont = (arg, st) -> {
            throw new UnexpectedMessageException("S", "continue", arg);
        };
        private BiConsumer<ExitReason, Object> onTerminate = (reason, st) ->
                record("{:terminate, " + Recorded.elixir(reason) + "}");

        S init(Supplier<Init<Object>> init) {
            this.init = init;
            return this;
        }

        S call(CallHandler call) {
            this.call = call;
            return this;
        }

        S cast(Handler cast) {
            this.cast = cast;
            return this;
        }

        S info(Handler info) {
            this.info = info;
            return this;
        }

        S cont(Handler cont) {
            this.cont = cont;
            return this;
        }

        /** The script's {@code term:} callback, run as the terminate instead of the record. */
        S onTerminate(BiConsumer<ExitReason, Object> onTerminate) {
            this.onTerminate = onTerminate;
            return this;
        }

        @Override
        public Init<Object> init() {
            return init.get();
        }

        @Override
        public CallResult<Object> handleCall(Call<?> request, From from, Object state) {
            return call.handle((Req) request, from, state);
        }

        @Override
        public Result<Object> handleCast(Object message, Object state) {
            return cast.handle(message, state);
        }

        @Override
        public Result<Object> handleInfo(Object message, Object state) {
            return info.handle(message, state);
        }

        @Override
        public Result<Object> handleContinue(Object arg, Object state) {
            return cont.handle(arg, state);
        }

        @Override
        public void terminate(ExitReason reason, Object state) {
            onTerminate.accept(reason, state);
        }
    }

    /** A term as the script's {@code inspect} prints it: a name as an atom, the idle timeout as {@code :timeout}. */
    private static String term(Object value) {
        return switch (value) {
            case IdleTimeout timeout -> ":timeout";
            case String atom -> ":" + atom;
            default -> String.valueOf(value);
        };
    }

    /** What a call or stop answers, or, as the script's {@code T.attempt}, {@code {:exit, reason}}. */
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

    /** What {@code GenServer.start} answers when the start fails, or {@code {:ok, pid}} with the pid as it prints. */
    private static String started(Supplier<Pid> start) {
        try {
            return "{:ok, " + start.get() + "}";
        } catch (InitFailedException failed) {
            return "{:error, " + Recorded.elixir(failed.reason()) + "}";
        } catch (StartIgnoredException ignored) {
            return ":ignore";
        }
    }

    /** {@code GenServer.stop(pid, reason)}, answering {@code "ok"} as {@link #term} prints {@code :ok}. */
    private String stop(Pid pid, ExitReason reason) {
        runtime.stop(pid, reason, PATIENCE);
        return "ok";
    }

    private static StartOptions named(String name) {
        return StartOptions.named(Name.local(name));
    }

    /** A wait inside a callback, for the test's next step: true once {@code latch} opens. */
    private static boolean waitFor(CountDownLatch latch) {
        try {
            return latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void record(String event) {
        events.add(event);
    }

    private String events() {
        return "[" + String.join(", ", events) + "]";
    }
}
