package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Result;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reading a state: rendered and bounded, or the reason it is missing. */
class ProcessStatesTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    /** For reads that must succeed: a loaded machine can take longer than a tenth of a second to answer one. */
    private final ProcessStates states = new ProcessStates(runtime, JsonMapper.shared(), Duration.ofSeconds(5));
    /** For reads of a process that cannot answer: they wait out the whole timeout. */
    private final ProcessStates impatient = new ProcessStates(runtime, JsonMapper.shared(), Duration.ofMillis(100));

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    @Test
    void state_isWhatFormatStatusReturns_asJson() {
        Pid pid = runtime.start(new Showing(Map.of("size", 2)));

        ProcessStates.Rendered rendered = states.read(pid);

        assertThat(rendered.error()).isNull();
        assertThat(rendered.state().get("size").asInt()).isEqualTo(2);
    }

    @Test
    void busyProcess_isATimeout_notAFailure() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Pid pid = runtime.start(new Showing(Map.of()));
        pid.cast(new Block(entered, release));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            ProcessStates.Rendered rendered = impatient.read(pid);

            assertThat(rendered.state()).isNull();
            assertThat(rendered.error()).isEqualTo("timeout");
        } finally {
            release.countDown();
        }
    }

    /**
     * A read that times out stays queued in the process (system messages pass the mailbox bound), so reading a
     * stuck process again, as a panel refreshed every second does, shares that read instead of queueing more.
     */
    @Test
    void repeatedReadsOfABusyProcess_queueOneStatusRequest_andItsAnswerServesTheNextRead() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Pid pid = runtime.start(new Showing(Map.of("size", 3)));
        pid.cast(new Block(entered, release));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
        try {
            for (int i = 0; i < 3; i++) {
                assertThat(impatient.read(pid).error()).isEqualTo("timeout");
            }
            assertThat(runtime.info(pid).mailbox()).as("status requests waiting in the process").isOne();
        } finally {
            release.countDown();
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> impatient.read(pid).error() == null);
        assertThat(states.read(pid).state().get("size").asInt()).isEqualTo(3);
        assertThat(runtime.info(pid).mailbox()).isZero();
    }

    @Test
    void stateJsonCannotShow_isUnrenderable() {
        Pid pid = runtime.start(new Showing(new Unrenderable()));

        assertThat(states.read(pid)).isEqualTo(new ProcessStates.Rendered(null, "unrenderable"));
    }

    @Test
    void exitedProcess_isNoproc() {
        Pid pid = runtime.start(new Showing(Map.of()));
        runtime.kill(pid);

        assertThatThrownBy(() -> states.read(pid)).isInstanceOf(NoProcessException.class);
    }

    /** Cast: blocks the process until released. */
    record Block(CountDownLatch entered, CountDownLatch release) { }

    /** A bean whose only property fails to read. */
    static final class Unrenderable {
        public String getSecret() {
            throw new IllegalStateException("not for you");
        }
    }

    /** A process whose formatStatus shows {@code shown}. */
    record Showing(Object shown) implements GenServer<Object> {
        @Override
        public Init<Object> init() {
            return Init.ok("state");
        }

        @Override
        public Result<Object> handleCast(Object message, Object state) {
            if (message instanceof Block block) {
                block.entered().countDown();
                try {
                    block.release().await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Result.noreply(state);
        }

        @Override
        public Object formatStatus(Object state) {
            return shown;
        }
    }
}
