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
 * its process's own thread, with a fresh stack.
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
