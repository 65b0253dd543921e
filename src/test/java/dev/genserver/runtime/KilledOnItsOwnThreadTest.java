package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A process that does not trap exits, killed through a link by what its own callback just asked of the runtime
 * (a call to a linked server that crashed on this thread, a kill, a stop, a start, a cast a synchronous executor
 * ran here), runs no more of that callback, as in OTP, where the exit signal ends it before the call returns: the
 * runtime hands the callback its own exit, not the other process's answer or a normal return, and interrupts its
 * drainer, as a kill from another thread does. Each scenario was run against elixir 1.14 too: there
 * the caller is gone before the next line. Without this, the callback ran on after its DOWN, its sleeps unbroken.
 */
class KilledOnItsOwnThreadTest {

    private static final ExitReason BOOM = ExitReason.crash(new IllegalStateException("boom"));

    private final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();

    /** A process whose cast runs {@code action}, then records what came of it and whether it was interrupted. */
    private record Acting(Consumer<Pid> action, Pid other, BlockingQueue<Object> seen) implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.ok("acting");
        }

        @Override
        public Result<String> handleCast(Object message, String state) {
            String outcome;
            try {
                action.accept(other);
                outcome = "returned";
            } catch (GenServerException failure) {
                outcome = failure instanceof ProcessExitException exit && exit.pid().equals(Self.pid())
                        ? "its own exit: " + exit.reason() : "the other's failure: " + failure.getClass().getSimpleName();
            }
            seen.add(outcome);
            seen.add(Thread.currentThread().isInterrupted() ? "interrupted" : "not interrupted");
            return Result.noreply(state);
        }
    }

    private record Crash() implements Call<String> { }

    /** A server that crashes on every call and cast. */
    private record Crashing() implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.ok("crashing");
        }

        @Override
        public CallResult<String> handleCall(Call<?> request, From from, String state) {
            throw new IllegalStateException("boom");
        }

        @Override
        public Result<String> handleCast(Object message, String state) {
            throw new IllegalStateException("boom");
        }
    }

    private record Kill(Pid victim) implements Call<String> { }

    /** A server that kills the process a call names, and defers its reply. */
    private record KillingAndDeferring() implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.ok("killing");
        }

        @Override
        public CallResult<String> handleCall(Call<?> request, From from, String state) {
            Self.runtime().kill(((Kill) request).victim());
            return Result.noreply(state);
        }
    }

    /** A server whose terminate raises. */
    private record FailingTerminate() implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.ok("failing");
        }

        @Override
        public void terminate(ExitReason reason, String state) {
            throw new IllegalStateException("in terminate");
        }
    }

    /** A server whose init stops with {@code {:stop, :bad}}. */
    private record FailingInit() implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.stop(ExitReason.abnormal("bad"));
        }
    }

    /** What {@link #run} records for a process that links to a new {@code other}, then does {@code action} to it. */
    private List<Object> linkedTo(ProcessRuntime runtime, GenServer<?> other, Consumer<Pid> action)
            throws InterruptedException {
        return run(runtime, pid -> {
            Self.link(pid);
            action.accept(pid);
        }, runtime.start(other));
    }

    private List<Object> run(ProcessRuntime runtime, Consumer<Pid> action, Pid other) throws InterruptedException {
        Pid acting = runtime.start(new Acting(action, other, seen));
        acting.cast("go");
        Object outcome = seen.poll(Fixtures.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        Object interrupted = seen.poll(Fixtures.PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(acting.isAlive()).isFalse();
        return List.of(outcome, interrupted);
    }

    @Test
    void aLinkedServerItCalled_crashingOnThisThread_endsTheCaller() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            List<Object> outcome = linkedTo(runtime, new Crashing(), // idle: the call is handled on this thread
                    other -> other.call(new Crash(), Duration.ofSeconds(5)));

            assertThat(outcome).containsExactly("its own exit: " + BOOM, "interrupted");
        }
    }

    /** No killer on another thread wakes it: with an unbounded timeout it waited for ever. */
    @Test
    void aCalleeThatKillsItsCaller_andDefersItsReply_endsTheCallerAtOnce() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Pid killing = runtime.start(new KillingAndDeferring());
            List<Object> outcome = run(runtime,
                    other -> other.call(new Kill(Self.pid()), ChronoUnit.FOREVER.getDuration()), killing);

            assertThat(outcome).containsExactly("its own exit: " + ExitReason.KILLED, "interrupted");
        }
    }

    @Test
    void aStartWhoseInitKillsTheStarter_endsTheStarter() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            List<Object> outcome = run(runtime, other -> {
                Pid starter = Self.pid();
                Self.runtime().start(new GenServer<String>() {
                    @Override
                    public Init<String> init() {
                        Self.runtime().kill(starter);
                        return Init.ok("started");
                    }
                });
            }, null);

            assertThat(outcome).containsExactly("its own exit: " + ExitReason.KILLED, "interrupted");
        }
    }

    /**
     * The stopped process's exit reaches its links before the stop is answered (proc_lib:stop's monitor sees the
     * exit after the link has): a stopper linked to it is gone by then, and its stop does not return.
     */
    @Test
    void stoppingALinkedProcessWithAnAbnormalReason_endsTheStopper() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            List<Object> outcome = linkedTo(runtime, Fixtures.answering(0, null),
                    other -> Self.runtime().stop(other, ExitReason.abnormal("boom"), Fixtures.PATIENCE));

            assertThat(outcome.getFirst()).isEqualTo("its own exit: " + ExitReason.abnormal("boom"));
        }
    }

    /** It traps exits, so the shutdown is a stop it takes, terminate and all; one not trapping would end at once. */
    @Test
    void shuttingDownALinkedProcessWhoseTerminateRaises_endsTheStopper() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            List<Object> outcome = run(runtime, other -> {
                Self.link(other);
                Self.runtime().shutdown(other, Fixtures.PATIENCE);
            }, runtime.start(new FailingTerminate(), StartOptions.DEFAULTS.withTrapExits(true)));

            assertThat(outcome.getFirst()).isEqualTo("its own exit: "
                    + ExitReason.crash(new IllegalStateException("in terminate")));
        }
    }

    /** Under a synchronous executor a cast runs its process's drain on the sender's thread. */
    @Test
    void aCastToALinkedServerThatCrashesOnThisThread_endsTheSender() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withExecutor(Runnable::run))) {
            List<Object> outcome = linkedTo(runtime, new Crashing(),
                    other -> other.cast("crash"));

            assertThat(outcome).containsExactly("its own exit: " + BOOM, "interrupted");
        }
    }

    /** callAsync's failures are its future's: that future fails with the sender's own exit. */
    @Test
    void aCallAsyncToALinkedServerThatCrashesOnThisThread_failsWithTheSendersOwnExit() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withExecutor(Runnable::run))) {
            List<Object> outcome = linkedTo(runtime, new Crashing(), other -> {
                try {
                    other.callAsync(new Crash(), Fixtures.PATIENCE).join();
                } catch (CompletionException failed) {
                    throw (GenServerException) failed.getCause();
                }
            });

            assertThat(outcome).containsExactly("its own exit: " + BOOM, "interrupted");
        }
    }

    @Test
    void killingALinkedProcess_endsTheKiller() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            List<Object> outcome = linkedTo(runtime, Fixtures.answering(0, null),
                    other -> Self.exit(other, ExitReason.KILL));

            assertThat(outcome).containsExactly("its own exit: " + ExitReason.KILLED, "interrupted");
        }
    }

    @Test
    void aLinkedStartWhoseInitStops_endsTheStarter() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            List<Object> outcome = run(runtime, other -> Self.startLink(new FailingInit(), StartOptions.DEFAULTS), null);

            assertThat(outcome).containsExactly("its own exit: " + ExitReason.abnormal("bad"), "interrupted");
        }
    }
}
