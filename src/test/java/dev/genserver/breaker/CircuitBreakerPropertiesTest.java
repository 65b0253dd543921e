package dev.genserver.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** An open timeout past OTP's longest timer would crash every breaker as it opens, losing the failures it counted. */
class CircuitBreakerPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CircuitBreakerProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void openTimeoutPast49Days_failsStartup_andUpToIt_isAccepted() {
        runner.withPropertyValues("genserver.circuit-breaker.open-timeout=10000000000")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("genserver.circuit-breaker.open-timeout=49d")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
