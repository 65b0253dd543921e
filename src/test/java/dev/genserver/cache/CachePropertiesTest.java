package dev.genserver.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code genserver.cache.*} binding: the seed's defaults, seconds for bare numbers, and refusals. */
class CachePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(CacheProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaults_areTheSeedsHundredEntriesAndOneHour() {
        runner.run(context -> assertThat(context.getBean(CacheProperties.class))
                .isEqualTo(new CacheProperties(100, Duration.ofSeconds(3600))));
    }

    @Test
    void bareNumber_isSeconds_andSuffixesWork() {
        runner.withPropertyValues("genserver.cache.max-size=3", "genserver.cache.ttl=10")
                .run(context -> assertThat(context.getBean(CacheProperties.class))
                        .isEqualTo(new CacheProperties(3, Duration.ofSeconds(10))));
        runner.withPropertyValues("genserver.cache.ttl=500ms")
                .run(context -> assertThat(context.getBean(CacheProperties.class).ttl()).hasMillis(500));
        runner.withPropertyValues("genserver.cache.ttl=5m")
                .run(context -> assertThat(context.getBean(CacheProperties.class).ttl()).hasMinutes(5));
    }

    @Test
    void zeroSize_orNonPositiveTtl_failsStartup() {
        runner.withPropertyValues("genserver.cache.max-size=0")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("maxSize"));
        runner.withPropertyValues("genserver.cache.ttl=0")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("ttl"));
        runner.withPropertyValues("genserver.cache.ttl=-5s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("ttl"));
    }

    /** The expiry counts in milliseconds: a shorter TTL was counted as none. */
    @Test
    void aTtlUnderAMillisecond_failsStartup_namingIt() {
        runner.withPropertyValues("genserver.cache.ttl=999us")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("ttl"));
        runner.withPropertyValues("genserver.cache.ttl=1ms")
                .run(context -> assertThat(context.getBean(CacheProperties.class).ttl()).hasMillis(1));
    }

    /** The bound past which a TTL is refused: 100 years is never for a cache. */
    @Test
    void aTtlPastAHundredYears_failsStartup_namingIt() {
        runner.withPropertyValues("genserver.cache.ttl=36501d")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("ttl"));
        runner.withPropertyValues("genserver.cache.ttl=36500d")
                .run(context -> assertThat(context.getBean(CacheProperties.class).ttl()).hasDays(36500));
    }
}
