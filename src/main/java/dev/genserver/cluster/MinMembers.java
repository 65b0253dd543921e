package dev.genserver.cluster;

import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;

/**
 * The split-brain protection's check, made again by a message where it runs, on the owner, against the member list
 * as it is there. Hazelcast checks its protection before it runs an operation, but updates it on an executor of its
 * own once the member list has changed (SplitBrainProtectionServiceImpl, and every heartbeat interval besides), so for
 * a moment a member left alone still passes it. With no member left to back its partitions up, it then ran writes
 * on its own copies and answered them without a backup, and the merge discarded them: a master paused for 18 s
 * answered a named counter's increment 0.4 s after it resumed with 53, the others having acknowledged 67 (a chaos
 * probe, 2026-12-07). The member list is current where the message runs: it changes before the partitions are
 * given to the members left.
 */
final class MinMembers {

    private MinMembers() {
    }

    /**
     * Refuses (as Hazelcast's protection does) with fewer members in sight of {@code member} than
     * {@code min-members}; nothing when the protection is off.
     *
     * @throws SplitBrainProtectionException with fewer members in sight than the protection asks for
     */
    static void ensureInSight(HazelcastInstance member) {
        SplitBrainProtectionConfig protection = member.getConfig().getSplitBrainProtectionConfigs()
                .get(MemberConfig.SPLIT_BRAIN_PROTECTION);
        if (protection == null || !protection.isEnabled()) {
            return;
        }
        int inSight = member.getCluster().getMembers().size();
        if (inSight < protection.getMinimumClusterSize()) {
            throw new SplitBrainProtectionException(inSight + " members in sight, fewer than the "
                    + protection.getMinimumClusterSize() + " of " + MemberConfig.SPLIT_BRAIN_PROTECTION);
        }
    }
}
