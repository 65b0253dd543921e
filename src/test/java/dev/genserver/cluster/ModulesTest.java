package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The map settings a service's idle timeout asks for. */
class ModulesTest {

    /**
     * Hazelcast removes an entry idle this long: the idle timeout and the removal margin, but never sooner than a
     * stop's tombstone must answer the stop's retry ({@link Replica#REMEMBERED_FOR_MILLIS}).
     */
    @Test
    void aMapsMaxIdle_isTheIdleTimeoutAndMargin_butNoShorterThanATombstoneIsKept() {
        Modules modules = new Modules();
        modules.idleTimeout("brief", Duration.ofSeconds(5));
        modules.idleTimeout("long", Duration.ofMinutes(10));

        Config config = Modules.configure(modules.into(new Config()));

        assertThat(config.findMapConfig(ClusterConfiguration.MAP_PREFIX + "brief").getMaxIdleSeconds())
                .isEqualTo((int) Duration.ofMillis(Replica.REMEMBERED_FOR_MILLIS).toSeconds());
        assertThat(config.findMapConfig(ClusterConfiguration.MAP_PREFIX + "long").getMaxIdleSeconds())
                .isEqualTo(610);
    }
}
