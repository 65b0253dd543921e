package dev.genserver.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class RateLimitPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(RateLimitProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaults_areTheIssuesSettings() {
        runner.run(context -> {
            RateLimitProperties properties = context.getBean(RateLimitProperties.class);
            assertThat(properties.capacity()).isEqualTo(10);
            assertThat(properties.refillPerSecond()).isEqualByComparingTo("10");
            assertThat(properties.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(properties.maxKeys()).isEqualTo(10_000);
        });
    }

    @Test
    void idleTimeoutShorterThanTheFillTime_failsStartup_withAClearMessage() {
        runner.withPropertyValues("genserver.rate-limit.capacity=100", "genserver.rate-limit.refill-per-second=0.5",
                "genserver.rate-limit.idle-timeout=199").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("idle-timeout must be "
                            + "at least capacity / refill-per-second");
                });
    }

    @Test
    void idleTimeoutEqualToTheFillTime_isAccepted() {
        runner.withPropertyValues("genserver.rate-limit.capacity=100", "genserver.rate-limit.refill-per-second=0.5",
                "genserver.rate-limit.idle-timeout=200s").run(context -> assertThat(context).hasNotFailed());
    }

    /** Past OTP's longest timeout the idle timer overflowed, and each new key crashed the buckets' supervisor. */
    @Test
    void idleTimeoutPast49Days_failsStartup() {
        runner.withPropertyValues("genserver.rate-limit.idle-timeout=10000000000")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void zeroRefill_failsStartup() {
        runner.withPropertyValues("genserver.rate-limit.refill-per-second=0")
                .run(context -> assertThat(context).hasFailed());
    }

    /** The fill time of 1e-999999999 tokens a second does not fit in memory: the bounds refuse it first. */
    @Test
    void aRefillBeyondItsBounds_failsStartup_namingTheBound() {
        for (String refill : List.of("1e-999999999", "1e999999999", "0.0000000009", "1000000001")) {
            runner.withPropertyValues("genserver.rate-limit.refill-per-second=" + refill).run(context ->
                    assertThat(context).getFailure().rootCause().as(refill).hasMessageContaining("refillPerSecond")
                            .hasMessageContaining("must be"));
        }
        runner.withPropertyValues("genserver.rate-limit.refill-per-second=1000000000").run(context ->
                assertThat(context).hasNotFailed());
    }
}
