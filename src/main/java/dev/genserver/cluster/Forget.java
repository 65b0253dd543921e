package dev.genserver.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.util.Map;

/**
 * Forgets one remembered message of a replicated process ({@link Replica.Recent}), on the owner and then the backup,
 * so that its retry is handled as a first message: for a request whose answer told its client to retry
 * ({@link dev.genserver.app.RequestIds.Scope#forgetMessages()}). The entry keeps its state, its idle deadline and
 * its time to live.
 */
record Forget(String messageId) implements EntryProcessor<String, Replica, Void> {

    @Override
    public Void process(Map.Entry<String, Replica> entry) {
        Replica replica = entry.getValue();
        if (replica != null && replica.recent() != null && replica.recent().forget(messageId)) {
            ((ExtendedMapEntry<String, Replica>) entry).setValueWithoutChangingExpiryTime(replica);
        }
        return null;
    }

    @Override
    public EntryProcessor<String, Replica, Void> getBackupProcessor() {
        return this;
    }
}
