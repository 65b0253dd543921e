package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.testing.CapturedLog;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code min-members} short of a majority of the members in sight lets both sides of a split take writes: a warning
 * says so once the cluster has grown that large, since the setting is read before its size is known.
 */
class MajorityWatchTest {

    @RegisterExtension
    final CapturedLog log = new CapturedLog(MajorityWatch.class);

    @Test
    void aMajority_isMoreThanHalfOfTheMembersInSight() {
        assertThat(MajorityWatch.shortOfMajority(1, 1)).isNull();
        assertThat(MajorityWatch.shortOfMajority(2, 2)).isNull();
        assertThat(MajorityWatch.shortOfMajority(2, 3)).isNull();
        assertThat(MajorityWatch.shortOfMajority(3, 4)).isNull();
        assertThat(MajorityWatch.shortOfMajority(3, 5)).isNull();
        assertThat(MajorityWatch.shortOfMajority(1, 2)).contains("min-members is 1, not a majority of the 2 members")
                .contains("with 2, a majority");
        assertThat(MajorityWatch.shortOfMajority(2, 4)).contains("min-members is 2, not a majority of the 4 members")
                .contains("with 3, a majority");
        assertThat(MajorityWatch.shortOfMajority(2, 5)).contains("with 3, a majority");
    }

    @Test
    void warnsOnceForEachSizeFirstReached_notAgainWhenALostMemberIsReplaced() {
        MajorityWatch watch = new MajorityWatch(2);
        watch.seen(1);
        watch.seen(2);
        watch.seen(3);
        assertThat(log.messages()).isEmpty();
        watch.seen(4);
        watch.seen(3);
        watch.seen(4);
        watch.seen(5);
        assertThat(log.messages()).hasSize(2);
        assertThat(log.messages().get(0)).contains("not a majority of the 4 members");
        assertThat(log.messages().get(1)).contains("not a majority of the 5 members");
    }

    @Test
    void aMemberConfiguredByTheService_warnsWhenASecondMemberJoinsWithoutProtection() {
        try (InJvmCluster cluster = new InJvmCluster(2, new Modules())) {
            // each of the two members sees the other join (or finds it there as it starts)
            await().atMost(Duration.ofSeconds(10)).until(() -> log.messages().stream()
                    .filter(message -> message.contains("min-members is 1, not a majority of the 2 members"))
                    .count() == 2);
            assertThat(cluster.members()).hasSize(2);
        }
    }
}
