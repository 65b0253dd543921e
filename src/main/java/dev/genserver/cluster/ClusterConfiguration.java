package dev.genserver.cluster;

import dev.genserver.app.ClusterMode;
import dev.genserver.app.ProcessTree;
import dev.genserver.idempotency.IdempotencyProperties;
import dev.genserver.idempotency.IdempotencyStore;
import dev.genserver.jobs.JobHomes;
import dev.genserver.keyed.LocalProcessDirectory;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.observability.Members;
import dev.genserver.observability.RuntimeMetrics;
import dev.genserver.runtime.ProcessRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * Cluster mode, when {@code genserver.cluster.enabled} is true: this instance's embedded Hazelcast member and the
 * {@link ProcessDirectory} that routes through it. Without the property none of this exists, no member starts and
 * no port opens.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ClusterMode.On.class)
class ClusterConfiguration {

    /** The maps holding replicated processes' states are {@code genserver.<service>}. */
    static final String MAP_PREFIX = "genserver.";

    /** Filled by the directory as the services are made, before the member joins. */
    @Bean
    Modules clusterModules() {
        return new Modules();
    }

    @Bean
    ClusterMember clusterMember(ClusterProperties properties, IdempotencyProperties idempotency, Modules modules,
            MigrationWatch migrations) {
        return new ClusterMember(migrations.into(modules.into(MemberConfig.of(properties)
                .addMapConfig(ReplicatedIdempotencyStore.mapConfig(idempotency.maxEntries(), properties)))));
    }

    /** The idempotency keys in the cluster, so a retry through another instance finds its first answer. */
    @Bean
    IdempotencyStore replicatedIdempotencyStore(ClusterMember member, IdempotencyProperties idempotency) {
        return new ReplicatedIdempotencyStore(member::instance, idempotency.ttl(),
                idempotency.maxBytes(Runtime.getRuntime().maxMemory()));
    }

    @Bean
    MigrationWatch migrationWatch() {
        return new MigrationWatch();
    }

    /** Handlers run twice per write (owner and backup) and must read the same time: see {@link PinnedClock}. */
    @Bean
    @Primary
    Clock pinnedClock() {
        return new PinnedClock(Clock.systemUTC());
    }

    @Bean
    ClusterMetrics clusterMetrics(ClusterMember member, MigrationWatch migrations, ClockOffset clockOffset,
            MeterRegistry registry) {
        ClusterMetrics metrics = new ClusterMetrics(member, registry);
        metrics.bind(migrations);
        metrics.bind(clockOffset);
        return metrics;
    }

    @Bean
    ProcessDirectory clusterProcessDirectory(ClusterMember member, Modules modules, ProcessTree tree, Clock clock,
            ClusterMetrics metrics, ClusterProperties properties) {
        return new ClusterProcessDirectory(member, modules, new LocalProcessDirectory(tree), clock, metrics,
                properties.confirmedReads());
    }

    /** The observer's members view: every member, with the processes it hosts. */
    @Bean
    Members clusterMembers(ClusterMember member, Modules modules, ProcessRuntime runtime, RuntimeMetrics metrics) {
        return new ClusterMembers(member, modules, runtime, metrics::services);
    }

    @Bean
    JobHomes clusterJobHomes(ClusterMember member, Modules modules) {
        return new ClusterJobHomes(member, modules);
    }

    @Bean
    ClusterHealthIndicator clusterHealthIndicator(ClusterMember member, MigrationWatch migrations,
            ClusterProperties properties, ClockOffset clockOffset) {
        return new ClusterHealthIndicator(member, migrations, properties.minMembers(), clockOffset);
    }

    /** This member's clock against the master's: in health, in a metric, and a warning past a second. */
    @Bean
    ClockOffset clockOffset(ClusterMember member) {
        return new ClockOffset(member, System::currentTimeMillis, new LogThrottle(Duration.ofMinutes(1),
                System::nanoTime));
    }
}
