package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * A bare number is seconds for every duration setting, as the README says: {@code body-timeout=5} was read as
 * 5 ms, which answered 408 to a body any slower than that.
 */
class WebLimitsPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WebLimitsProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void bodyTimeout_asABareNumber_isSeconds_andWithAUnit_isThatUnit() {
        runner.withPropertyValues("genserver.web.body-timeout=5").run(context -> assertThat(context
                .getBean(WebLimitsProperties.class).bodyTimeout()).isEqualTo(Duration.ofSeconds(5)));
        runner.withPropertyValues("genserver.web.body-timeout=250ms").run(context -> assertThat(context
                .getBean(WebLimitsProperties.class).bodyTimeout()).isEqualTo(Duration.ofMillis(250)));
        runner.run(context -> assertThat(context.getBean(WebLimitsProperties.class).bodyTimeout())
                .isEqualTo(Duration.ofSeconds(30)));
    }
}
