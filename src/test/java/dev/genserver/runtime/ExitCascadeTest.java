package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.LinksAndExitSignalsTest.Actor;
import dev.genserver.runtime.LinksAndExitSignalsTest.Run;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Exits that set off others through links, and callers' completion stages run while an exit is announced. */
class ExitCascadeTest {

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();

    /** Each linked to the next, none trapping exits: one kill ends them all, however long the chain. */
    @Test
    void aKill_atOneEndOfALongChainOfLinks_endsEveryProcessInIt() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            List<Pid> chain = new ArrayList<>();
            chain.add(runtime.start(new Probe()));
            for (int i = 1; i < 20_000; i++) {
                Pid previous = chain.getLast();
                Pid next = runtime.start(new Actor("link", new LinkedBlockingQueue<>()));
                inside(next, () -> {
                    Self.link(previous);
                    return null;
                });
                chain.add(next);
            }

            runtime.kill(chain.getFirst());

            assertThat(chain).noneMatch(Pid::isAlive);
            assertThat(exits.await(chain.getLast())).isEqualTo(ExitReason.KILLED);
        }
    }

    /**
     * A process that exits through a link fails its deferred callers, whose completion stages run on the thread
     * announcing the exit; one that waits for the exit that set it off (a kill of the first) must find it done.
     */
    @Test
    void aStage_ofACallerFailedByALinkedExit_mayWaitForTheExitThatCausedIt() throws Exception {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid first = runtime.start(new Probe());
            Pid linked = runtime.start(Fixtures.answering(0, (request, from, n) -> request instanceof Run<?>
                    ? reply((Run<?>) request, n) : Result.noreply(n)));
            inside(linked, () -> {
                Self.link(first);
                return null;
            });
            CompletableFuture<Long> deferred = linked.callAsync(new Probe.Add(1), Duration.ofSeconds(30));
            inside(linked, () -> null); // the deferred call has been handled: it waits for a reply
            CompletableFuture<Void> stage = deferred.handle((reply, failure) -> {
                runtime.kill(first);
                runtime.shutdown(first, Duration.ofSeconds(1));
                return null;
            });

            CompletableFuture.runAsync(() -> runtime.kill(first)).get(30, TimeUnit.SECONDS);

            assertThat(stage).succeedsWithin(Duration.ofSeconds(30));
            assertThat(linked.isAlive()).isFalse();
        }
    }

    /**
     * The same, where the stage has another process wait for an exit the first one set off: a call to a process
     * busy with a thousand casts, whose handler shuts down the second process of the cascade. Every exit of the
     * cascade is done before any caller of it fails, so that wait, on another thread, ends.
     */
    @Test
    void aStage_ofACallerFailedByAnExit_mayHaveAnotherProcessWaitForAnExitItSetOff() throws Exception {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid first = runtime.start(Fixtures.answering(0, (request, from, n) -> request instanceof Run<?>
                    ? reply((Run<?>) request, n) : Result.noreply(n)));
            Pid second = runtime.start(new Actor("second", new LinkedBlockingQueue<>()));
            inside(second, () -> {
                Self.link(first);
                return null;
            });
            Pid busy = runtime.start(new Actor("busy", new LinkedBlockingQueue<>()));
            Probe.Block block = Probe.Block.newBlock();
            busy.cast(block);
            Fixtures.await(block.entered());
            for (int i = 0; i < 1_000; i++) {
                busy.cast(1L); // queued behind the block: the stage's call waits its turn on the busy process's thread
            }
            CompletableFuture<Long> deferred = first.callAsync(new Probe.Add(1), Duration.ofSeconds(30));
            inside(first, () -> null);
            CompletableFuture<Void> stage = deferred.handle((reply, failure) -> {
                block.release().countDown();
                inside(busy, () -> {
                    runtime.shutdown(second, Duration.ofSeconds(1));
                    return null;
                });
                return null;
            });

            CompletableFuture.runAsync(() -> runtime.kill(first)).get(30, TimeUnit.SECONDS);

            assertThat(stage).succeedsWithin(Duration.ofSeconds(30));
            assertThat(second.isAlive()).isFalse();
        }
    }

    /**
     * A call queued while {@code init} runs fails when {@code init} returns a stop, on the starting thread; a
     * completion stage that waits for that exit must not keep the start from returning.
     */
    @Test
    void aStage_ofACallQueuedDuringAFailedInit_mayWaitForThatExit() throws Exception {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            CountDownLatch initRuns = new CountDownLatch(1);
            CountDownLatch callQueued = new CountDownLatch(1);
            Name name = Name.local("failing-init");
            GenServer<Long> failing = new GenServer<>() {
                @Override
                public Init<Long> init() {
                    initRuns.countDown();
                    Fixtures.await(callQueued);
                    return Init.stop(ExitReason.abnormal("no"));
                }
            };
            CompletableFuture<Void> start = CompletableFuture.runAsync(() -> {
                try {
                    runtime.start(failing, StartOptions.named(name));
                } catch (InitFailedException expected) {
                    // the start fails: what is checked is that it returns
                }
            });
            Fixtures.await(initRuns);
            Pid starting = runtime.whereis(name).orElseThrow();
            CompletableFuture<Long> queued = starting.callAsync(new Probe.Get(), Duration.ofSeconds(30));
            CompletableFuture<Void> stage = queued.handle((reply, failure) -> {
                runtime.kill(starting);
                return null;
            });
            callQueued.countDown();

            start.get(30, TimeUnit.SECONDS);
            assertThat(stage).succeedsWithin(Duration.ofSeconds(30));
            assertThat(queued).isCompletedExceptionally();
        }
    }

    /**
     * gen_server takes an {@code 'EXIT'} from its parent as the order to stop, also the {@code noproc} that
     * linking to a parent already gone gives a process that traps exits.
     */
    @Test
    void aTrappingChild_linkingToItsParentGone_stopsAsFromItsParentsExit() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Pid parent = runtime.start(new Actor("parent", new LinkedBlockingQueue<>()));
            Pid child = inside(parent, () -> Self.startLink(new Actor("child", new LinkedBlockingQueue<>()),
                    StartOptions.DEFAULTS.withTrapExits(true)));
            inside(child, () -> {
                Self.unlink(parent);
                return null;
            });
            runtime.stop(parent, ExitReason.NORMAL, Fixtures.PATIENCE);

            inside(child, () -> {
                Self.link(parent);
                return null;
            });

            assertThat(exits.await(child).detail()).isEqualTo("noproc");
        }
    }

    private static <R> CallResult<Long> reply(Run<R> run, Long n) {
        return run.reply(run.action().get(), n);
    }

    private static <R> R inside(Pid pid, Supplier<R> action) {
        return pid.call(new Run<>(action));
    }
}
