package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A call to an idle process runs its handler on the caller's thread, so a chain of calls through idle processes
 * (each handler calling the next) nests on one stack. In erlang each process waits on its own: a chain of 30,000
 * such calls answers (OTP 25). Here a chain of a few thousand overflowed the caller's stack and crashed the
 * processes deepest in it with StackOverflowError; past a bounded depth a call is queued, and its handler runs on
 * its process's own thread, with a fresh stack. The same for starts: an init runs on its starter's thread, and a
 * chain of a thousand processes each started in the init of the one before failed with StackOverflowError (OTP 25
 * starts 5,000); past that depth an init runs on a thread of its own.
 */
class DeepCallChainTest {

    private static final int LINKS = 5_000;

    private final ManualTimers timers = new ManualTimers();

    /** How many processes the call went through, this one included. */
    record Depth() implements Call<Integer> { }

    /** Calls the next process of the chain, if any, and answers one more than it. */
    static final class Link implements GenServer<Pid> {
        private final Pid next;

        Link(Pid next) {
            this.next = next;
        }

        @Override
        public Init<Pid> init() {
            return Init.ok(next);
        }

        @Override
        public CallResult<Pid> handleCall(Call<?> request, From from, Pid next) {
            return switch (request) {
                case Depth depth -> depth.reply(next == null ? 1 : next.call(depth, Fixtures.PATIENCE) + 1, next);
                default -> GenServer.super.handleCall(request, from, next);
            };
        }
    }

    /** Starts the rest of the chain in its init, linked to itself: the next process starts the one after, and so on. */
    static final class Stage implements GenServer<Pid> {
        private final int after;

        Stage(int after) {
            this.after = after;
        }

        @Override
        public Init<Pid> init() {
            return Init.ok(after == 0 ? null : Self.startLink(new Stage(after - 1), StartOptions.DEFAULTS));
        }

        @Override
        public CallResult<Pid> handleCall(Call<?> request, From from, Pid next) {
            return new Link(next).handleCall(request, from, next);
        }
    }

    @Test
    void aChainOfStartsEachInTheInitOfTheOneBefore_startsThemAll() {
        try (ProcessRuntime runtime = runtime(timers)) {
            CompletableFuture<Object> answer = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> { // inits started without a start timeout run on their starter's thread
                try {
                    answer.complete(runtime.start(new Stage(LINKS - 1)).call(new Depth(), Duration.ofMinutes(1)));
                } catch (Throwable failure) {
                    answer.complete(failure);
                }
            });

            assertThat(Fixtures.join(answer)).isEqualTo(LINKS);
        }
    }

    @Test
    void aChainOfCallsThroughThousandsOfIdleProcesses_answers_andCrashesNone() {
        try (ProcessRuntime runtime = runtime(timers)) {
            List<Pid> chain = new ArrayList<>();
            Pid head = null;
            for (int i = 0; i < LINKS; i++) {
                head = runtime.start(new Link(head));
                chain.add(head);
            }
            Pid first = head;
            CompletableFuture<Object> answer = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> { // a request's thread: a virtual one, as a servlet container's may be
                try {
                    answer.complete(first.call(new Depth(), Duration.ofMinutes(1)));
                } catch (Throwable failure) {
                    answer.complete(failure);
                }
            });

            assertThat(Fixtures.join(answer)).isEqualTo(LINKS);
            assertThat(chain).allMatch(Pid::isAlive);
        }
    }
}
