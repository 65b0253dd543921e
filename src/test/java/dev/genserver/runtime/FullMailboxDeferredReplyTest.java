package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A deferred reply reaches its caller whatever the state of the answering process's mailbox. */
class FullMailboxDeferredReplyTest {

    private static final int CAPACITY = 3;
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final ManualTimers timers = new ManualTimers();
    private final ProcessRuntime runtime = Fixtures.runtime(timers);
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final FullMailbox mailbox = new FullMailbox(CAPACITY, events);
    private final Pid pid = runtime.start(new Recorder(events), StartOptions.DEFAULTS.withMailboxCapacity(CAPACITY));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void deferredReplyGivenFromOutside_reachesItsCallerWhileTheMailboxIsFull() {
        CompletableFuture<String> answer = pid.callAsync(new Recorder.Defer(null), Duration.ofHours(1));
        From from = Fixtures.takeNext(events, Recorder.Deferred.class).from();
        Recorder.Hold hold = mailbox.fill(pid);

        from.reply("done elsewhere");

        assertThat(join(answer)).isEqualTo("done elsewhere");
        hold.release().countDown();
    }

    /** The slow-operations pattern: the work's completion comes back as a timer message and is answered then. */
    @Test
    void deferredReplyCompletedByATimerMessage_reachesItsCaller() {
        CompletableFuture<String> answer = pid.callAsync(new Recorder.Defer(SECOND), Duration.ofHours(1));
        Fixtures.takeNext(events, Recorder.Deferred.class);
        Recorder.Hold hold = mailbox.fill(pid);

        timers.advance(SECOND);
        hold.release().countDown();

        assertThat(join(answer)).isEqualTo("finished");
    }

}
