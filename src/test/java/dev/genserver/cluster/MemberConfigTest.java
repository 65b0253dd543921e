package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import com.hazelcast.spi.merge.PutIfAbsentMergePolicy;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every map whose entries must survive the loss of a member is configured alike: one synchronous backup, and with
 * {@code min-members} above 1 the split-brain protection and a merge that discards the smaller side's entries
 * ({@link MemberConfig#replicatedMap}); without it, Hazelcast's default merge. The map of keys drawn by keyed creates
 * is named outside the services' prefix, so it is listed by name (a review found it on Hazelcast's defaults).
 */
class MemberConfigTest {

    @Test
    void withMinMembers_everyReplicatedMap_isProtected_andDiscardsTheSmallerSidesEntriesAtAMerge() {
        maps(2).forEach(map -> {
            assertThat(map.getBackupCount()).as(map.getName()).isEqualTo(1);
            assertThat(map.getSplitBrainProtectionName()).as(map.getName())
                    .isEqualTo(MemberConfig.SPLIT_BRAIN_PROTECTION);
            assertThat(map.getMergePolicyConfig().getPolicy()).as(map.getName())
                    .isEqualTo(DiscardMergePolicy.class.getName());
        });
    }

    @Test
    void withOneMember_noMapIsProtected_andAMergeKeepsHazelcastsDefault() {
        maps(1).forEach(map -> {
            assertThat(map.getBackupCount()).as(map.getName()).isEqualTo(1);
            assertThat(map.getSplitBrainProtectionName()).as(map.getName()).isNull();
            assertThat(map.getMergePolicyConfig().getPolicy()).as(map.getName())
                    .isEqualTo(PutIfAbsentMergePolicy.class.getName());
        });
    }

    /** The configs a member finds for a service's map, the job records, keyed creates and idempotency keys. */
    private static Stream<MapConfig> maps(int minMembers) {
        ClusterProperties properties = new ClusterProperties(true, "test", 5701, "", List.of(),
                new ClusterProperties.Kubernetes(""), minMembers, Duration.ofSeconds(10), true);
        Config config = MemberConfig.of(properties);
        return Stream.concat(Stream.of(ClusterConfiguration.MAP_PREFIX + "stack", ClusterJobHomes.MAP,
                        ReplicatedProcesses.CREATED).map(config::findMapConfig),
                Stream.of(ReplicatedIdempotencyStore.mapConfig(100, properties)));
    }
}
