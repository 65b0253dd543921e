package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/** The timeout in each returned result counts from that return, as in OTP, even when it is shorter than before. */
class IdleTimeoutShorteningTest {

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    record ReplyWithTimeout(Duration after) implements Call<String> { }

    /** init sets a long idle timeout; a call replaces it with the one it names. */
    final class Idler implements GenServer<String> {
        @Override
        public Init<String> init() {
            return Init.ok("started", Duration.ofSeconds(3));
        }

        @Override
        public CallResult<String> handleCall(Call<?> request, From from, String state) {
            ReplyWithTimeout reply = (ReplyWithTimeout) request;
            return reply.reply("ok", state, Next.timeout(reply.after()));
        }

        @Override
        public Result<String> handleInfo(Object message, String state) {
            events.add(message);
            return Result.noreply(state);
        }
    }

    @Test
    void idleTimeout_shortenedByALaterReply_firesAtTheShorterTime() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Idler());
            pid.call(new ReplyWithTimeout(Duration.ofMillis(100)));

            timers.advance(Duration.ofMillis(99));
            Mailboxes.awaitHandled(runtime, pid);
            assertThat(events).isEmpty();

            timers.advance(Duration.ofMillis(1));
            assertThat(Fixtures.take(events)).isEqualTo(IdleTimeout.INSTANCE);

            timers.advance(Duration.ofSeconds(3));
            Mailboxes.awaitHandled(runtime, pid);
            assertThat(events).as("the overtaken 3 s check delivers nothing").isEmpty();
        }
    }

    @Test
    void idleTimeout_lengthenedByALaterReply_countsFromThatReply() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid pid = runtime.start(new Idler());
            timers.advance(Duration.ofSeconds(2));
            pid.call(new ReplyWithTimeout(Duration.ofSeconds(5)));

            // The check init scheduled for 3 s comes first and re-arms for what is left. Time stands still while
            // the process handles it (the re-armed check is scheduled relative to the clock it reads).
            timers.advance(Duration.ofSeconds(1));
            Mailboxes.awaitHandled(runtime, pid);
            timers.advance(Duration.ofMillis(3999));
            Mailboxes.awaitHandled(runtime, pid);
            assertThat(events).isEmpty();

            timers.advance(Duration.ofMillis(1));
            assertThat(Fixtures.take(events)).isEqualTo(IdleTimeout.INSTANCE);
        }
    }
}
