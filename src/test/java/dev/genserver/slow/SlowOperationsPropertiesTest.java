package dev.genserver.slow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** A margin of zero or less timed every operation out; a huge one overflowed the call timeout. */
class SlowOperationsPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SlowOperationsProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void marginOfZeroOrPastADay_failsStartup_andAMillisecond_isAccepted() {
        for (String margin : new String[] {"0", "-1s", "2d"}) {
            runner.withPropertyValues("genserver.slow-operations.timeout-margin=" + margin)
                    .run(context -> assertThat(context).hasFailed());
        }
        runner.withPropertyValues("genserver.slow-operations.timeout-margin=1ms")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
