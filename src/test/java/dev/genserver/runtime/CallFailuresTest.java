package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** How a call fails: timeout (and the late reply dropped), a dead process, calling oneself. */
class CallFailuresTest {

    /** Far longer than any test runs: a call that fails with this timeout did not wait for it. */
    private static final Duration FOREVER = Duration.ofHours(1);

    private final ManualTimers timers = new ManualTimers();

    @Test
    void call_toABlockedProcess_timesOut_andTheLateReplyIsDropped() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());

            Fixtures.timeOutTheWait(timers, Duration.ofMillis(50));
            assertThatThrownBy(() -> pid.call(new Probe.Add(1), Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(CallTimeoutException.class, e -> {
                        assertThat(e.pid()).isSameAs(pid);
                        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(50));
                        assertThat(e.error()).isEqualTo("timeout");
                    });
            block.release().countDown();

            assertThat(pid.call(new Probe.Get())).as("the timed-out Add still ran; its reply went nowhere")
                    .isEqualTo(1L);
            assertThat(pid.call(new Probe.Add(10))).as("the next caller gets its own reply").isEqualTo(11L);
        }
    }

    /**
     * A blocked call's timeout counts on the runtime's clock, as its async form's does and as OTP's {@code receive
     * ... after} counts on the VM's: with a manual one it ends when the test moves time past it, not by the wall
     * clock. It waited by {@link System#nanoTime()}, so a test could only wait it out.
     */
    @Test
    void call_toABlockedProcess_timesOutOnTheRuntimesClock() throws InterruptedException {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());
            CompletableFuture<Long> call = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    call.complete(pid.call(new Probe.Add(1), Duration.ofMillis(50)));
                } catch (RuntimeException failure) {
                    call.completeExceptionally(failure);
                }
            });

            assertThat(timers.awaitDueIn(Duration.ofMillis(50), Fixtures.PATIENCE)).as("a wait bounded on the clock")
                    .isTrue();
            assertThat(timers.advance(Duration.ofMillis(49))).as("49 ms into a 50 ms timeout: nothing due").isZero();
            assertThat(call).isNotDone();
            timers.advance(Duration.ofMillis(1));

            assertThatThrownBy(() -> join(call)).isInstanceOf(CallTimeoutException.class);
            block.release().countDown();
        }
    }

    @Test
    void callAsync_timesOutOnTheRuntimeTimers_andTheLateReplyIsDropped() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());
            CompletableFuture<Long> reply = pid.callAsync(new Probe.Add(1), Duration.ofSeconds(5));

            timers.advance(Duration.ofSeconds(5));

            assertThatThrownBy(() -> join(reply)).isInstanceOf(CallTimeoutException.class);
            block.release().countDown();
            assertThat(pid.call(new Probe.Get())).isEqualTo(1L);
            assertThatThrownBy(() -> join(reply)).as("still the timeout").isInstanceOf(CallTimeoutException.class);
        }
    }

    /** As the next test, on the default clock: a handler spinning 20 ms outruns a 1 ms timeout. */
    @Test
    void call_handledOnTheCallersThread_thatOutrunsItsTimeoutOnTheSystemClock_failsWithTimeout() {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                long start = System.nanoTime();
                while (System.nanoTime() - start < Duration.ofMillis(20).toNanos()) {
                    Thread.onSpinWait();
                }
                return ((Probe.Get) request).reply(n, n + 1);
            }));

            assertThatThrownBy(() -> pid.call(new Probe.Get(), Duration.ofMillis(1)))
                    .isInstanceOf(CallTimeoutException.class);
            assertThat(pid.isAlive()).isTrue();
        }
    }

    @Test
    void call_handledOnTheCallersThread_thatOutrunsItsTimeout_failsWithTimeout() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                timers.advance(Duration.ofMillis(2)); // the handler's work takes 2 ms of the runtime's time
                return ((Probe.Get) request).reply(n, n + 1);
            }));

            assertThatThrownBy(() -> pid.call(new Probe.Get(), Duration.ofMillis(1)))
                    .isInstanceOf(CallTimeoutException.class);
            assertThat(pid.isAlive()).isTrue();
        }
    }

    /**
     * gen.erl's caller exits with {@code timeout} once its timeout is past, whatever the server does after; a handler
     * on the caller's thread that outran it and then crashed is the timeout too, not the crash.
     */
    @Test
    void call_handledOnTheCallersThread_thatOutrunsItsTimeoutThenCrashes_failsWithTimeout() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                timers.advance(Duration.ofMillis(2));
                throw new IllegalStateException("crashed after the caller's timeout");
            }));

            assertThatThrownBy(() -> pid.call(new Probe.Get(), Duration.ofMillis(1)))
                    .isInstanceOf(CallTimeoutException.class);
            assertThat(pid.isAlive()).as("the crash itself stands").isFalse();
        }
    }

    /**
     * gen.erl's call/4 takes {@code Timeout >= 0} or infinity: a negative timeout is the caller's error
     * (function_clause), raised before anything is sent, so the server never handles the request.
     */
    @Test
    void aNegativeTimeout_isRefusedBeforeTheServerSeesTheRequest() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Duration negative = Duration.ofMillis(-1);

            assertThatThrownBy(() -> pid.call(new Probe.Add(5), negative))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pid.callAsync(new Probe.Add(5), negative))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pid.sendRequest(new Probe.Add(5)).await(negative))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> runtime.getState(pid, negative)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> runtime.stop(pid, ExitReason.NORMAL, negative))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> runtime.call("nobody", new Probe.Get(), negative))
                    .as("refused before the name is looked up").isInstanceOf(IllegalArgumentException.class);

            assertThat(pid.call(new Probe.Get())).as("only the sendRequest, whose wait was refused, was sent")
                    .isEqualTo(5L);
            assertThat(pid.isAlive()).isTrue();
        }
    }

    @Test
    void call_toDeadProcess_failsWithNoProcessAtOnce() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);

            // With a one-hour timeout, any exception other than a timeout proves the call did not wait.
            assertThatThrownBy(() -> pid.call(new Probe.Get(), FOREVER))
                    .isInstanceOfSatisfying(NoProcessException.class, e -> {
                        assertThat(e.target()).isEqualTo(pid.toString());
                        assertThat(e.error()).isEqualTo("noproc");
                    });
        }
    }

    @Test
    void call_toCrashedProcess_failsWithNoProcessAtOnce() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            assertThatThrownBy(() -> pid.call(new Probe.Boom("crash"))).isInstanceOf(ProcessExitException.class);

            assertThatThrownBy(() -> pid.call(new Probe.Get(), FOREVER)).isInstanceOf(NoProcessException.class);
        }
    }

    @Test
    void call_whoseHandlerCrashes_failsTheCallerAtOnceWithTheReason() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());

            assertThatThrownBy(() -> pid.call(new Probe.Boom("bad input"), FOREVER))
                    .isInstanceOfSatisfying(ProcessExitException.class, e -> {
                        assertThat(e.pid()).isSameAs(pid);
                        assertThat(e.reason().kind()).isEqualTo(ExitReason.Kind.CRASH);
                        assertThat(e.reason().detail()).contains("IllegalStateException").contains("bad input");
                        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
                        assertThat(e.error()).isEqualTo("exit");
                    });
        }
    }

    @Test
    void call_queuedBehindACrash_failsWithTheExitAtOnce() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            await(block.entered());
            pid.cast(new Probe.Boom("crash"));
            CompletableFuture<Long> queued = CompletableFuture.supplyAsync(() -> pid.call(new Probe.Get(), FOREVER),
                    Thread.ofVirtual()::start);
            Waiting.until("the call is queued behind the crash", () -> runtime.info(pid).mailbox() == 2);

            block.release().countDown();

            assertThatThrownBy(() -> join(queued)).isInstanceOfSatisfying(ProcessExitException.class,
                    exit -> assertThat(exit.reason().isAbnormal()).as(exit.reason().toString()).isTrue());
        }
    }

    /** Calls {@code target}; the reply is the exception the call raised, or "ok". */
    record CallOther(Pid target) implements Call<String> { }

    /** Calls {@code via}, whose handler calls this process back within {@code backTimeout}. */
    record Cycle(Pid via, Duration backTimeout) implements Call<String> { }

    record CallBack(Pid origin, Duration timeout) implements Call<String> { }

    record Ping() implements Call<String> { }

    /** A server that on {@link CallOther} calls its target and reports how that went. */
    static final class Relay implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            if (request instanceof CallOther(Pid target)) {
                String outcome;
                try {
                    outcome = target.call(new CallOther(Self.pid()), FOREVER);
                } catch (CallingSelfException e) {
                    outcome = "calling_self";
                }
                return ((CallOther) request).reply(outcome, n);
            }
            return switch (request) {
                case Cycle cycle ->
                        cycle.reply(cycle.via().call(new CallBack(Self.pid(), cycle.backTimeout()), FOREVER), n);
                case CallBack back -> {
                    try {
                        yield back.reply(back.origin().call(new Ping(), back.timeout()), n);
                    } catch (CallingSelfException e) {
                        yield back.reply(e.error(), n);
                    } catch (CallTimeoutException e) {
                        yield back.reply("timeout", n);
                    }
                }
                case Ping ping -> ping.reply("pong", n);
                default -> GenServer.super.handleCall(request, from, n);
            };
        }

        @Override
        public Result<Long> handleCast(Object message, Long n) {
            if (message instanceof Probe.Block(var entered, var release)) {
                entered.countDown();
                Fixtures.await(release);
                return Result.noreply(n);
            }
            return GenServer.super.handleCast(message, n);
        }
    }

    @Test
    void call_toOneself_failsWithCallingSelf_notADeadlock() {
        record CallMyself() implements Call<String> { }
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                return switch (request) {
                    case CallMyself me -> {
                        try {
                            Self.pid().call(new Probe.Get(), FOREVER);
                            yield me.reply("answered?", n);
                        } catch (CallingSelfException e) {
                            yield me.reply(e.error(), n);
                        }
                    }
                    default -> throw new UnexpectedMessageException("test server", "call", request);
                };
            }));

            assertThat(pid.call(new CallMyself(), FOREVER)).isEqualTo("calling_self");
            assertThat(pid.isAlive()).isTrue();
        }
    }

    @Test
    void call_cycleOnOneThread_AtoBtoA_failsWithCallingSelf() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Relay a = new Relay();
            Pid pidA = runtime.start(a);
            Pid pidB = runtime.start(new Relay());

            // A (inline on this thread) calls B (inline too), whose handler calls A back: A's turn is held
            // further up this very stack, so waiting for it could never end.
            assertThat(pidA.call(new CallOther(pidB), FOREVER)).isEqualTo("calling_self");

            assertThat(pidA.isAlive()).isTrue();
            assertThat(pidB.isAlive()).isTrue();
        }
    }

    @Test
    void call_cycleFromADrainer_AtoBtoA_failsWithCallingSelf() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pidA = runtime.start(new Relay());
            Pid pidB = runtime.start(new Relay());
            // Keep A busy so the call is queued and handled on A's drainer thread, not this one.
            Probe.Block block = Probe.Block.newBlock();
            pidA.cast(block);
            await(block.entered());
            CompletableFuture<String> viaDrainer = pidA.callAsync(new CallOther(pidB), FOREVER);

            block.release().countDown();

            assertThat(join(viaDrainer)).isEqualTo("calling_self");
        }
    }

    /**
     * OTP raises {@code calling_self} only for a call to oneself ({@code gen.erl}'s {@code do_call} when
     * {@code Process =:= self()}): any other cycle waits out its timeout. Here a cycle on one thread fails at once,
     * since its wait could never end (docs/architecture.md, the process model's trade-offs); the same cycle across
     * threads, B busy when A called it, times out as in OTP.
     */
    @Test
    void call_cycle_failsAtOnceOnOneThread_andTimesOutAcrossThreads_asInOtp() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pidA = runtime.start(new Relay());
            Pid pidB = runtime.start(new Relay());

            assertThat(pidA.call(new Cycle(pidB, Duration.ofSeconds(2)), FOREVER)).isEqualTo("calling_self");

            Probe.Block block = Probe.Block.newBlock();
            pidB.cast(block);
            await(block.entered());
            CompletableFuture<String> acrossThreads = pidA.callAsync(new Cycle(pidB, Duration.ofMillis(200)), FOREVER);
            Waiting.until("A's call to B is queued behind the block", () -> runtime.info(pidB).mailbox() == 1);
            Fixtures.timeOutTheWait(timers, Duration.ofMillis(200)); // B's call back to A, once it waits
            block.release().countDown();

            assertThat(join(acrossThreads)).isEqualTo("timeout");
            assertThat(pidA.call(new Ping(), FOREVER)).as("A handled B's late call and lives").isEqualTo("pong");
        }
    }

    @Test
    void stop_ofOneself_failsWithCallingSelf() {
        record StopMyself() implements Call<String> { }
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                try {
                    Self.runtime().stop(Self.pid(), ExitReason.NORMAL, FOREVER);
                    return ((StopMyself) request).reply("stopped?", n);
                } catch (CallingSelfException e) {
                    return ((StopMyself) request).reply(e.error(), n);
                }
            }));

            assertThat(pid.call(new StopMyself())).isEqualTo("calling_self");
        }
    }

    /** A stop, like a call, of a process whose handler runs further up this very thread could only wait it out. */
    @Test
    void stop_ofAProcessWhoseHandlerRunsFurtherUpThisThread_failsWithCallingSelf() {
        record StopThat(Pid target) implements Call<String> { }
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            Pid stopper = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                StopThat stop = (StopThat) request;
                try {
                    Self.runtime().stop(stop.target(), ExitReason.NORMAL, Duration.ofSeconds(1));
                    return stop.reply("stopped?", n);
                } catch (CallingSelfException | CallTimeoutException e) {
                    return stop.reply(e.error(), n);
                }
            }));
            Pid caller = runtime.start(Fixtures.answering(0L, (request, from, n) ->
                    ((CallOther) request).reply(stopper.call(new StopThat(Self.pid()), FOREVER), n)));

            // The caller (inline on this thread) calls the stopper (inline too), which stops the caller
            assertThat(caller.call(new CallOther(stopper), FOREVER)).isEqualTo("calling_self");
            assertThat(caller.isAlive()).isTrue();
        }
    }
}
