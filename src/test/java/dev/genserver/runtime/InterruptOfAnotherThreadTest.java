package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;

/**
 * A handler run on its caller's thread that fails because that caller was interrupted is no crash (see
 * {@link CallerThreadTest}). An interrupt of another thread that reaches the handler as a failure's cause (a worker's,
 * through {@code Future.get}'s {@link ExecutionException}) is not its caller's: it crashes the process there as on a
 * drainer, as any exception from a callback crashes a gen_server, and leaves the caller's thread uninterrupted.
 */
class InterruptOfAnotherThreadTest {

    private static final Duration FOREVER = Duration.ofMinutes(1);

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();

    /** Runs a job on a worker thread of its own and waits for it; the worker is interrupted while it sleeps. */
    record Import() implements Call<Long> { }

    /** Stops the process; its terminate runs the same interrupted job. */
    record Quit() implements Call<Long> { }

    static final class Importer implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            return switch (request) {
                case Import imported -> imported.reply(runJobOnAWorker(), n + 1);
                case Quit quit -> quit.stop(ExitReason.NORMAL, n, n);
                default -> GenServer.super.handleCall(request, from, n);
            };
        }

        @Override
        public void terminate(ExitReason reason, Long n) {
            runJobOnAWorker();
        }
    }

    /** A job whose worker thread is interrupted: its InterruptedException is the worker's, never the caller's. */
    static long runJobOnAWorker() {
        FutureTask<Long> job = new FutureTask<>(() -> {
            Thread.currentThread().interrupt(); // the worker's pool shutting down, say
            Thread.sleep(Long.MAX_VALUE);
            return 1L;
        });
        Thread.ofPlatform().start(job);
        try {
            return job.get();
        } catch (ExecutionException | InterruptedException failed) {
            throw new IllegalStateException("the import failed", failed);
        }
    }

    @Test
    void aHandlerFailingWithAWorkersInterrupt_crashesItsProcess_onItsCallersThreadAsOnADrainer() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid inline = runtime.start(new Importer());
            Pid queued = runtime.start(new Importer(), StartOptions.DEFAULTS.withEarlyReplies(true)); // never inline

            for (Pid pid : new Pid[] {inline, queued}) {
                assertThatThrownBy(() -> pid.call(new Import(), FOREVER)).isInstanceOf(ProcessExitException.class);
                assertThat(Thread.interrupted()).as("the caller was not interrupted, and is not now").isFalse();
                assertThat(exits.await(pid).detail()).startsWith(IllegalStateException.class.getName());
            }
        }
    }

    @Test
    void aTerminateFailingWithAWorkersInterrupt_onItsCallersThread_makesThatFailureTheExitReason() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid pid = runtime.start(new Importer());

            assertThat(pid.call(new Quit(), FOREVER)).as("the reply goes out after terminate").isZero();

            assertThat(Thread.interrupted()).as("the caller was not interrupted, and is not now").isFalse();
            assertThat(exits.await(pid).detail()).startsWith(IllegalStateException.class.getName());
        }
    }
}
