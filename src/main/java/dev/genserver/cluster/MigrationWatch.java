package dev.genserver.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;

/**
 * Whether partitions are migrating between members now, told by Hazelcast's migration events, so that the health
 * probe can say so without asking another member ({@code PartitionService.isClusterSafe} would).
 */
final class MigrationWatch implements MigrationListener {

    private volatile boolean migrating;

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

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    }
}
