package dev.genserver.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.partition.InternalPartitionService;
import com.hazelcast.internal.partition.PartitionReplica;
import com.hazelcast.query.impl.QueryableEntry;
import com.hazelcast.spi.exception.RetryableHazelcastException;
import com.hazelcast.spi.exception.SilentException;
import java.util.Map;

/**
 * A write refused on its owner because its partition has no backup to send it to, though the owner sees other
 * members: the backup was on a member just lost (or, to a member resuming from a pause, one it has just dropped),
 * and the master has not assigned and copied a new one yet. Hazelcast then sends no backup
 * ({@code OperationBackupHandler} skips a replica that is missing or not a member) and the write is acknowledged
 * at once, on its owner alone: after a SIGKILL a second loss before the copy is made takes it, and on a member
 * resuming from a pause past the heartbeat timeout, still seeing one other member, a kv put was answered 0.1 s
 * after it resumed, on a stale copy the merge then discarded (a SIGSTOP probe, 1 write lost in 4 pauses of 15 s).
 *
 * <p>Refused so, the write has not run: Hazelcast retries it ({@link RetryableHazelcastException}), every 100 ms
 * at most, and it runs once the new backup is in the partition table (the master commits it there once the copy is
 * made, and a message meanwhile waits for the migration as for any), or it goes to the new owner after a merge, or
 * {@link MinMembers} refuses it once the member sees it is alone. A member that sees no other runs writes without a
 * backup, as Hazelcast does: there is nowhere to send one, and {@code min-members} says whether it may. Silent to
 * Hazelcast, which logs a retried operation's failure only at its finest level anyway. A read confirmed by its
 * backup ({@link Read}) is refused alike: its check would go nowhere, and the owner answer alone, from a stale copy on
 * a member resuming from a pause.
 */
final class NoBackupYetException extends RetryableHazelcastException implements SilentException {

    private NoBackupYetException(int partitionId) {
        super("partition " + partitionId + " has no backup in sight yet; the write waits for one");
    }

    /**
     * Refuses a write to {@code entry} on {@code member}, its owner, when the member sees another member but the
     * entry's partition has no backup replica among the members it sees. A few field reads and a hash of the key's
     * bytes, already serialized.
     *
     * @throws NoBackupYetException when the write would be acknowledged with no backup
     */
    static void ensureBackedUp(HazelcastInstance member, Map.Entry<?, ?> entry) {
        Node node = node(member);
        InternalPartitionService partitions = node.getPartitionService();
        if (partitions.getMaxAllowedBackupCount() == 0) {
            return; // no other data member in sight: no backup to wait for
        }
        // the key as the operation carries it, serialized: its partition is a hash of those bytes
        int partitionId = entry instanceof QueryableEntry<?, ?> carried
                ? partitions.getPartitionId(carried.getKeyData()) : partitions.getPartitionId(entry.getKey());
        PartitionReplica backup = partitions.getPartition(partitionId).getReplica(1);
        if (backup == null || node.getClusterService().getMember(backup.address(), backup.uuid()) == null) {
            throw new NoBackupYetException(partitionId);
        }
    }

    private static Node node(HazelcastInstance member) {
        return member instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal().node
                : ((HazelcastInstanceImpl) member).node;
    }
}
