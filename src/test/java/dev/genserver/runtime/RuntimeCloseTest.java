package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Closing the runtime: processes stop in reverse start order, terminate runs, supervisors stop their own. */
class RuntimeCloseTest {

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    private static Probe.Terminated shutdown(String label) {
        return new Probe.Terminated(label, ExitReason.SHUTDOWN, 0L);
    }

    @Test
    void close_runsTerminateOfEveryUnsupervisedProcess() {
        ProcessRuntime runtime = Fixtures.runtime(timers);
        runtime.start(new Probe("a", events));
        runtime.start(new Probe("b", events));
        runtime.start(new Probe("c", events));

        runtime.close();

        // Unsupervised processes declared no order among themselves, so they are stopped all at once.
        assertThat(drain(events)).containsExactlyInAnyOrder(shutdown("c"), shutdown("b"), shutdown("a"));
        assertThat(runtime.count()).isZero();
    }

    @Test
    void close_letsSupervisorsStopTheirOwnChildren() {
        ProcessRuntime runtime = Fixtures.runtime(timers);
        runtime.start(new Probe("first", events));
        Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withChild(ChildSpec.permanent("x", () -> new Probe("x", events)))
                .withChild(ChildSpec.permanent("y", () -> new Probe("y", events))), StartOptions.DEFAULTS);
        runtime.start(new Probe("last", events));

        runtime.close();

        List<Object> stopped = drain(events);
        assertThat(stopped).as("no child is restarted while the tree comes down")
                .containsExactlyInAnyOrder(shutdown("last"), shutdown("y"), shutdown("x"), shutdown("first"));
        assertThat(stopped.indexOf(shutdown("y"))).as("the supervisor stops its children newest first")
                .isLessThan(stopped.indexOf(shutdown("x")));
        assertThat(runtime.count()).isZero();
    }

    @Test
    void close_handlesQueuedMessagesBeforeStopping() {
        ProcessRuntime runtime = Fixtures.runtime(timers);
        Pid pid = runtime.start(new Probe("p", events));
        Probe.Block block = Probe.Block.newBlock();
        pid.cast(block);
        Fixtures.await(block.entered());
        pid.cast(2L);
        Thread.startVirtualThread(() -> { // once close's stop is queued behind 2L, so that it must handle 2L first
            Waiting.until("the stop is queued", () -> runtime.info(pid).mailbox() == 2);
            block.release().countDown();
        });

        runtime.close();

        assertThat(drain(events)).containsExactly(new Probe.Terminated("p", ExitReason.SHUTDOWN, 2L));
    }

    @Test
    void close_killsAProcessWhoseTerminateOutrunsTheShutdownTimeout() {
        CountDownLatch never = new CountDownLatch(1);
        Fixtures.Exits exits = new Fixtures.Exits();
        ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(exits).withShutdownTimeout(Fixtures.KILLED_IN_TERMINATE));
        Pid stuck = runtime.start(new Probe("stuck", events) {
            @Override
            public void terminate(ExitReason reason, Long n) {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    events.add(new Probe.Interrupted("stuck"));
                }
            }
        });
        runtime.start(new Probe("fine", events));

        runtime.close();

        assertThat(exits.await(stuck)).isEqualTo(ExitReason.KILLED);
        assertThat(events).contains(shutdown("fine"));
        assertThat(runtime.count()).isZero();
        // The kill does not wait for the interrupted terminate: it ends afterwards, as a zombie whose end is moot.
        Waiting.until("the killed terminate is interrupted", () -> events.contains(new Probe.Interrupted("stuck")));
    }

    /**
     * OTP's application master waits for its top supervisor as long as it takes; the children each have their own
     * bound. The runtime's bound applied to the whole tree killed a child still in its own (longer) terminate,
     * with whatever it had queued.
     */
    @Test
    void close_waitsForATopLevelSupervisor_whoseChildrenTakeLongerThanTheRuntimesBound() {
        ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withShutdownTimeout(Duration.ofMillis(50)));
        Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withChild(ChildSpec.permanent("slow", () -> new Probe("slow", events) {
                    @Override
                    public void terminate(ExitReason reason, Long n) {
                        try {
                            new CountDownLatch(1).await(300, TimeUnit.MILLISECONDS);
                            events.add("slow terminate ran to its end");
                        } catch (InterruptedException killed) {
                            events.add(new Probe.Interrupted("slow"));
                        }
                    }
                })), StartOptions.DEFAULTS);

        runtime.close();

        assertThat(events).containsExactly("slow terminate ran to its end");
        assertThat(runtime.count()).isZero();
    }

    @Test
    void close_isIdempotent() {
        ProcessRuntime runtime = Fixtures.runtime(timers);
        runtime.start(new Probe("a", events));

        runtime.close();
        runtime.close();

        assertThat(drain(events)).containsExactly(shutdown("a"));
    }

    /** Asks a {@link Link} to start the rest of its chain: {@code left} more processes below it. */
    private record Extend(int left) { }

    /** A link of a chain: traps exits, starts its child linked (its parent is this one), counts its terminate. */
    private record Link(AtomicInteger terminated) implements GenServer<Integer> {

        @Override
        public Init<Integer> init() {
            Self.trapExits(true);
            return Init.ok(0);
        }

        @Override
        public Result<Integer> handleCast(Object message, Integer state) {
            int left = ((Extend) message).left();
            Pid child = Self.startLink(new Link(terminated), StartOptions.DEFAULTS);
            if (left > 1) {
                child.cast(new Extend(left - 1));
            }
            return Result.noreply(state);
        }

        @Override
        public void terminate(ExitReason reason, Integer state) {
            terminated.incrementAndGet();
        }
    }

    /**
     * A chain of processes, each the parent of the next, stops from the top: each exit stops the next, and
     * close() waits for each in turn before it kills what is left. Its scan for processes without a living parent
     * read newest first, so a parent dying during the scan hid its child, and a round that came back empty let the
     * final kill take the rest of the chain in the middle of stopping.
     */
    @Test
    void close_stopsAChainOfLinkedProcesses_runningEveryTerminate() {
        int length = 10_000;
        AtomicInteger terminated = new AtomicInteger();
        ProcessRuntime runtime = Fixtures.runtime(timers);
        runtime.start(new Link(terminated)).cast(new Extend(length - 1));
        long deadline = System.nanoTime() + Fixtures.PATIENCE.toNanos();
        while (runtime.count() < length && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(runtime.count()).isEqualTo(length);

        runtime.close();

        assertThat(terminated.get()).isEqualTo(length);
        assertThat(runtime.count()).isZero();
    }
}
