package dev.genserver.cluster;

import com.hazelcast.cluster.InitialMembershipEvent;
import com.hazelcast.cluster.InitialMembershipListener;
import com.hazelcast.cluster.MembershipEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once the cluster has grown to as many members as {@code min-members} is no majority of. Two sides of a
 * split may then each reach {@code min-members}, both taking writes, and the merge keeps one side's states only;
 * the setting is read at start-up, when the cluster's eventual size is not known, so this is said when it is seen.
 * Once for each size reached for the first time: a member lost and replaced says nothing again.
 */
final class MajorityWatch implements InitialMembershipListener {

    private static final Logger LOG = LoggerFactory.getLogger(MajorityWatch.class);

    private final int minMembers;
    private int largestSeen; // guarded by this: Hazelcast's event threads may deliver two joins at once

    MajorityWatch(int minMembers) {
        this.minMembers = minMembers;
    }

    @Override
    public void init(InitialMembershipEvent event) {
        seen(event.getMembers().size());
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        seen(event.getMembers().size());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
    }

    /** {@code members} in sight now; called by Hazelcast's event threads, and by tests. */
    synchronized void seen(int members) {
        if (members > largestSeen) {
            largestSeen = members;
            String warning = shortOfMajority(minMembers, members);
            if (warning != null) {
                LOG.warn(warning);
            }
        }
    }

    /** Why {@code minMembers} lets both sides of a split of {@code members} write; null if it does not. */
    static String shortOfMajority(int minMembers, int members) {
        int majority = members / 2 + 1;
        if (minMembers >= majority) {
            return null;
        }
        return "genserver.cluster.min-members is " + minMembers + ", not a majority of the " + members + " members in "
                + "sight: both sides of a split may take writes, and the merge that heals it loses one side's (with "
                + "min-members 1 it also brings back what either side deleted; see the README's \"Run a cluster\"); "
                + "with " + majority + ", a majority, a side short of it refuses them";
    }
}
