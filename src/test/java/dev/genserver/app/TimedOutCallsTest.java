package dev.genserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import dev.genserver.testing.MutableClock;
import dev.genserver.testing.Tally;
import dev.genserver.testing.Tally.Add;
import dev.genserver.testing.Tally.Total;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request's retry after its call timed out: through a singleton of the tree, as the services' client beans send
 * their calls. The process is suspended while a call must time out ({@code :sys.suspend}: it queues messages and
 * handles none), so every timeout here is certain, and the short wait only bounds how long it takes to see.
 */
class TimedOutCallsTest {

    private static final Duration SHORT = Duration.ofMillis(20);
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final TimedOutCalls timedOut = new TimedOutCalls(clock, 2);
    private final ProcessTree tree = ProcessTrees.in(runtime, timedOut);
    private final Singleton tally = start("tally");

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void theRetryOfARequestWhoseCallTimedOut_waitsForThatCall_andTheMessageIsHandledOnce() {
        suspend("tally");
        assertThatThrownBy(() -> asRequest("r1", () -> tally.call(new Add(5), SHORT)))
                .isInstanceOf(CallTimeoutException.class);
        assertThatThrownBy(() -> asRequest("r1", () -> tally.call(new Add(5), SHORT)))
                .as("still not handled: the retry times out too, and sends nothing")
                .isInstanceOf(CallTimeoutException.class);
        assertThat(runtime.info(pid("tally")).mailbox()).isOne();
        resume("tally");

        assertThat(asRequest("r1", () -> tally.call(new Add(5), PATIENCE))).isEqualTo(5);
        assertThat(tally.call(new Add(0))).as("added once").isEqualTo(5);
        assertThat(timedOut.size()).isOne();
    }

    @Test
    void aRequestWithoutIdentity_isSentAgain_asOtpWouldSendIt() {
        suspend("tally");
        assertThatThrownBy(() -> tally.call(new Add(5), SHORT)).isInstanceOf(CallTimeoutException.class);

        assertThatThrownBy(() -> tally.call(new Add(5), SHORT)).isInstanceOf(CallTimeoutException.class);

        assertThat(runtime.info(pid("tally")).mailbox()).isEqualTo(2);
        assertThat(timedOut.size()).isZero();
        resume("tally");
        assertThat(tally.call(new Add(0))).isEqualTo(10);
    }

    @Test
    void anAnsweredCall_isKeptForAMinute_thenTheRetryIsANewRequest() {
        timeOutThenAnswer("r2");
        clock.advance(TimedOutCalls.KEPT_FOR.minusMillis(1));
        assertThat(asRequest("r2", () -> tally.call(new Add(5), PATIENCE))).as("the kept answer").isEqualTo(5);

        clock.advance(Duration.ofMillis(1));

        assertThat(asRequest("r2", () -> tally.call(new Add(5), PATIENCE))).as("sent again").isEqualTo(10);
        assertThat(timedOut.size()).isZero();
    }

    /**
     * The leak probe's burst of keyed 504s: with no call timing out after it, the answered calls (each holding its
     * reply, a popped item) were kept long past their minute, as only the next timeout let them go.
     */
    @Test
    void answeredCallsPastTheirMinute_areLetGoByTheSweep_withoutAnotherTimeout() {
        timeOutThenAnswer("r6");
        clock.advance(TimedOutCalls.KEPT_FOR.minusMillis(1));
        timedOut.forgetExpired();
        assertThat(timedOut.size()).as("within its minute").isOne();

        clock.advance(Duration.ofMillis(1));
        timedOut.forgetExpired();

        assertThat(timedOut.size()).isZero();
    }

    @Test
    void aCallWhoseProcessDiedBeforeAnswering_isForgotten_soTheRetryReachesTheRestartedProcess() {
        suspend("tally");
        assertThatThrownBy(() -> asRequest("r3", () -> tally.call(new Add(5), SHORT)))
                .isInstanceOf(CallTimeoutException.class);
        Pid first = pid("tally");

        runtime.kill(first);
        await().atMost(PATIENCE).until(() -> runtime.whereis(Name.local("tally")).filter(pid -> !pid.equals(first))
                .isPresent());

        assertThat(asRequest("r3", () -> tally.call(new Add(5), PATIENCE)))
                .as("sent afresh: waiting for the killed call would fail with its exit").isEqualTo(5);
        assertThat(timedOut.size()).isZero();
    }

