package dev.genserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.observability.ObservabilityProperties;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The runtime's durations, and the processes endpoint's, are bounded where they are bound: a value past OTP's
 * longest timer (49.7 days) overflowed once it was used, answering every call 500 on a service that had started,
 * and a zero or negative one failed deep in the runtime with a trace naming no setting.
 */
class RuntimePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({RuntimeProperties.class, ObservabilityProperties.class})
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @ParameterizedTest
    @CsvSource({
        "genserver.runtime.call-timeout, 1000000000d, callTimeout",
        "genserver.runtime.call-timeout, 0, callTimeout",
        "genserver.runtime.call-timeout, -1, callTimeout",
        "genserver.runtime.shutdown-timeout, -1, shutdownTimeout",
        "genserver.runtime.shutdown-timeout, 50d, shutdownTimeout",
        "genserver.runtime.restart-period, 0, restartPeriod",
        "genserver.runtime.restart-period, 1000000000d, restartPeriod",
        "genserver.runtime.slow-handler-threshold, -1, slowHandlerThreshold",
        "genserver.runtime.slow-handler-threshold, 50d, slowHandlerThreshold",
        "genserver.observability.status-timeout, 1000000000d, statusTimeout",
    })
    void aDurationOutOfBounds_failsStartup_namingTheSetting(String setting, String value, String named) {
        runner.withPropertyValues(setting + "=" + value)
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining(named));
    }

    @ParameterizedTest
    @CsvSource({
        "genserver.runtime.call-timeout, 49d",
        "genserver.runtime.call-timeout, 1ms",
        "genserver.runtime.slow-handler-threshold, 0",
        "genserver.runtime.restart-period, 49d",
        "genserver.observability.status-timeout, 49d",
    })
    void aDurationAtItsBounds_isAccepted(String setting, String value) {
        runner.withPropertyValues(setting + "=" + value).run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theDefaults_bind() {
        runner.run(context -> assertThat(context.getBean(RuntimeProperties.class).callTimeout())
                .isEqualTo(Duration.ofSeconds(5)));
    }
}
