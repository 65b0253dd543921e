package dev.genserver.cluster;

import com.hazelcast.spi.exception.SilentException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message's run on the backup replica refused, because the backup's copy of the process is not the copy the
 * owner's run found: an earlier message's backup never ran there (Hazelcast drops a backup that reaches a member
 * not yet, or no longer, holding that replica, as partitions migrate), and running this one on the older copy
 * would make a copy that differs from the owner's, which the owner's loss would then promote. Refused, the backup
 * is not acknowledged, so the message is answered 503 {@code indeterminate} rather than acknowledged with a
 * backup that does not hold it. Hazelcast copies the owner's partition over once it sees the gap in the partition's
 * versions, which the refused backup does not show (it leaves the versions as they were): at another key's backup
 * in the partition, or at the owner's next comparison of versions with its backups
 * ({@code hazelcast.partition.backup.sync.interval}, 5 s here). Silent to Hazelcast, which would log each refusal
 * with its stack; {@link #logged} logs it in one line, at most one every ten seconds: until the copy is made, every
 * write and read of the partition's keys is refused, thousands a second under load.
 */
final class DivergedBackupException extends IllegalStateException implements SilentException {

    private static final Logger LOG = LoggerFactory.getLogger(DivergedBackupException.class);
    private static final LogThrottle THROTTLE = new LogThrottle(Duration.ofSeconds(10), System::nanoTime);

    private DivergedBackupException(String service, long ownerFound, long backupHas) {
        super("the backup's copy of a " + service + " process is at version " + backupHas + ", the owner's was at "
                + ownerFound + ": not run again here, so not acknowledged");
    }

    /** The refusal of a backup run ({@link Invoke}'s or {@link Read}'s), logged in one line unless held back. */
    static DivergedBackupException logged(String service, long ownerFound, long backupHas) {
        DivergedBackupException diverged = new DivergedBackupException(service, ownerFound, backupHas);
        long heldBack = THROTTLE.admit();
        if (heldBack == 0) {
            LOG.warn(diverged.getMessage());
        } else if (heldBack > 0) {
            LOG.warn("{} ({} more refused since the last such line)", diverged.getMessage(), heldBack);
        }
        return diverged;
    }
}
