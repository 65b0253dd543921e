package dev.genserver.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** How {@code genserver.sessions.*} binds: defaults, bare numbers as seconds, the interval defaulting to the TTL. */
class SessionPropertiesTest {

    @Test
    void defaults_areSixtySeconds_forBoth_andAHundredThousandSessions() {
        assertThat(bind(Map.of())).isEqualTo(new SessionProperties(Duration.ofSeconds(60), Duration.ofSeconds(60),
                100_000));
    }

    @Test
    void cleanupInterval_defaultsToTheTtl_andBareNumbersAreSeconds() {
        SessionProperties properties = bind(Map.of("genserver.sessions.ttl", "10"));

        assertThat(properties.ttl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(properties.cleanupInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void suffixedDurations_work() {
        SessionProperties properties = bind(Map.of("genserver.sessions.ttl", "5m",
                "genserver.sessions.cleanup-interval", "500ms"));

        assertThat(properties.ttl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.cleanupInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aZeroTtl_isRefused() {
        assertThatThrownBy(() -> bind(Map.of("genserver.sessions.ttl", "0")))
                .hasRootCauseMessage("genserver.sessions.ttl must be positive: PT0S");
    }

    /** The cleanup is a timer: past OTP's longest, 49.7 days, it cannot be set (a huge one overflowed). */
    @Test
    void aCleanupIntervalPast49Days_isRefused_andALongerTtlCleansUpEvery49Days() {
        assertThatThrownBy(() -> bind(Map.of("genserver.sessions.cleanup-interval", "200000000000d")))
                .hasRootCauseMessage("genserver.sessions.cleanup-interval must be 1ms to 49 days: PT4800000000000H");
        assertThat(bind(Map.of("genserver.sessions.ttl", "365d")).cleanupInterval()).isEqualTo(Duration.ofDays(49));
        assertThat(bind(Map.of("genserver.sessions.cleanup-interval", "49d")).cleanupInterval())
                .isEqualTo(Duration.ofDays(49));
    }

    /** The scheduler counts the pause in whole milliseconds: less would be 0, which it refuses with no word. */
    @Test
    void aCleanupIntervalUnderAMillisecond_isRefused_andASubMillisecondTtlCleansUpEveryMillisecond() {
        assertThatThrownBy(() -> bind(Map.of("genserver.sessions.cleanup-interval", "500us")))
                .hasRootCauseMessage("genserver.sessions.cleanup-interval must be 1ms to 49 days: PT0.0005S");
        assertThat(bind(Map.of("genserver.sessions.ttl", "1ns")).cleanupInterval()).isEqualTo(Duration.ofMillis(1));
    }

    private static SessionProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("genserver.sessions", SessionProperties.class);
    }
}
