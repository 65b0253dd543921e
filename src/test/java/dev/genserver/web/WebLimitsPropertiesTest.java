package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * {@code genserver.web.*} binding. A bare number is seconds for every duration setting, as the README says:
 * {@code body-timeout=5} was read as 5 ms, which answered 408 to a body any slower than that.
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

    /**
     * Past these bounds a limit no longer limits: a body timeout of days lets a client trickling bytes hold its share
     * of the budget for that long; a budget past half the heap lets bodies alone fill it.
     */
    @Test
    void aBodyTimeoutPastAnHour_orABudgetPastHalfTheHeap_failsStartup() {
        runner.withPropertyValues("genserver.web.body-timeout=3601s").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("bodyTimeout"));
        runner.withPropertyValues("genserver.web.body-timeout=1h").run(context -> assertThat(context
                .getBean(WebLimitsProperties.class).bodyTimeout()).isEqualTo(Duration.ofHours(1)));
        long half = Runtime.getRuntime().maxMemory() / 2;
        runner.withPropertyValues("genserver.web.max-buffered-bodies=" + (half + 1) + "B").run(context -> assertThat(
                context).getFailure().rootCause().hasMessageContaining("max-buffered-bodies must be positive and at "
                        + "most half the maximum heap (" + half + " bytes)"));
        runner.withPropertyValues("genserver.web.max-buffered-bodies=" + half + "B").run(context -> assertThat(
                context.getBean(WebLimitsProperties.class).bufferedBodiesBytes(1)).isEqualTo(half));
    }

    /** Origins as a browser writes them, so that a listed one matches its Origin header; anything else fails. */
    @Test
    void trustedOrigins_areOriginsAsBrowsersWriteThem_andAnythingElseFailsStartup() {
        runner.run(context -> assertThat(context.getBean(WebLimitsProperties.class).trustedOrigins()).isEmpty());
        runner.withPropertyValues("genserver.web.trusted-origins=HTTPS://API.Example.com:443,http://api.test:8080")
                .run(context -> assertThat(context.getBean(WebLimitsProperties.class).trustedOrigins())
                        .containsExactly("https://api.example.com", "http://api.test:8080"));
        for (String wrong : new String[] {"https://api.example.com/", "https://api.example.com/path", "api.example.com",
                "ftp://api.example.com", "https://user@api.example.com", "null", "https://api.example.com?q",
                "https://api.example.com:99999", "https://api.example.com:0"}) { // ports no origin has: typos
            runner.withPropertyValues("genserver.web.trusted-origins=" + wrong).run(context -> assertThat(context)
                    .getFailure().as(wrong).rootCause().hasMessageContaining("genserver.web.trusted-origins must list "
                            + "origins"));
        }
        runner.withPropertyValues("genserver.web.trusted-origins=https://a.example,,https://b.example")
                .run(context -> assertThat(context).getFailure().rootCause().as("an empty entry, shown as such")
                        .hasMessageEndingWith(": ''"));
    }
}
