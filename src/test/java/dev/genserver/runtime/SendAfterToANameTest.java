package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static dev.genserver.runtime.Fixtures.takeInfo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;

/**
 * {@code Process.send_after(name, message, delay)}, as OTP 25 does it (checked with Elixir 1.14): the name is looked
 * up when the timer fires, so the message reaches a process registered after the timer started, or the one that
 * took the name over from a holder that exited; nobody holding it drops the message without an error; the timer is
 * cancelled by nothing but {@code cancel_timer}. Manual time throughout.
 */
class SendAfterToANameTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    private final ManualTimers timers = new ManualTimers();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    @Test
    void theNameIsLookedUpWhenTheTimerFires_soAProcessRegisteredAfterItsStartGetsTheMessage() {
        try (ProcessRuntime runtime = runtime(timers)) {
            TimerRef timer = runtime.sendAfter("late", "hello", SECOND);
            Pid late = runtime.start(new Probe("late", events), StartOptions.named(Name.local("late")));

            timers.advance(SECOND);

            assertThat(takeInfo(events, String.class)).isEqualTo("hello");
            assertThat(timer.timeLeft()).as("fired").isEmpty();
            Mailboxes.awaitHandled(runtime, late);
        }
    }

    @Test
    void aHolderThatExits_doesNotCancelTheTimer_andTheNextHolderGetsTheMessage() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid first = runtime.start(new Probe("first", events), StartOptions.named(Name.local("n")));
            TimerRef timer = runtime.sendAfter("n", "two", SECOND);

            runtime.kill(first);
            Pid second = runtime.start(new Probe("second", events), StartOptions.named(Name.local("n")));

            assertThat(timer.timeLeft()).as("still pending after the holder's exit").contains(SECOND);
            timers.advance(SECOND);

            assertThat(Fixtures.takeNext(events, Probe.Info.class)).isEqualTo(new Probe.Info("second", "two"));
            Mailboxes.awaitHandled(runtime, second);
            assertThat(events).as("nothing else: the first holder got nothing").isEmpty();
        }
    }

    @Test
    void aTimerOutlivesTheProcessThatStartedIt() {
        record Arm() implements Call<String> { }
        try (ProcessRuntime runtime = runtime(timers)) {
            runtime.start(new Probe("target", events), StartOptions.named(Name.local("target")));
            Pid starter = runtime.start(new Probe("starter", new LinkedBlockingQueue<>()) {
                @Override
                public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
                    if (request instanceof Arm arm) {
                        Self.runtime().sendAfter("target", "from the starter", SECOND);
                        return arm.reply("armed", n);
                    }
                    return super.handleCall(request, from, n);
                }
            });
            starter.call(new Arm());
            runtime.stop(starter, ExitReason.NORMAL, Fixtures.PATIENCE);

            timers.advance(SECOND);

            assertThat(takeInfo(events, String.class)).isEqualTo("from the starter");
        }
    }

    @Test
    void nobodyHoldingTheNameWhenItFires_dropsTheMessageWithoutAnError() {
        try (ProcessRuntime runtime = runtime(timers)) {
            TimerRef timer = runtime.sendAfter("nobody", "lost", SECOND);

            timers.advance(SECOND);
            Pid later = runtime.start(new Probe("later", events), StartOptions.named(Name.local("nobody")));
            Mailboxes.awaitHandled(runtime, later);

            assertThat(events).as("fired before anyone held the name: not kept for a later holder").isEmpty();
            assertThat(timer.timeLeft()).isEmpty();
            assertThat(timer.cancel()).as("erlang's cancel_timer answers false once fired").isEmpty();
            assertThat(timers.pending()).isZero();
        }
    }

    @Test
    void cancelledBeforeItFires_itReturnsTheTimeLeft_andNothingIsSent() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Pid holder = runtime.start(new Probe("holder", events), StartOptions.named(Name.local("n")));
            TimerRef timer = runtime.sendAfter("n", "never", SECOND);
            timers.advance(Duration.ofMillis(400));

            assertThat(timer.cancel()).contains(Duration.ofMillis(600));
            timers.advance(SECOND);
            Mailboxes.awaitHandled(runtime, holder);

            assertThat(events).isEmpty();
        }
    }

    @Test
    void aFullMailboxDoesNotRefuseIt_asATimerToAPidIsNotRefused() {
        try (ProcessRuntime runtime = runtime(timers)) {
            Probe.Block block = Probe.Block.newBlock();
            Pid holder = runtime.start(new Probe("holder", events),
                    StartOptions.named(Name.local("n")).withMailboxCapacity(1));
            holder.cast(block);
            Fixtures.await(block.entered());
            holder.cast(1L); // the mailbox's one place
            runtime.sendAfter("n", "beyond the bound", SECOND);

            timers.advance(SECOND);
            block.release().countDown();

            assertThat(takeInfo(events, String.class)).isEqualTo("beyond the bound");
        }
    }

    @Test
    void theNameAndTheDelayAreChecked() {
        try (ProcessRuntime runtime = runtime(timers)) {
            assertThatThrownBy(() -> runtime.sendAfter((String) null, "x", SECOND))
                    .isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> runtime.sendAfter("", "x", SECOND))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> runtime.sendAfter("n", "x", Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(timers.pending()).isZero();
        }
    }
}
