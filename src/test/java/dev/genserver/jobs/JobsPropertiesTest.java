package dev.genserver.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * A negative max-duration was accepted, and then every submit was refused; a negative shutdown-timeout was accepted
 * too, and one past the runtime's longest timer would only have failed at shutdown.
 */
class JobsPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(JobsProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void negativeMaxDuration_failsStartup_andZero_isAccepted() {
        runner.withPropertyValues("genserver.jobs.max-duration=-1")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("genserver.jobs.max-duration=0")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void shutdownTimeout_outside0To49Days_failsStartup() {
        runner.withPropertyValues("genserver.jobs.shutdown-timeout=-1")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("genserver.jobs.shutdown-timeout=50d")
                .run(context -> assertThat(context).hasFailed());
        runner.withPropertyValues("genserver.jobs.shutdown-timeout=0")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
