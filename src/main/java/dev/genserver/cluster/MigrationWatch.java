package dev.genserver.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import java.util.concurrent.atomic.LongAdder;

/**
 * Whether partitions are migrating between members now, told by Hazelcast's migration events, so that the health
 * probe can say so without asking another member ({@code PartitionService.isClusterSafe} would).
 */
final class MigrationWatch implements MigrationListener {

    private volatile boolean migrating;
    /** Primary replicas this member took over: from a member that left (failover) or in a rebalance. */
    private final LongAdder promoted = new LongAdder();
    private final LongAdder migrated = new LongAdder();

    boolean migrating() {
        return migrating;
    }

    Config into(Config config) {
        return config.addListenerConfig(new ListenerConfig(this));
    }

    @Override
    public void migrationStarted(MigrationState state) {
        migrating = true;
    }

    @Override
    public void migrationFinished(MigrationState state) {
        migrating = false;
    }

    /** Primary partitions moved to this member: after a member's loss (no source left) or in a rebalance. */
    long partitionsTaken(boolean failover) {
        return (failover ? promoted : migrated).sum();
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
        if (event.getReplicaIndex() == 0 && event.getDestination() != null && event.getDestination().localMember()) {
            (event.getSource() == null ? promoted : migrated).increment();
        }
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    }
}
