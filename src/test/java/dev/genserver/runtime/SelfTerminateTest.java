package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A child that asks its own supervisor to terminate it ({@code DynamicSupervisor.terminate_child(sup, self())})
 * waits in that call, so it could never take a stop queued behind it. supervisor.erl stops a child with
 * {@code exit(Pid, shutdown)}, which ends one that does not trap exits at once, without {@code terminate}, so OTP
 * has no deadlock there; a runtime that queued the stop ended the child only after its shutdown time, as
 * {@code killed}, and under an infinite shutdown never. The same holds for any wait of a child on the supervisor
 * stopping it (a call queued behind the stop, a call made once the stop is queued), and for a stop drained inside
 * the child's own callback under a synchronous executor.
 */
class SelfTerminateTest {

    private static final Duration LONG_SHUTDOWN = Duration.ofHours(1);

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> terminated = new LinkedBlockingQueue<>();

    /** Cast to a {@link Quitter}: it hands its own pid to {@code terminateMe}, from its callback. */
    private record Quit(Consumer<Pid> terminateMe) { }

    /** A call its server holds until the test lets it go. */
    private record Hold() implements Call<Long> { }

    /** A call whose server shuts {@code pid} down, waiting as long as that takes. */
    private record ShutDown(Pid pid) implements Call<Long> { }

