package dev.genserver.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeListener;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitServerTest {

    private static final Duration IDLE = Duration.ofSeconds(60);

    private final ManualTimers timers = new ManualTimers();
    private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
    private final Map<Pid, ExitReason> exits = new ConcurrentHashMap<>();
    private final ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
            .withListener(new RuntimeListener() {
                @Override
                public void processExited(Pid pid, ExitReason reason) {
                    exits.put(pid, reason);
                }
            }));
    private final Pid bucket = runtime.start(new RateLimitServer(10, BigDecimal.TEN, IDLE, clock));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void acquire_drainsTheBucket_thenIsLimitedWithRetryAfter() {
        for (int i = 9; i >= 0; i--) {
            assertThat(acquire(1)).isEqualTo(new Decision.Allowed(i, 1));
        }

        Decision refused = acquire(1);

        assertThat(refused).isEqualTo(new Decision.Limited(0, 1, 1));
    }

    @Test
    void limited_takesNothing_andRetryAfterComesFromTheDeficit() {
        acquire(10);
        clock.advance(Duration.ofMillis(250)); // 2.5 tokens

        assertThat(acquire(5)).isEqualTo(new Decision.Limited(2, 1, 1));
        assertThat(acquire(2)).isEqualTo(new Decision.Allowed(0, 1));
    }

    @Test
    void refill_isContinuousWithTheClock() {
        acquire(10);

        clock.advance(Duration.ofMillis(350));

        assertThat(bucket.call(new RateLimitServer.Available())).isEqualTo(3);
        assertThat(acquire(3)).isInstanceOf(Decision.Allowed.class);
        assertThat(acquire(1)).isInstanceOf(Decision.Limited.class);
    }

    @Test
    void idleTimeout_stopsTheProcessNormally() {
        acquire(1);
        sync(); // the reply can come before the process arms its idle timeout again, from the timers' time

        timers.advance(IDLE);

        // the stop first: a call already waiting when the idle check is handled comes first, as a message waiting
        // when OTP's receive ... after wakes does, and postpones the timeout
        await().until(() -> exits.containsKey(bucket));
        assertThat(exits.get(bucket)).isEqualTo(ExitReason.NORMAL);
        assertThat(bucket.isAlive()).isFalse();
        assertThatThrownBy(() -> bucket.call(new RateLimitServer.Available()))
                .isInstanceOfAny(ProcessExitException.class, NoProcessException.class);
    }

    @Test
    void everyMessage_postponesTheIdleTimeout_andAStrayInfoKeepsItArmed() {
        timers.advance(IDLE.minusSeconds(1));
        sync();
        acquire(1);                                   // a call at 59 s
        timers.advance(IDLE.minusSeconds(1));
        sync();
        bucket.send("stray info");                    // an info at 118 s
        sync();
        timers.advance(IDLE.minusSeconds(1));
        sync();
        assertThat(bucket.isAlive()).isTrue();

        timers.advance(Duration.ofSeconds(1));        // 60 s after the info

        // the stop first, as in the test above: a call sent at once may be waiting when the check is handled
        await().until(() -> exits.containsKey(bucket));
        assertThat(exits.get(bucket)).isEqualTo(ExitReason.NORMAL);
        assertThatThrownBy(() -> bucket.call(new RateLimitServer.Available()))
                .isInstanceOfAny(ProcessExitException.class, NoProcessException.class);
    }

    /** Waits until the messages already queued (timer messages included) have been handled. */
    private void sync() {
        Mailboxes.awaitHandled(runtime, bucket);
    }

    private Decision acquire(long permits) {
        return bucket.call(new RateLimitServer.Acquire(permits));
    }
}
