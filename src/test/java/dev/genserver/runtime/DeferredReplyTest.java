package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.join;
import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** handleCall returning noreply, and the caller answered later from another thread through its From. */
class DeferredReplyTest {

    private static final Duration FOREVER = Duration.ofHours(1);

    private final ManualTimers timers = new ManualTimers();

    /** A slow request: the server hands its From to the test and answers nothing itself. */
    record Slow(String what) implements Call<String> { }

    /** A deferred request whose handle the server keeps for the test, and the test answers. */
    record Parked(Slow request, From from) { }

    /** Parks every Slow call in {@link #parked}; answers Probe.Get at once. */
    static final class Deferring implements GenServer<Long> {
        final BlockingQueue<Parked> parked = new LinkedBlockingQueue<>();

        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            return switch (request) {
                case Slow slow -> {
                    parked.add(new Parked(slow, from));
                    yield Result.noreply(n + 1);
                }
                case Probe.Get get -> get.reply(n, n);
                default -> throw new UnexpectedMessageException("test server", "call", request);
            };
        }
    }

    @Test
    void noreply_thenReplyFromAnotherThread_answersTheCaller() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);
            CompletableFuture<String> caller = CompletableFuture.supplyAsync(() -> pid.call(new Slow("a"), FOREVER));

            Parked parked = take(server.parked);
            assertThat(caller).isNotDone();
            Thread.startVirtualThread(() -> parked.request().replyLater(parked.from(), "done a"));

            assertThat(join(caller)).isEqualTo("done a");
        }
    }

    @Test
    void noreply_leavesTheProcessFreeForOtherCallers() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);
            CompletableFuture<String> slow = pid.callAsync(new Slow("a"), FOREVER);
            Parked parked = take(server.parked);

            assertThat(pid.call(new Probe.Get())).as("served while the slow call is pending").isEqualTo(1L);
            assertThat(slow).isNotDone();

            parked.from().reply("done");
            assertThat(join(slow)).isEqualTo("done");
        }
    }

    @Test
    void callAsync_withDeferredReply_completesTheFuture() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);

            CompletableFuture<String> reply = pid.callAsync(new Slow("b"), FOREVER);
            Parked parked = take(server.parked);
            assertThat(reply).isNotDone();
            parked.request().replyLater(parked.from(), "done b");

            assertThat(join(reply)).isEqualTo("done b");
        }
    }

    @Test
    void deferredCalls_canBeAnsweredOutOfOrder() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);
            CompletableFuture<String> first = pid.callAsync(new Slow("1"), FOREVER);
            CompletableFuture<String> second = pid.callAsync(new Slow("2"), FOREVER);
            Parked one = take(server.parked);
            Parked two = take(server.parked);

            two.from().reply("second");
            assertThat(join(second)).isEqualTo("second");
            assertThat(first).isNotDone();
            one.from().reply("first");

            assertThat(join(first)).isEqualTo("first");
        }
    }

    @Test
    void from_fail_failsTheCallerWithThatError() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);
            CompletableFuture<String> reply = pid.callAsync(new Slow("c"), FOREVER);

            take(server.parked).from().fail(new IllegalArgumentException("work failed"));

            assertThatThrownBy(() -> join(reply)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("work failed");
            assertThat(pid.isAlive()).as("a failed deferred call is not a crash").isTrue();
        }
    }

    @Test
    void from_firstAnswerWins() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);
            CompletableFuture<String> reply = pid.callAsync(new Slow("d"), FOREVER);
            From from = take(server.parked).from();

            from.reply("first");
            from.reply("second");
            from.fail(new IllegalStateException("third"));

            assertThat(join(reply)).isEqualTo("first");
        }
    }

    @Test
    void deferredReply_afterTheCallerTimedOut_isDropped() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);
            CompletableFuture<String> reply = pid.callAsync(new Slow("e"), Duration.ofSeconds(5));
            From from = take(server.parked).from();

            timers.advance(Duration.ofSeconds(5));
            from.reply("too late");

            assertThatThrownBy(() -> join(reply)).isInstanceOf(CallTimeoutException.class);
        }
    }

    @Test
    void syncCall_withDeferredReply_timesOutWhenNobodyAnswers() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);

            Fixtures.timeOutTheWait(timers, Duration.ofMillis(50));
            assertThatThrownBy(() -> pid.call(new Slow("f"), Duration.ofMillis(50)))
                    .isInstanceOf(CallTimeoutException.class);
            take(server.parked).from().reply("too late");
            assertThat(pid.call(new Probe.Get())).isEqualTo(1L);
        }
    }

    @Test
    void deferredCaller_isFailedAtOnceWhenTheProcessCrashesWithoutAnswering() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);
            CompletableFuture<String> waiting = CompletableFuture.supplyAsync(() -> pid.call(new Slow("x"), FOREVER));
            take(server.parked);

            pid.cast("not handled: a crash");

            assertThatThrownBy(() -> join(waiting)).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason().cause()).isInstanceOf(UnexpectedMessageException.class));
        }
    }

    @Test
    void deferredCaller_isFailedWhenTheProcessIsKilled() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);
            CompletableFuture<String> reply = pid.callAsync(new Slow("y"), FOREVER);
            take(server.parked);

            runtime.kill(pid);

            assertThatThrownBy(() -> join(reply)).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.KILLED));
        }
    }

    @Test
    void answeredDeferredCalls_areNotFailedByALaterExit() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);
            List<CompletableFuture<String>> replies = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                replies.add(pid.callAsync(new Slow("z" + i), FOREVER));
                take(server.parked).from().reply("ok " + i);
            }

            runtime.kill(pid);

            for (int i = 0; i < 100; i++) {
                assertThat(join(replies.get(i))).isEqualTo("ok " + i);
            }
        }
    }

    @Test
    void deferredCaller_isFailedAtOnceWhenTheProcessExitsWithoutAnswering() {
        Deferring server = new Deferring();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(server);
            CompletableFuture<String> reply = pid.callAsync(new Slow("g"), FOREVER);
            take(server.parked);

            runtime.stop(pid, ExitReason.shutdown("going away"), Fixtures.PATIENCE);

            assertThatThrownBy(() -> join(reply)).isInstanceOfSatisfying(ProcessExitException.class,
                    e -> assertThat(e.reason()).isEqualTo(ExitReason.shutdown("going away")));
        }
    }

    @Test
    void replyLater_fromInsideAnotherCallback_answersTheParkedCaller() {
        record Release() implements Call<String> { }
        BlockingQueue<From> froms = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(Fixtures.answering(0L, (request, from, n) -> {
                return switch (request) {
                    case Slow slow -> {
                        froms.add(from);
                        yield Result.noreply(n);
                    }
                    case Release release -> {
                        take(froms).reply("released by a later call");
                        yield release.reply("ok", n);
                    }
                    default -> throw new UnexpectedMessageException("test server", "call", request);
                };
            }));
            CompletableFuture<String> parked = pid.callAsync(new Slow("h"), FOREVER);

            assertThat(pid.call(new Release())).isEqualTo("ok");

            assertThat(join(parked)).isEqualTo("released by a later call");
        }
    }
}
