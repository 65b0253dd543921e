package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A full mailbox refuses what clients send, and never what the runtime delivers: DOWN and exit notices, timers a
 * process set for itself, idle checks, stops and kills ({@link FullMailboxDeferredReplyTest}: deferred replies).
 * Each test holds a process inside a handler, fills its mailbox until a cast is refused, delivers one system
 * message, and checks that it was handled after everything already queued (nothing lost, nothing reordered).
 */
class FullMailboxSystemMessagesTest {

    private static final int CAPACITY = 3;
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final ProcessRuntime runtime = Fixtures.runtime(timers, exits);
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final FullMailbox mailbox = new FullMailbox(CAPACITY, events);

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void down_getsIntoAFullMailbox_andIsHandledAfterWhatWasQueued() {
        Pid pid = start(false);
        Pid watched = runtime.start(new Recorder(new LinkedBlockingQueue<>()));
        MonitorRef ref = runtime.monitor(pid, watched);
        Recorder.Hold hold = fill(pid);

        runtime.kill(watched);

        assertThat(releaseAndStop(pid, hold)).containsExactly(
                new Recorder.Seen("info", new Down(ref, watched, ExitReason.KILLED)),
                new Recorder.Terminated(ExitReason.NORMAL));
    }

    @Test
    void exitOfALinkedProcess_getsIntoTheFullMailboxOfAProcessTrappingExits() {
        Pid pid = start(true);
        Pid linked = Fixtures.startLinked(runtime, new Recorder(new LinkedBlockingQueue<>()), StartOptions.DEFAULTS, pid);
        Recorder.Hold hold = fill(pid);

        runtime.kill(linked);

        assertThat(releaseAndStop(pid, hold)).containsExactly(
                new Recorder.Seen("info", new Exit(linked, ExitReason.KILLED)),
                new Recorder.Terminated(ExitReason.NORMAL));
    }

    @Test
    void timerTheProcessSetForItself_getsIntoAFullMailbox() {
        Pid pid = start(false);
        pid.cast(new Recorder.ScheduleForSelf("tick", SECOND));
        Recorder.Hold hold = fill(pid);

        timers.advance(SECOND);

        assertThat(releaseAndStop(pid, hold)).containsExactly(
                new Recorder.Seen("info", "tick"),
                new Recorder.Terminated(ExitReason.NORMAL));
    }

    /** The idle check a timer sends is what lets an idle process stop (rate-limit keys): it must get in. */
    @Test
    void idleCheckDueWhileTheMailboxIsFull_getsIn_soTheIdleTimeoutStillFires() {
        Pid pid = start(false);
        pid.cast(new Recorder.IdleAfter(SECOND));
        Recorder.Hold hold = fill(pid, new Recorder.IdleAfter(SECOND));

        timers.advance(SECOND);
        hold.release().countDown();
        Waiting.until("everything queued is handled", () -> runtime.info(pid).status().equals("waiting")
                && runtime.info(pid).mailbox() == 0);
        timers.advance(SECOND);

        Object fired = Fixtures.take(events);
        while (!(fired instanceof Recorder.Seen seen && seen.kind().equals("info"))) {
            fired = Fixtures.take(events); // the queued casts
        }
        assertThat(fired).isEqualTo(new Recorder.Seen("info", IdleTimeout.INSTANCE));
    }

    @Test
    void stop_getsIntoAFullMailbox_andTerminateRunsAfterEverythingQueued() {
        Pid pid = start(false);
        Recorder.Hold hold = fill(pid);
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Thread stopper = Thread.ofPlatform().start(() -> {
            try {
                runtime.stop(pid, ExitReason.shutdown("operator"), Duration.ofHours(1));
                stopped.complete(null);
            } catch (RuntimeException e) {
                stopped.completeExceptionally(e);
            }
        });
        Waiting.until("the stop is queued past the bound", () -> stopped.isDone()
                || runtime.info(pid).mailbox() > CAPACITY);
        assertThat(stopped).as("the stop was not refused").isNotCompletedExceptionally();

        hold.release().countDown();
        join(stopped);

        assertThat(mailbox.handledAfterFill())
                .containsExactly(new Recorder.Terminated(ExitReason.shutdown("operator")));
    }

    @Test
    void kill_endsAProcessWithAFullMailbox_atOnce_withoutTerminate() {
        Pid pid = start(false);
        Recorder.Hold hold = fill(pid);

        runtime.kill(pid);

        assertThat(exits.await(pid)).isEqualTo(ExitReason.KILLED);
        assertThat(pid.isAlive()).isFalse();
        assertThat(Fixtures.drain(events)).noneMatch(Recorder.Terminated.class::isInstance);
    }

    @Test
    void callsAreRefusedAtOnce_butNothingQueuedIsLost_andTheProcessKeepsServing() {
        Pid pid = start(false);
        Recorder.Hold hold = fill(pid);

        assertThatThrownBy(() -> pid.call(new Recorder.Handled(), Duration.ofHours(1)))
                .isInstanceOf(MailboxFullException.class);
        assertThatThrownBy(() -> pid.send("info")).isInstanceOf(MailboxFullException.class);

        assertThat(releaseAndStop(pid, hold)).containsExactly(new Recorder.Terminated(ExitReason.NORMAL));
    }

    private Pid start(boolean trapExits) {
        return runtime.start(new Recorder(events),
                StartOptions.DEFAULTS.withMailboxCapacity(CAPACITY).withTrapExits(trapExits));
    }

    private Recorder.Hold fill(Pid pid, Object... last) {
        return mailbox.fill(pid, last);
    }

    private List<Object> releaseAndStop(Pid pid, Recorder.Hold hold) {
        hold.release().countDown();
        runtime.stop(pid, ExitReason.NORMAL, Fixtures.PATIENCE);
        return mailbox.handledAfterFill();
    }
}
