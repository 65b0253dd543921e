package dev.genserver.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.springframework.util.unit.DataSize;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code genserver.idempotency.*} binding: its defaults, seconds for bare numbers, and refusals. */
class IdempotencyPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(IdempotencyProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaults_areTenThousandKeysForADay() {
        runner.run(context -> assertThat(context.getBean(IdempotencyProperties.class))
                .isEqualTo(new IdempotencyProperties(10_000, Duration.ofHours(24), null)));
    }

    /**
     * A fixed 64MB by default was half of a 128MB heap, held for a day: a probe's keyed pops of 1MB items ran such
     * an instance out of memory at the 67th.
     */
    @Test
    void theDefaultByteBudget_isATenthOfTheHeap_from64KilobytesTo64Megabytes() {
        runner.run(context -> {
            IdempotencyProperties defaults = context.getBean(IdempotencyProperties.class);
            assertThat(defaults.maxBytes(DataSize.ofMegabytes(128).toBytes()))
                    .isEqualTo(DataSize.ofMegabytes(128).toBytes() / 10);
            assertThat(defaults.maxBytes(DataSize.ofGigabytes(1).toBytes())).isEqualTo(DataSize.ofMegabytes(64)
                    .toBytes());
            assertThat(defaults.maxBytes(DataSize.ofKilobytes(100).toBytes())).isEqualTo(DataSize.ofKilobytes(64)
                    .toBytes());
        });
        runner.withPropertyValues("genserver.idempotency.max-bytes=100MB").run(context -> assertThat(context
                .getBean(IdempotencyProperties.class).maxBytes(DataSize.ofMegabytes(128).toBytes()))
                .isEqualTo(DataSize.ofMegabytes(100).toBytes()));
    }

    @Test
    void bareNumber_isSeconds() {
        runner.withPropertyValues("genserver.idempotency.max-entries=5", "genserver.idempotency.ttl=60")
                .run(context -> assertThat(context.getBean(IdempotencyProperties.class))
                        .isEqualTo(new IdempotencyProperties(5, Duration.ofMinutes(1), null)));
    }

    @Test
    void noEntries_orNonPositiveTtl_failsStartup() {
        runner.withPropertyValues("genserver.idempotency.max-entries=0")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("maxEntries"));
        runner.withPropertyValues("genserver.idempotency.ttl=0")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("ttl"));
    }

    /** A budget smaller than an answer keeps nothing: every keyed retry would be applied again, without a word. */
    @Test
    void aByteBudgetUnder64Kilobytes_failsStartup() {
        for (String bytes : new String[] {"1B", "0", "65535B"}) {
            runner.withPropertyValues("genserver.idempotency.max-bytes=" + bytes).run(context -> assertThat(context)
                    .getFailure().rootCause().as(bytes).hasMessageContaining("max-bytes must be at least 64KB"));
        }
        runner.withPropertyValues("genserver.idempotency.max-bytes=64KB").run(context -> assertThat(
                context.getBean(IdempotencyProperties.class).maxBytes()).isEqualTo(DataSize.ofKilobytes(64)));
    }

    /**
     * Past 100 years a key's expiry instant overflowed when its answer was stored, after the write was applied:
     * every keyed write answered 500, and its retry applied it again. Such a ttl now fails startup.
     */
    @Test
    void aTtlPastAHundredYears_failsStartup() {
        runner.withPropertyValues("genserver.idempotency.ttl=36501d")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("ttl"));
        runner.withPropertyValues("genserver.idempotency.ttl=36500d").run(context -> assertThat(
                context.getBean(IdempotencyProperties.class).ttl()).hasDays(36500));
    }

    /** A budget past half the heap lets kept answers alone run the instance out of memory: refused at start. */
    @Test
    void aByteBudgetPastHalfTheHeap_failsStartup() {
        long half = Runtime.getRuntime().maxMemory() / 2;
        runner.withPropertyValues("genserver.idempotency.max-bytes=" + (half + 1) + "B").run(context -> assertThat(
                context).getFailure().rootCause().hasMessageContaining("max-bytes must be at most half the maximum "
                        + "heap (" + half + " bytes)"));
        runner.withPropertyValues("genserver.idempotency.max-bytes=" + half + "B").run(context -> assertThat(
                context.getBean(IdempotencyProperties.class).maxBytes()).isEqualTo(DataSize.ofBytes(half)));
    }
}
