package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.take;
import static dev.genserver.runtime.Fixtures.takeInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Starting processes, every {@code init} result, names, the registry and {@code whereis}. */
class StartAndRegistryTest {

    private final ManualTimers timers = new ManualTimers();

    /** A server whose {@code init} result the test chooses. */
    record Starting(Supplier<Init<Long>> result) implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return result.get();
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            return request instanceof Probe.Get get ? get.reply(n, n) : GenServer.super.handleCall(request, from, n);
        }
    }

    @Test
    void start_anonymous_isAliveUnnamedAndAnswers() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());

            assertThat(pid.isAlive()).isTrue();
            assertThat(pid.name()).isEmpty();
            assertThat(pid.service()).isEqualTo("Probe");
            assertThat(pid.call(new Probe.Add(2))).isEqualTo(2L);
            assertThat(runtime.find(pid.id())).contains(pid);
            assertThat(runtime.count()).isEqualTo(1);
        }
    }

    @Test
    void start_assignsIncreasingIds() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid first = runtime.start(new Probe());
            Pid second = runtime.start(new Probe());

            assertThat(second.id()).isGreaterThan(first.id());
        }
    }

    @Test
    void start_named_isFoundByWhereis() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe(), StartOptions.named(Name.local("counter")).withService("counters"));

            assertThat(runtime.whereis("counter")).contains(pid);
            assertThat(runtime.whereis(Name.local("counter"))).contains(pid);
            assertThat(pid.name()).contains(Name.local("counter"));
            assertThat(pid.service()).isEqualTo("counters");
            assertThat(runtime.whereis("nobody")).isEmpty();
        }
    }

    @Test
    void start_viaRegistry_isFoundByKey() {
        Registry stacks = Registry.create("stacks");
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe(), StartOptions.named(Name.via(stacks, List.of("user", 7))));

            assertThat(stacks.whereis(List.of("user", 7))).contains(pid);
            assertThat(runtime.whereis(Name.via(stacks, List.of("user", 7)))).contains(pid);
            assertThat(stacks.keys()).containsExactly(List.of("user", 7));
            assertThat(runtime.whereis("user")).as("a via name is not a local name").isEmpty();
            assertThat(pid.toString()).contains("stacks:[user, 7]");
        }
    }

    /**
     * A registry whose keys are secrets prints none: not in its names, nor in its processes' pids, nor in the
     * messages of the failures that name them, which the host logs (a probe found stack ids in supervisor reports).
     */
    @Test
    void aRedactedRegistry_findsByKey_butPrintsNoKey() {
        Registry stacks = Registry.createRedacted("stacks");
        String key = "sEcReTkEy7";
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe(), StartOptions.named(Name.via(stacks, key)));

            assertThat(stacks.redactsKeys()).isTrue();
            assertThat(stacks.whereis(key)).contains(pid);
            assertThat(stacks.keys()).containsExactly(key);
            assertThat(pid.toString()).isEqualTo("#PID<0." + pid.id() + ".0 stacks:<redacted>>");
            assertThat(Name.via(stacks, key)).hasToString("stacks:<redacted>");
            assertThatThrownBy(() -> runtime.start(new Probe(), StartOptions.named(Name.via(stacks, key))))
                    .isInstanceOf(AlreadyStartedException.class).message().doesNotContain(key);
            assertThatThrownBy(() -> runtime.call(Name.via(stacks, "gone" + key), new Probe.Add(1)))
                    .isInstanceOf(NoProcessException.class).message().doesNotContain(key);
            assertThat(Registry.create("counters").redactsKeys()).as("the default").isFalse();
        }
    }

    @Test
    void start_withTakenLocalName_failsWithAlreadyStartedCarryingTheHolder() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid holder = runtime.start(new Probe(), StartOptions.named(Name.local("counter")));

            assertThatThrownBy(() -> runtime.start(new Probe(), StartOptions.named(Name.local("counter"))))
                    .isInstanceOfSatisfying(AlreadyStartedException.class, e -> {
                        assertThat(e.existing()).isSameAs(holder);
                        assertThat(e.error()).isEqualTo("already_started");
                    });
            assertThat(runtime.count()).as("the refused process left nothing behind").isEqualTo(1);
            assertThat(runtime.whereis("counter")).contains(holder);
        }
    }

    @Test
    void start_withTakenViaName_failsWithAlreadyStartedCarryingTheHolder() {
        Registry registry = Registry.create("r");
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid holder = runtime.start(new Probe(), StartOptions.named(Name.via(registry, "k")));

            assertThatThrownBy(() -> runtime.start(new Probe(), StartOptions.named(Name.via(registry, "k"))))
                    .isInstanceOfSatisfying(AlreadyStartedException.class,
                            e -> assertThat(e.existing()).isSameAs(holder));
        }
    }

    @Test
    void sameKey_inTwoRegistries_isTwoNames() {
        Registry a = Registry.create("a");
        Registry b = Registry.create("b");
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid inA = runtime.start(new Probe(), StartOptions.named(Name.via(a, "k")));
            Pid inB = runtime.start(new Probe(), StartOptions.named(Name.via(b, "k")));

            assertThat(a.whereis("k")).contains(inA);
            assertThat(b.whereis("k")).contains(inB);
        }
    }

    @Test
    void name_isFreedOnExit_andReusable() {
        Registry registry = Registry.create("r");
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid local = runtime.start(new Probe(), StartOptions.named(Name.local("n")));
            Pid via = runtime.start(new Probe(), StartOptions.named(Name.via(registry, "k")));

            runtime.stop(local, ExitReason.NORMAL, Fixtures.PATIENCE);
            assertThatThrownBy(() -> via.call(new Probe.Boom("crash"))).isInstanceOf(ProcessExitException.class);

            assertThat(runtime.whereis("n")).isEmpty();
            assertThat(registry.whereis("k")).isEmpty();
            assertThat(registry.size()).isZero();
            Pid again = runtime.start(new Probe(), StartOptions.named(Name.local("n")));
            Pid viaAgain = runtime.start(new Probe(), StartOptions.named(Name.via(registry, "k")));
            assertThat(runtime.whereis("n")).contains(again);
            assertThat(registry.whereis("k")).contains(viaAgain);
        }
    }

    @Test
    void name_isFreedAfterKill() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe(), StartOptions.named(Name.local("n")));

            runtime.kill(pid);

            assertThat(runtime.whereis("n")).isEmpty();
            assertThat(runtime.start(new Probe(), StartOptions.named(Name.local("n"))).isAlive()).isTrue();
        }
    }

    @Test
    void init_ok_startsWithThatState() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Starting(() -> Init.ok(41L)));

            assertThat(pid.call(new Probe.Get())).isEqualTo(41L);
        }
    }

    @Test
    void init_okWithTimeout_deliversIdleTimeoutWhenNothingArrives() {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers)) {
            runtime.start(new Probe("p", events) {
                @Override
                public Init<Long> init() {
                    return Init.ok(0L, Duration.ofSeconds(30));
                }
            });

            timers.advance(Duration.ofSeconds(30));

            assertThat(takeInfo(events, IdleTimeout.class)).isSameAs(IdleTimeout.INSTANCE);
        }
    }

    @Test
    void init_okWithContinue_runsContinueBeforeTheFirstMessage() {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new GenServer<String>() {
                @Override
                public Init<String> init() {
                    return Init.ok("cold", Next.continueWith("warm-up"));
                }

                @Override
                public Result<String> handleContinue(Object arg, String state) {
                    events.add("continue " + arg);
                    return Result.noreply("warm");
                }

                @Override
                public CallResult<String> handleCall(Call<?> request, From from, String state) {
                    events.add("call");
                    return ((Echo) request).reply(state, state);
                }
            });

            assertThat(pid.call(new Echo())).isEqualTo("warm");
            assertThat(List.copyOf(events)).containsExactly("continue warm-up", "call");
        }
    }

    record Echo() implements Call<String> { }

    @Test
    void init_ignore_throwsStartIgnored_andLeavesNothingBehind() {
        try (ProcessRuntime runtime = runtime(timers)) {
            assertThatThrownBy(() -> runtime.start(new Starting(Init::ignore),
                    StartOptions.named(Name.local("n"))))
                    .isInstanceOfSatisfying(StartIgnoredException.class,
                            e -> assertThat(e.error()).isEqualTo("ignore"));

            assertThat(runtime.count()).isZero();
            assertThat(runtime.whereis("n")).isEmpty();
        }
    }

    @Test
    void init_stop_throwsInitFailedWithTheReason_andReleasesTheName() {
        try (ProcessRuntime runtime = runtime(timers)) {
            ExitReason reason = ExitReason.abnormal("bad_config");

            assertThatThrownBy(() -> runtime.start(new Starting(() -> Init.stop(reason)),
                    StartOptions.named(Name.local("n"))))
                    .isInstanceOfSatisfying(InitFailedException.class, e -> assertThat(e.reason()).isEqualTo(reason));

            assertThat(runtime.count()).isZero();
            assertThat(runtime.whereis("n")).isEmpty();
        }
    }

    @Test
    void init_throws_releasesTheNameBeforeTheStarterHears() {
        try (ProcessRuntime runtime = runtime(timers)) {
            try {
                runtime.start(new Starting(() -> {
                    throw new IllegalArgumentException("no config");
                }), StartOptions.named(Name.local("n")));
                fail("init threw, so start must fail");
            } catch (InitFailedException e) {
                assertThat(e.reason().kind()).isEqualTo(ExitReason.Kind.CRASH);
                assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessage("no config");
                Pid replacement = runtime.start(new Probe(), StartOptions.named(Name.local("n")));
                assertThat(runtime.whereis("n")).contains(replacement);
            }
        }
    }

    @Test
    void init_failure_viaName_releasesTheKeyBeforeTheStarterHears() {
        Registry registry = Registry.create("r");
        try (ProcessRuntime runtime = runtime(timers)) {
            try {
                runtime.start(new Starting(() -> Init.stop(ExitReason.abnormal("no"))),
                        StartOptions.named(Name.via(registry, "k")));
                fail("init stopped, so start must fail");
            } catch (InitFailedException e) {
                assertThat(registry.whereis("k")).isEmpty();
                assertThat(runtime.start(new Probe(), StartOptions.named(Name.via(registry, "k"))).isAlive())
                        .isTrue();
            }
        }
    }

    @Test
    void init_runsOnTheStartingThread_withSelfAvailable() {
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Starting(() -> {
                seen.add(Thread.currentThread());
                seen.add(Self.pid());
                return Init.ok(0L);
            }));

            assertThat(take(seen)).isSameAs(Thread.currentThread());
            assertThat(take(seen)).isSameAs(pid);
        }
    }

    @Test
    void start_afterClose_isRefused() {
        ProcessRuntime runtime = runtime(timers);
        runtime.close();

        assertThat(runtime.isClosed()).isTrue();
        assertThatThrownBy(() -> runtime.start(new Probe())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void self_outsideACallback_isIllegal() {
        assertThatThrownBy(Self::pid).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pidOfAnotherRuntime_isRejected() {
        try (ProcessRuntime one = runtime(timers); ProcessRuntime other = runtime(timers)) {
            Pid pid = one.start(new Probe());

            assertThatThrownBy(() -> other.kill(pid)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aChildWhoseParentIsKilledBetweenItsLinkAndItsName_leavesNoEntryInTheRegistry() throws Exception {
        BlockingQueue<Pid> exited = new LinkedBlockingQueue<>();
        RuntimeListener exits = new RuntimeListener() {
            @Override
            public void processExited(Pid pid, ExitReason reason) {
                exited.add(pid);
            }
        };
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withListener(exits))) {
            Pid parent = runtime.start(new Probe());
            Registry registry = Registry.create("children");
            HeldKey key = new HeldKey();
            CompletableFuture<Pid> start = CompletableFuture.supplyAsync(() -> Fixtures.startLinked(runtime,
                    new Probe(), StartOptions.named(Name.via(registry, key)), parent));
            Fixtures.await(key.reached); // linked to the parent, not yet registered

            runtime.kill(parent);
            assertThat(take(exited)).isEqualTo(parent);
            Pid child = take(exited); // the link took the child with it
            assertThat(child).isNotEqualTo(parent);
            key.release.countDown();

            assertThatThrownBy(start::join).hasCauseInstanceOf(InitFailedException.class);
            assertThat(registry.keys()).as("a dead child's name").isEmpty();
            assertThat(runtime.count()).isZero();
        }
    }

    /** A registry key whose first hash after the test starts holds the start that asks for it until released. */
    private static final class HeldKey {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean held = new AtomicBoolean();

        @Override
        public int hashCode() {
            if (held.compareAndSet(false, true)) {
                reached.countDown();
                Fixtures.await(release);
            }
            return 1;
        }

        @Override
        public boolean equals(Object other) {
            return this == other;
        }
    }

    /** 0 is the runtime's default, as the record says, from {@code withMailboxCapacity} too: it threw there. */
    @Test
    void mailboxCapacityZero_isTheRuntimesDefault_throughEitherWay() {
        assertThat(StartOptions.DEFAULTS.withMailboxCapacity(5).withMailboxCapacity(0))
                .isEqualTo(StartOptions.DEFAULTS);
        assertThatThrownBy(() -> StartOptions.DEFAULTS.withMailboxCapacity(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be >= 0 (0 = default): -1");
    }
}
