package dev.genserver.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.Step;
import java.util.Map;

/**
 * A {@link Call.Query} to a replicated process: run on the owner's partition thread like an {@link Invoke}, in
 * order with the process's other messages, changing nothing. A query whose handler fails or asks to stop answers
 * {@link Outcome.Kind#RETRY_AS_WRITE}: the caller sends it again as an {@link Invoke}, which applies OTP's rules.
 *
 * <p>Its answer waits for the backup, like a write's. A write is applied on the owner before its backup runs, and a
 * read in between would see a state that only the owner holds: if the owner is then lost, the promoted backup lacks
 * it, and a value that was read goes back (a linearizability probe saw a counter read 2 and then 1, and a popped
 * item come back, with the backup member paused). So the read's backup run checks that the backup's copy is at
 * the version the owner's run found, as a message's does ({@link Invoke}), and refuses otherwise: unacknowledged,
 * the read fails as indeterminate and is asked again, never answered with what the backup does not hold. Backups of
 * a partition run in order, so by then every write the read saw has run there or been dropped. It costs a read
 * the backup's round trip, about half the reads a second, and while a backup member is gone but not yet declared
 * dead, its reads fail as its writes do. With {@code genserver.cluster.confirmed-reads=false} a read is
 * {@link FromOwner}: read-only, answered by the owner alone, and open to the value taken back.
 */
class Read implements EntryProcessor<String, Replica, Outcome>, HazelcastInstanceAware {

    private final String service;
    private final Call<?> query;
    private final long now;
    /** The run on the backup's copy, which only checks it. */
    private final boolean backup;
    /** On the owner, the version of the entry the query found, once run; on the backup, the one its copy must have. */
    private long foundVersion = Long.MIN_VALUE;
    private transient HazelcastInstance member;

    Read(String service, Call.Query<?> query, long now) {
        this(service, query, now, false);
    }

    /** A read of {@code query} at {@code now}: confirmed by the backup, or answered by the owner alone. */
    static Read of(String service, Call.Query<?> query, long now, boolean confirmed) {
        return confirmed ? new Read(service, query, now) : new FromOwner(service, query, now);
    }

    private Read(String service, Call<?> query, long now, boolean backup) {
        this.service = service;
        this.query = query;
        this.now = now;
        this.backup = backup;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Outcome process(Map.Entry<String, Replica> entry) {
        Replica replica = entry.getValue();
        long version = Replica.versionOf(replica, now);
        if (backup) {
            if (version != foundVersion) {
                throw DivergedBackupException.logged(service, foundVersion, version);
            }
            return null;
        }
        MinMembers.ensureInSight(member); // a state that only a member left alone holds may be behind the others'
        ensureConfirmable(entry);
        foundVersion = version;
        if (version == Replica.NO_PROCESS) {
            return Outcome.NOPROC;
        }
        return PinnedClock.at(now, () -> {
            try {
                Step<Object> step = Step.call(Modules.of(member).get(service), query, replica.state());
                return step.stop() == null ? Outcome.handled(step.reply()) : Outcome.RETRY_AS_WRITE;
            } catch (RuntimeException crash) {
                return Outcome.RETRY_AS_WRITE;
            }
        });
    }

    /**
     * With no backup replica among the members in sight, Hazelcast sends the check nowhere and the owner answers
     * alone: on a member resuming from a pause that still sees one other member, from a copy the others have moved
     * past. So the read waits for a backup as a write does ({@link NoBackupYetException}).
     */
    void ensureConfirmable(Map.Entry<String, Replica> entry) {
        NoBackupYetException.ensureBackedUp(member, entry);
    }

    /** The check of the backup's copy; Hazelcast asks for it on the owner after {@link #process} ran there. */
    @Override
    public EntryProcessor<String, Replica, Outcome> getBackupProcessor() {
        Read check = new Read(service, null, now, true); // the query is not run there: not sent
        check.foundVersion = foundVersion;
        return check;
    }

    /**
     * A read answered by the owner alone: read-only, so Hazelcast sends nothing to the backup and waits for no
     * acknowledgement.
     */
    static final class FromOwner extends Read implements ReadOnly {

        FromOwner(String service, Call.Query<?> query, long now) {
            super(service, query, now);
        }

        @Override
        void ensureConfirmable(Map.Entry<String, Replica> entry) {
            // answered by the owner alone in any case
        }

        @Override
        public EntryProcessor<String, Replica, Outcome> getBackupProcessor() {
            return null; // nothing changed, and nothing to confirm
        }
    }
}
