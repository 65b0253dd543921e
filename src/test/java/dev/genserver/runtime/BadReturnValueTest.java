package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.takeNext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A callback that returns no result, OTP's {@code {bad_return_value, Term}}; in Java, {@code null}. gen_server's
 * {@code init_it} fails the start with it and frees the name; {@code handle_common_reply} runs {@code terminate}
 * with it and the state before the message. A supervisor takes such a start as any failed start: only that start
 * fails ({@code do_start_child_i}), its own init fails with {@code {shutdown, {failed_to_start_child, ...}}}
 * ({@code init_children}), and a restart is tried again ({@code restart/2}). Here a {@code null} once left a
 * registered process that never started, and a {@code NullPointerException} took its supervisor down.
 */
class BadReturnValueTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    record Get() implements Call<Long> {
    }

    @Test
    void init_returningNull_failsTheStart_andFreesTheName() {
        try (ProcessRuntime runtime = runtime(timers)) {
            assertThatThrownBy(() -> runtime.start(new NullOnStart(new AtomicInteger(), Set.of(1), events),
                    StartOptions.named(Name.local("bad"))))
                    .isInstanceOfSatisfying(InitFailedException.class,
                            failed -> assertThat(failed.reason().detail()).isEqualTo("bad_return_value"));

            assertThat(runtime.whereis("bad")).isEmpty();
            assertThat(runtime.count()).isZero();
            runtime.start(new NullOnStart(new AtomicInteger(), Set.of(), events),
                    StartOptions.named(Name.local("bad")));
        }
    }

    @Test
    void handleCall_returningNull_exitsWithBadReturnValue_afterTerminateSawTheStateBefore() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events, 7) {
                @Override
                public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                    return null;
                }
            });

            assertThatThrownBy(() -> pid.call(new Get(), LONG)).isInstanceOfSatisfying(ProcessExitException.class,
                    exit -> assertThat(exit.reason().detail()).isEqualTo("bad_return_value"));
            Probe.Terminated terminated = takeNext(events, Probe.Terminated.class);
            assertThat(terminated.state()).isEqualTo(7L);
            assertThat(terminated.reason().detail()).isEqualTo("bad_return_value");
            assertThat(terminated.reason().cause()).hasMessage("handleCall returned null");
        }
    }

    @Test
    void handleCast_returningNull_exitsWithBadReturnValue_namingTheCallback() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events, 3) {
                @Override
                public Result<Long> handleCast(Object message, Long n) {
                    return null;
                }
            });

            pid.cast("anything");

            Probe.Terminated terminated = takeNext(events, Probe.Terminated.class);
            assertThat(terminated.reason().detail()).isEqualTo("bad_return_value");
            assertThat(terminated.reason().cause()).hasMessage("handleCast returned null");
            assertThat(terminated.state()).isEqualTo(3L);
        }
    }

    @Test
    void handleContinue_returningNull_exitsWithBadReturnValue_namingTheCallback() {
        try (ProcessRuntime runtime = runtime(timers)) {
            runtime.start(new Probe("p", events, 5) {
                @Override
                public Init<Long> init() {
                    return Init.ok(5L, Next.continueWith("go"));
                }

                @Override
                public Result<Long> handleContinue(Object arg, Long n) {
                    return null;
                }
            });

            Probe.Terminated terminated = takeNext(events, Probe.Terminated.class);
            assertThat(terminated.reason().detail()).isEqualTo("bad_return_value");
            assertThat(terminated.reason().cause()).hasMessage("handleContinue returned null");
        }
    }

    /** A start with a timeout runs init on a thread of its own: the same failure, the name free again. */
    @Test
    void init_returningNull_underAStartTimeout_failsTheStart_andFreesTheName() {
        try (ProcessRuntime runtime = runtime(timers)) {
            assertThatThrownBy(() -> runtime.start(new NullOnStart(new AtomicInteger(), Set.of(1), events),
                    StartOptions.named(Name.local("timed")).withStartTimeout(LONG)))
                    .isInstanceOfSatisfying(InitFailedException.class,
                            failed -> assertThat(failed.reason().detail()).isEqualTo("bad_return_value"));

            assertThat(runtime.whereis("timed")).isEmpty();
            assertThat(runtime.count()).isZero();
        }
    }

    /** A step (a state held outside any process, as in cluster mode) fails naming the callback, as it throws. */
    @Test
    void aStepWhoseCallbackReturnsNull_failsNamingTheCallback() {
        Probe module = new Probe("p", events) {
            @Override
            public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                return null;
            }
        };

        assertThatThrownBy(() -> Step.call(module, new Get(), 1L)).isInstanceOf(IllegalStateException.class)
                .hasMessage("handleCall returned null");
    }

    @Test
    void startChild_whoseInitReturnsNull_failsThatStartOnly() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("a", () -> new Probe("a", events))), StartOptions.DEFAULTS);
            Pid sibling = supervisor.child("a").orElseThrow();

            assertThatThrownBy(() -> supervisor.startChild(ChildSpec.permanent("bad",
                    () -> new NullOnStart(new AtomicInteger(), Set.of(1), events))))
                    .isInstanceOf(InitFailedException.class);

            assertThat(supervisor.pid().isAlive()).isTrue();
            assertThat(sibling.isAlive()).isTrue();
            assertThat(supervisor.child("bad")).isEmpty();
        }
    }

    @Test
    void supervisorInit_whenAChildsInitReturnsNull_shutsTheEarlierOnesDown_andFailsWithShutdown() {
        try (ProcessRuntime runtime = runtime(timers)) {
            assertThatThrownBy(() -> Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("a", () -> new Probe("a", events))
                            .withOptions(StartOptions.DEFAULTS.withTrapExits(true))) // its terminate shows it
                    .withChild(ChildSpec.permanent("bad", () -> new NullOnStart(new AtomicInteger(), Set.of(1),
                            events))), StartOptions.DEFAULTS))
                    .isInstanceOfSatisfying(InitFailedException.class,
                            failed -> assertThat(failed.reason().kind()).isEqualTo(ExitReason.Kind.SHUTDOWN));

            assertThat(takeNext(events, Probe.Terminated.class).reason()).isEqualTo(ExitReason.SHUTDOWN);
        }
    }

    @Test
    void aRestartWhoseInitReturnsNull_isTriedAgain_andTheSupervisorLives() {
        try (ProcessRuntime runtime = runtime(timers)) {
            AtomicInteger starts = new AtomicInteger();
            Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(ChildSpec.permanent("c", () -> new NullOnStart(starts, Set.of(2), events))),
                    StartOptions.DEFAULTS);
            Pid first = supervisor.child("c").orElseThrow();

            first.cast(ExitReason.abnormal("boom"));

            Pid third = Waiting.untilPresent("c started a third time", () -> supervisor.child("c")
                    .filter(pid -> !pid.equals(first)));
            assertThat(starts.get()).isEqualTo(3);
            assertThat(third.isAlive()).isTrue();
            assertThat(supervisor.pid().isAlive()).isTrue();
        }
    }

    @Test
    void dynamicSupervisor_startChildWhoseInitReturnsNull_failsThatStartOnly() {
        try (ProcessRuntime runtime = runtime(timers)) {
            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                    StartOptions.DEFAULTS);
            Pid sibling = supervisor.startChild(ChildSpec.temporary("ok", () -> new Probe("ok", events)));

            assertThatThrownBy(() -> supervisor.startChild(ChildSpec.temporary("bad",
                    () -> new NullOnStart(new AtomicInteger(), Set.of(1), events))))
                    .isInstanceOf(InitFailedException.class);

            assertThat(supervisor.pid().isAlive()).isTrue();
            assertThat(sibling.isAlive()).isTrue();
        }
    }

    /** A probe whose init returns null on the starts numbered in {@code bad} (the first is 1). */
    private static final class NullOnStart extends Probe {

        private final AtomicInteger starts;
        private final Set<Integer> bad;

        NullOnStart(AtomicInteger starts, Set<Integer> bad, BlockingQueue<Object> events) {
            super("child", events);
            this.starts = starts;
            this.bad = bad;
        }

        @Override
        public Init<Long> init() {
            return bad.contains(starts.incrementAndGet()) ? null : Init.ok(0L);
        }
    }
}
