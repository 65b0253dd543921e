package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A process that does not trap exits, killed through a link by what its own callback just did on its own thread
 * (a linked server it called crashed on this thread; it killed a process linked to it; a process it started
 * linked failed its init), runs no more of that callback, as in OTP, where the exit signal ends it before the call
 * returns: the runtime hands the callback its own exit, not the other process's failure or a normal return, and
 * interrupts its drainer, as a kill from another thread does. Each scenario was run against elixir 1.14 too: there
 * the caller is gone before the next line. Without this, the callback ran on after its DOWN, its sleeps unbroken.
 */
class KilledOnItsOwnThreadTest {

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

    /** A server whose call handler crashes. */
    private record Crashing() implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.ok("crashing");
        }

        @Override
        public CallResult<String> handleCall(Call<?> request, From from, String state) {
            throw new IllegalStateException("boom");
        }
    }

    /** A server whose init stops with {@code {:stop, :bad}}. */
    private record FailingInit() implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.stop(ExitReason.abnormal("bad"));
        }
    }

    private List<Object> run(ProcessRuntime runtime, Consumer<Pid> action, Pid other) throws InterruptedException {
        Pid acting = runtime.start(new Acting(action, other, seen));
        acting.cast("go");
        Object outcome = seen.poll(10, TimeUnit.SECONDS);
        Object interrupted = seen.poll(10, TimeUnit.SECONDS);
        assertThat(acting.isAlive()).isFalse();
        return List.of(outcome, interrupted);
    }

    @Test
    void aLinkedServerItCalled_crashingOnThisThread_endsTheCaller() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Pid crashing = runtime.start(new Crashing());
            List<Object> outcome = run(runtime, other -> {
                Self.link(other);
                other.call(new Crash(), Duration.ofSeconds(5)); // idle: handled on this thread
            }, crashing);

            assertThat(outcome).containsExactly("its own exit: " + ExitReason.crash(new IllegalStateException("boom")),
                    "interrupted");
        }
    }

    @Test
    void killingALinkedProcess_endsTheKiller() throws InterruptedException {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Pid linked = runtime.start(Fixtures.answering(0, null));
            List<Object> outcome = run(runtime, other -> {
                Self.link(other);
                Self.exit(other, ExitReason.KILL);
            }, linked);

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