    /** A worker that does not trap exits; {@code terminate} records that it ran. */
    private final class Quitter implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.ok("quitter");
        }

        @Override
        public Result<String> handleCast(Object message, String state) {
            if (message instanceof Quit quit) {
                quit.terminateMe().accept(Self.pid());
            }
            return Result.noreply(state);
        }

        @Override
        public void terminate(ExitReason reason, String state) {
            terminated.add(reason);
        }
    }

    private ChildSpec quitter(RestartType restart, Shutdown shutdown) {
        return new ChildSpec("quitter", Quitter::new, StartOptions.DEFAULTS, restart, shutdown, ChildType.WORKER);
    }

    /** A runtime that drains each process on the thread that wakes it: a whole chain runs on the sender's thread. */
    private ProcessRuntime synchronousRuntime() {
        return ProcessRuntime.create(RuntimeOptions.defaults().withExecutor(Runnable::run).withListener(exits));
    }

    private static DynamicSupervisor dynamicSupervisor(ProcessRuntime runtime) {
        return DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10), StartOptions.DEFAULTS);
    }

    /** A quitter under {@code supervisor}, which is then suspended: calls to it wait in its mailbox. */
    private Pid quitterUnderSuspended(ProcessRuntime runtime, DynamicSupervisor supervisor) {
        Pid child = supervisor.startChild(quitter(RestartType.TEMPORARY, Shutdown.infinity()));
        runtime.suspend(supervisor.pid(), Fixtures.PATIENCE);
        return child;
    }

    /** {@code terminate_child(sup, child)} from a thread that is no process, answered into the future. */
    private static CompletableFuture<Boolean> terminateFromElsewhere(DynamicSupervisor supervisor, Pid child) {
        return CompletableFuture.supplyAsync(() -> supervisor.terminateChild(child),
                task -> Thread.ofPlatform().start(task));
    }

    /** The child's exit reason; a child still there when the wait ends is killed, so that the runtime can close. */
    private ExitReason exitOf(ProcessRuntime runtime, Pid child) {
        try {
            return exits.await(child);
        } finally {
            if (child.isAlive()) {
                runtime.kill(child);
            }
        }
    }

    /** Rounds enough for the supervisor's handler to run both on the child's thread and on its own. */
    @Test
    void aDynamicChild_terminatingItselfThroughItsSupervisor_endsAtOnceWithShutdown_withoutTerminate() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor supervisor = dynamicSupervisor(runtime);
            for (Shutdown shutdown : List.of(Shutdown.infinity(), Shutdown.timeout(LONG_SHUTDOWN))) {
                for (int round = 0; round < 20; round++) {
                    Pid child = supervisor.startChild(quitter(RestartType.TEMPORARY, shutdown));

                    child.cast(new Quit(supervisor::terminateChild));

                    assertThat(exitOf(runtime, child)).as("%s, round %d", shutdown, round)
                            .isEqualTo(ExitReason.SHUTDOWN);
                    assertThat(supervisor.countChildren().active()).isZero();
                }
            }
            assertThat(terminated).as("terminate runs only in a child that traps exits").isEmpty();
        }
    }

    /** Suspended, the supervisor takes no call on the child's thread: this one waits in its mailbox. */
    @Test
    void aDynamicChild_whoseCallWaitsInItsSupervisorsMailbox_endsWithShutdown_whenTheSupervisorTakesIt() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor supervisor = dynamicSupervisor(runtime);
            Pid child = quitterUnderSuspended(runtime, supervisor);

            child.cast(new Quit(supervisor::terminateChild));
            Fixtures.awaitMailbox(runtime, supervisor.pid(), 1);
            runtime.resume(supervisor.pid(), Fixtures.PATIENCE);

            assertThat(exitOf(runtime, child)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(supervisor.countChildren().active()).isZero();
            assertThat(terminated).isEmpty();
        }
    }

    /**
     * terminate_child from elsewhere, then the child's own call to the supervisor, queued behind it: the supervisor
     * takes the stop first and would wait for a child that waits for it (under an infinite shutdown, until the
     * child's call timed out and crashed it).
     */
    @Test
    void aDynamicChild_whoseCallWaitsBehindItsOwnTermination_endsAtOnceWithShutdown() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor supervisor = dynamicSupervisor(runtime);
            Pid child = quitterUnderSuspended(runtime, supervisor);
            CompletableFuture<Boolean> terminating = terminateFromElsewhere(supervisor, child);
            Fixtures.awaitMailbox(runtime, supervisor.pid(), 1);

            child.cast(new Quit(self -> supervisor.countChildren()));
            Fixtures.awaitMailbox(runtime, supervisor.pid(), 2);
            runtime.resume(supervisor.pid(), Fixtures.PATIENCE);

            assertThat(exitOf(runtime, child)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(Fixtures.join(terminating)).as("terminate_child answered").isTrue();
            assertThat(terminated).isEmpty();
        }
    }

    /**
     * The other order: the child is busy in a handler when its stop comes, and calls the supervisor only
     * afterwards. {@code exit(Pid, shutdown)} does not wait for the handler: the child ends at once, and its call,
     * made as a zombie, goes nowhere (the supervisor still answers others).
     */
    @Test
    void aDynamicChild_busyWhenItsStopComes_endsAtOnceWithShutdown_andItsLaterCallGoesNowhere() {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        BlockingQueue<Object> callEnded = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor supervisor = dynamicSupervisor(runtime);
            Pid child = supervisor.startChild(quitter(RestartType.TEMPORARY, Shutdown.infinity()));
            child.cast(new Quit(self -> {
                inHandler.countDown();
                try {
                    stopped.await(); // the kill interrupts it, or the test lets it go
                } catch (InterruptedException killed) {
                    Thread.currentThread().interrupt();
                }
                try {
                    callEnded.add(supervisor.countChildren());
                } catch (ProcessExitException exit) {
                    callEnded.add(exit.reason());
                }
            }));
            Fixtures.await(inHandler);

            assertThat(Fixtures.join(terminateFromElsewhere(supervisor, child))).as("terminate_child answered")
                    .isTrue();
            assertThat(exitOf(runtime, child)).isEqualTo(ExitReason.SHUTDOWN);
            stopped.countDown();

            assertThat(Fixtures.take(callEnded)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(supervisor.countChildren().workers()).isZero();
            assertThat(terminated).isEmpty();
        }
    }

    /**
     * Under a synchronous executor, the supervisor's handler runs inline on the child's thread for the child's call,
     * and when it returns the supervisor's next message, a stop of this child queued meanwhile, is drained on the
     * same thread, inside the child's callback: the supervisor waited for a stop the child could never take.
     */
    @Test
    void underASynchronousExecutor_aStopDrainedInsideTheChildsOwnCallback_endsItAtOnce() throws Exception {
        CountDownLatch inCall = new CountDownLatch(1);
        CountDownLatch stopQueued = new CountDownLatch(1);
        try (ProcessRuntime runtime = synchronousRuntime()) {
            Pid stopper = runtime.start(Fixtures.answering(0, (request, from, n) -> switch (request) {
                case Hold hold -> { // the child's call: held until the stop is queued behind it
                    inCall.countDown();
                    Fixtures.await(stopQueued);
                    yield hold.reply(n, n);
                }
                case ShutDown shutDown -> {
                    Self.runtime().shutdown(shutDown.pid(), Shutdown.infinity());
                    yield shutDown.reply(n, n);
                }
                default -> throw new IllegalArgumentException("unexpected " + request);
            }));
            Pid child = runtime.start(new Quitter());
            Thread caster = Thread.ofPlatform().start(() -> child.cast(new Quit(self -> stopper.call(new Hold()))));
            Fixtures.await(inCall);
            CompletableFuture<Long> stopping = CompletableFuture.supplyAsync(
                    () -> stopper.call(new ShutDown(child)), task -> Thread.ofPlatform().start(task));
            Fixtures.awaitMailbox(runtime, stopper, 1);

            stopQueued.countDown();

            assertThat(exitOf(runtime, child)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(Fixtures.join(stopping)).isZero();
            caster.join(Fixtures.PATIENCE.toMillis());
            assertThat(caster.isAlive()).as("the cast returned").isFalse();
            assertThat(terminated).isEmpty();
        }
    }

    /**
     * Under a synchronous executor the whole chain runs on the sender's thread: the child's drain, the
     * supervisor's handler inline, the kill. The kill's interrupt, meant for the child's handler, was left on the
     * sender's thread.
     */
    @Test
    void underASynchronousExecutor_theSendersThread_isNotLeftInterrupted() {
        try (ProcessRuntime runtime = synchronousRuntime()) {
            DynamicSupervisor supervisor = dynamicSupervisor(runtime);
            Pid child = supervisor.startChild(quitter(RestartType.TEMPORARY, Shutdown.infinity()));

            child.cast(new Quit(supervisor::terminateChild));

            assertThat(Thread.interrupted()).as("the sender's thread interrupted").isFalse();
            assertThat(exitOf(runtime, child)).isEqualTo(ExitReason.SHUTDOWN);
        }
    }

    /**
     * The same, with the kill from another thread while the killed process's drainer is lent to an inline call:
     * the interrupt owed to it is delivered when the call returns, and must not outlive its handler either.
     */
    @Test
    void underASynchronousExecutor_aKillOwedToALentDrainer_doesNotReachTheSender() throws Exception {
        CountDownLatch inCallee = new CountDownLatch(1);
        CountDownLatch killed = new CountDownLatch(1);
        try (ProcessRuntime runtime = synchronousRuntime()) {
            Pid callee = runtime.start(Fixtures.answering(0, (request, from, n) -> {
                inCallee.countDown();
                Fixtures.await(killed);
                return ((Probe.Get) request).reply(n, n);
            }));
            Pid caller = runtime.start(new Quitter());
            Thread killer = Thread.ofPlatform().start(() -> {
                Fixtures.await(inCallee);
                runtime.kill(caller);
                killed.countDown();
            });

            caller.cast(new Quit(self -> callee.call(new Probe.Get()))); // the callee runs inline on this thread

            killer.join();
            assertThat(Thread.interrupted()).as("the sender's thread interrupted").isFalse();
            assertThat(exitOf(runtime, caller)).isEqualTo(ExitReason.KILLED);
        }
    }

    /** Supervisor.terminate_child/2 with its own id: the child ends, and its spec stays, not being temporary. */
    @Test
    void aStaticChild_terminatingItselfThroughItsSupervisor_endsAtOnceWithShutdown() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(quitter(RestartType.PERMANENT, Shutdown.timeout(LONG_SHUTDOWN))), StartOptions.DEFAULTS);
            Pid child = supervisor.child("quitter").orElseThrow();

            child.cast(new Quit(self -> supervisor.terminateChild("quitter")));

            assertThat(exitOf(runtime, child)).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(supervisor.child("quitter")).isEmpty();
            assertThat(supervisor.children()).extracting(ChildInfo::id).containsExactly("quitter");
            assertThat(terminated).isEmpty();
        }
    }
}