    @Test
    void aRetryWaitingForAKeptCall_thatEndsInAFailure_sendsTheMessageAfresh() throws Exception {
        suspend("tally");
        Pid first = pid("tally");
        assertThatThrownBy(() -> timedOut.call("r4#1", first, new Add(5), SHORT))
                .isInstanceOf(CallTimeoutException.class);
        CompletableFuture<Long> retry = new CompletableFuture<>();
        Thread waiting = Thread.ofVirtual().start(() -> {
            try {
                retry.complete(timedOut.awaitKeptOr("r4#1", PATIENCE.multipliedBy(6), () -> 99L));
            } catch (RuntimeException failed) {
                retry.completeExceptionally(failed);
            }
        });
        await().atMost(PATIENCE).until(() -> waiting.getState() == Thread.State.TIMED_WAITING);

        runtime.kill(first);

        assertThat(retry.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("what sending afresh answered")
                .isEqualTo(99L);
    }

    @Test
    void aReadIsNeverKept_itsRetryReadsAfresh() {
        suspend("tally");
        assertThatThrownBy(() -> asRequest("r5", () -> tally.call(new Total(), SHORT)))
                .isInstanceOf(CallTimeoutException.class);
        assertThat(timedOut.size()).isZero();

        assertThatThrownBy(() -> asRequest("r5", () -> tally.call(new Total(), SHORT)))
                .as("sent again, where a kept write's retry sends nothing").isInstanceOf(CallTimeoutException.class);
        assertThat(runtime.info(pid("tally")).mailbox()).isEqualTo(2);
        tally.cast(3L);
        resume("tally");

        assertThat(asRequest("r5", () -> tally.call(new Total(), PATIENCE))).as("read afresh, after the cast")
                .isEqualTo(3);
    }

    @Test
    void pastItsBound_aTimedOutCallIsNotKept() {
        timeOutThenAnswer("a");
        timeOutThenAnswer("b");
        suspend("tally");

        assertThatThrownBy(() -> asRequest("c", () -> tally.call(new Add(5), SHORT)))
                .isInstanceOf(CallTimeoutException.class);

        assertThat(timedOut.size()).isEqualTo(2);
        assertThat(timedOut.kept("c#1")).isNull();
        clock.advance(TimedOutCalls.KEPT_FOR);
        assertThatThrownBy(() -> asRequest("d", () -> tally.call(new Add(5), SHORT)))
                .isInstanceOf(CallTimeoutException.class);
        assertThat(timedOut.size()).as("the expired ones made room").isOne();
        resume("tally");
    }

    /** Times a call of request {@code id} out, then lets the process handle it: the call is kept, answered. */
    private void timeOutThenAnswer(String id) {
        suspend("tally");
        assertThatThrownBy(() -> asRequest(id, () -> tally.call(new Add(5), SHORT)))
                .isInstanceOf(CallTimeoutException.class);
        resume("tally");
        tally.call(new Add(0)); // queued behind the timed-out call, so that one is answered when this returns
        assertThat(timedOut.kept(id + "#1").isAnswered()).isTrue();
    }

    private Singleton start(String name) {
        tree.startChild(ChildSpec.permanent(name, Tally::new).withOptions(StartOptions.named(Name.local(name))));
        return tree.singleton(Name.local(name));
    }

    private Pid pid(String name) {
        return runtime.whereis(Name.local(name)).orElseThrow();
    }

    private void suspend(String name) {
        runtime.suspend(pid(name), PATIENCE);
    }

    private void resume(String name) {
        runtime.resume(pid(name), PATIENCE);
    }

    private static <T> T asRequest(String id, Supplier<T> work) {
        try (RequestIds.Scope scope = RequestIds.open(id)) {
            return work.get();
        }
    }
}
