package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@code :sys.get_state} and {@code :sys.replace_state}: the raw state, read and replaced inside the process. */
class StateAccessTest {

    private final ManualTimers timers = new ManualTimers();

    @Test
    void getState_isTheRawState_afterTheQueuedMessages_whereStatusRedacts() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Vault());
            pid.cast("operator");

            Vault.Credentials state = runtime.getState(pid, Fixtures.PATIENCE);

            assertThat(state).isEqualTo(new Vault.Credentials("operator", "s3cret"));
            assertThat(runtime.status(pid, Fixtures.PATIENCE)).isEqualTo(Map.of("user", "operator", "password", "***"));
        }
    }

    @Test
    void replaceState_makesTheFunctionsResultTheState_andReturnsIt() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            pid.cast(5L);

            Long replaced = runtime.replaceState(pid, (Long n) -> n * 10, Fixtures.PATIENCE);

            assertThat(replaced).as("applied after the queued cast").isEqualTo(50L);
            assertThat(pid.call(new Probe.Get())).isEqualTo(50L);
            assertThat(pid.call(new Probe.Add(1))).as("the server goes on from the new state").isEqualTo(51L);
        }
    }

    @Test
    void replaceState_whenTheFunctionThrows_failsTheCaller_andLeavesStateAndProcessAsTheyWere() {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", events, 7));
            IllegalStateException thrown = new IllegalStateException("bad repair");
            UnaryOperator<Long> failing = n -> {
                throw thrown;
            };

            assertThatThrownBy(() -> runtime.replaceState(pid, failing, Fixtures.PATIENCE))
                    .isInstanceOf(CallbackFailedException.class)
                    .hasCause(thrown)
                    .extracting(e -> ((CallbackFailedException) e).error()).isEqualTo("callback_failed");

            assertThat(pid.isAlive()).isTrue();
            assertThat(pid.call(new Probe.Get())).isEqualTo(7L);
            assertThat(Fixtures.drain(events)).as("no terminate, no crash").isEmpty();
        }
    }

    @Test
    void replaceState_withTheWrongStateType_failsAsTheFunctionsThrow_andChangesNothing() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe("p", new LinkedBlockingQueue<>(), 7));

            assertThatThrownBy(() -> runtime.replaceState(pid, (String s) -> s + "!", Fixtures.PATIENCE))
                    .isInstanceOf(CallbackFailedException.class)
                    .hasCauseInstanceOf(ClassCastException.class);

            assertThat(pid.call(new Probe.Get())).isEqualTo(7L);
        }
    }

    @Test
    void getStateAndReplaceState_ofAnExitedProcess_areNoProcess() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            runtime.kill(pid);

            assertThatThrownBy(() -> runtime.getState(pid, Fixtures.PATIENCE))
                    .isInstanceOf(NoProcessException.class);
            assertThatThrownBy(() -> runtime.replaceState(pid, (Long n) -> n + 1, Fixtures.PATIENCE))
                    .isInstanceOf(NoProcessException.class);
        }
    }

    @Test
    void getState_ofABlockedProcess_timesOut() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Probe());
            Probe.Block block = Probe.Block.newBlock();
            pid.cast(block);
            Fixtures.await(block.entered());

            Fixtures.timeOutTheWait(timers, Duration.ofMillis(50));
            assertThatThrownBy(() -> runtime.getState(pid, Duration.ofMillis(50)))
                    .isInstanceOf(CallTimeoutException.class);
            block.release().countDown();
        }
    }

    /** Asks for its own state from inside its handler and replies with what happened. */
    record AskOwnState() implements Call<String> { }

    @Test
    void getState_ofItself_fromInsideAHandler_isCallingSelf_notATimeout() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                try {
                    Self.runtime().getState(Self.pid(), Fixtures.PATIENCE);
                    return ((AskOwnState) request).reply("answered", n);
                } catch (CallingSelfException expected) {
                    return ((AskOwnState) request).reply(expected.error(), n);
                }
            }));

            assertThat(pid.call(new AskOwnState(), Duration.ofSeconds(1))).isEqualTo("calling_self");
        }
    }
}
