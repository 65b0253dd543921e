package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A library user's mistakes fail in the caller, with the exception the javadoc names, and harm no process: a null
 * sent or a null stop reason (erlang has no null to send), a supervisor handle made of a process that is none, a
 * lookup that finds nothing; and a listener's {@link AssertionError} fails nothing it observes, as its exceptions do.
 */
class MisuseTest {

    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Test
    void aNullRequestOrMessage_isRefusedInTheCaller_andTheServerLivesOn() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            Pid pid = runtime.start(new Probe("p", events));

            assertThatThrownBy(() -> pid.call(null)).isInstanceOf(NullPointerException.class).hasMessage("request");
            assertThatThrownBy(() -> pid.callAsync(null, Fixtures.PATIENCE))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> pid.sendRequest(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> pid.cast(null)).isInstanceOf(NullPointerException.class).hasMessage("message");
            assertThatThrownBy(() -> pid.send(null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.sendAfter(pid, null, Duration.ZERO))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.whereis((Name) null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("name");
            assertThatThrownBy(() -> runtime.call("free", null)).as("a free name: the null, not noproc")
                    .isInstanceOf(NullPointerException.class).hasMessage("request");
            assertThatThrownBy(() -> runtime.call("free", null, Fixtures.PATIENCE))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.send("free", null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("message");
            assertThatThrownBy(() -> runtime.cast("free", null)).isInstanceOf(NullPointerException.class);

            assertThat(pid.call(new Probe.Add(1))).as("alive, its state whole").isEqualTo(1L);
            assertThat(events).as("no message, no terminate").isEmpty();
        }
    }

    @Test
    void aStopWithoutAReason_isRefusedInTheStopper_andTheProcessLivesOn() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            Pid pid = runtime.start(new Probe("p", events), StartOptions.named(Name.local("p")));

            assertThatThrownBy(() -> runtime.stop(pid, null, Fixtures.PATIENCE))
                    .isInstanceOf(NullPointerException.class).hasMessage("reason");
            assertThatThrownBy(() -> runtime.stop("p", null, Fixtures.PATIENCE))
                    .isInstanceOf(NullPointerException.class).hasMessage("reason");

            assertThat(pid.isAlive()).isTrue();
            assertThat(pid.call(new Probe.Get())).isZero();
            assertThat(events).as("no terminate").isEmpty();
        }
    }

    @Test
    void aDeferredCallFailedWithNull_isRefusedToTheHandler_notPassedOnToTheCaller() {
        record Defer() implements Call<String> { }
        AtomicReference<Throwable> refused = new AtomicReference<>();
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            Pid pid = runtime.start(new Probe("p", events) {
                @Override
                public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                    if (request instanceof Defer defer) {
                        try {
                            from.fail(null);
                        } catch (NullPointerException expected) {
                            refused.set(expected);
                        }
                        return defer.reply("answered after the refusal", n);
                    }
                    return super.handleCall(request, from, n);
                }
            });

            assertThat(pid.call(new Defer())).isEqualTo("answered after the refusal");
            assertThat(refused.get()).hasMessage("error");
        }
    }

    @Test
    void aSupervisorHandle_ofAProcessThatIsNone_isRefused_andThatProcessIsNotCalled() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            Pid plain = runtime.start(new Probe("p", events));
            DynamicSupervisor dynamic = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(1),
                    StartOptions.DEFAULTS);

            assertThatThrownBy(() -> Supervisor.of(plain)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a supervisor's process");
            assertThatThrownBy(() -> DynamicSupervisor.of(plain)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a dynamic supervisor's process");
            assertThatThrownBy(() -> Supervisor.of(dynamic.pid())).as("a dynamic one is not a Supervisor")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> DynamicSupervisor.lookedUp(() -> plain).children())
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(plain.isAlive()).isTrue();
            assertThat(events).as("no message reached it").isEmpty();
            assertThat(DynamicSupervisor.of(dynamic.pid()).children()).isEmpty();
        }
    }

    @Test
    void aLookedUpDynamicSupervisorThatIsNotRunning_failsWithNoProcess() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            DynamicSupervisor missing = DynamicSupervisor.lookedUp(() -> runtime.whereis("jobs").orElse(null));

            assertThatThrownBy(() -> missing.startChild(ChildSpec.temporary("w", () -> new Probe("w", events))))
                    .isInstanceOf(NoProcessException.class).hasMessageContaining("dynamic supervisor");
            assertThatThrownBy(missing::pid).isInstanceOf(NoProcessException.class);
        }
    }

    /** A listener written with {@code assert}s, or a test's assertions, throws errors, not exceptions. */
    @Test
    void aListenerThrowingAnAssertionError_failsNothingItObserves() {
        RuntimeListener asserting = new RuntimeListener() {
            @Override
            public void processExited(Pid pid, ExitReason reason) {
                throw new AssertionError("a listener's own assertion");
            }
        };
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withListener(asserting))) {
            Pid stopped = runtime.start(new Probe("stopped", events));
            Pid killed = runtime.start(new Probe("killed", events));

            runtime.stop(stopped, ExitReason.NORMAL, Fixtures.PATIENCE); // returns: the reason it asked for
            runtime.kill(killed);

            assertThat(stopped.isAlive()).isFalse();
            assertThat(killed.isAlive()).isFalse();
            assertThat(Fixtures.takeNext(events, Probe.Terminated.class).reason()).isEqualTo(ExitReason.NORMAL);
        }
    }

    @Test
    void anAnonymousServer_isLabelledByItsClassName_notByTheEmptySimpleName() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            Pid pid = runtime.start(new Probe("p", events) { });

            assertThat(pid.service()).startsWith("MisuseTest$");
        }
    }

    @Test
    void linkingToTheCaller_outsideAnyProcess_saysWhatItNeeds() {
        assertThatThrownBy(() -> Supervisor.startLink(SupervisorSpec.of(Strategy.ONE_FOR_ONE), StartOptions.DEFAULTS))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("only a process can do this")
                .hasMessageContaining("Supervisor.startLink");
    }

    @Test
    void aCallBackToAProcessRunningUpThisThread_namesTheCallerThatWouldWait() {
        record Relay(Pid to) implements Call<String> { }
        record Back(Pid to) implements Call<String> { }
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults())) {
            AtomicReference<String> failure = new AtomicReference<>();
            Pid back = runtime.start(new Probe("back", events) {
                @Override
                public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                    if (request instanceof Back(Pid to)) {
                        try {
                            to.call(new Probe.Get());
                        } catch (CallingSelfException refused) {
                            failure.set(refused.getMessage());
                        }
                        return ((Back) request).reply("done", n);
                    }
                    return super.handleCall(request, from, n);
                }
            });
            Pid relay = runtime.start(new Probe("relay", events) {
                @Override
                public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                    if (request instanceof Relay(Pid to)) {
                        return ((Relay) request).reply(to.call(new Back(Self.pid())), n);
                    }
                    return super.handleCall(request, from, n);
                }
            });

            assertThat(relay.call(new Relay(back))).isEqualTo("done");

            assertThat(failure.get()).as("refused: back's call would wait for relay's handler, which waits for back")
                    .contains("process " + relay + " runs a handler further up this thread")
                    .contains("process " + back + ", the caller");
        }
    }
}
