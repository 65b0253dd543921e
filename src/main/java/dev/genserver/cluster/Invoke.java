package dev.genserver.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Step;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One message to a replicated process, run as an entry processor on the partition thread of the member that owns
 * the key, against the state the map holds. That thread is the process's single writer, as a process's turn is:
 * one message at a time, in order, and Hazelcast keeps it so while partitions migrate. Hazelcast then runs the same
 * message on the backup replica before the caller hears back, which is why the message carries the time its
 * handler reads ({@link PinnedClock}): the two runs must agree.
 *
 * <p>OTP's rules hold: a handler that throws crashes the process, so a temporary one is gone (the entry removed)
 * and a permanent one restarts from its initial state. A stop is the local delete's {@code terminate_child}:
 * {@code exit(Pid, shutdown)} ends a process that does not trap exits without {@code terminate}, and no replicated
 * module traps them; a handler's own stop result runs {@code terminate}, as gen_server does.
 *
 * <p>No timer runs beside an entry, so an idle timeout is honoured in the one case a map can honour it: when the
 * module, handed {@link IdleTimeout} in the state the message left, would stop normally (a rate-limit bucket, a
 * breaker once it admits calls again), the replica records when that happens ({@link Replica#idleUntil}), by the
 * message's clock, and every later message sets it again or clears it. From then on owner and backup alike take
 * the entry for no process, without running {@code terminate}; Hazelcast removes it later, by a time to live
 * {@link #REMOVAL_MARGIN} longer. The decision cannot be left to Hazelcast's expiry: a backup expires its copy on
 * its own, up to 10 s after the owner, and a message run on the backup's stale copy would make the two differ.
 * The module's answer is asked, not acted on, and only in a state where it asked for the timeout: a module that
 * does work on a timeout is left as it is.
 */
final class Invoke implements EntryProcessor<String, Replica, Outcome>, HazelcastInstanceAware {

    enum Kind { CALL, CAST, STOP }

    /**
     * How much longer than its idle timeout an idled-out entry stays in the map: enough that Hazelcast, counting by
     * the member's clock, never removes it before the messages' clock has passed its {@link Replica#idleUntil}.
     */
    static final Duration REMOVAL_MARGIN = Duration.ofSeconds(10);

    private final String service;
    private final Kind kind;
    private final Object message;
    private final long now;
    /** The message's identity when its request has one ({@link dev.genserver.app.RequestIds}), else null. */
    private final String id;
    /** Start the process from its module when the key has none. */
    private final boolean start;
    /** A crash or stop restarts it from its initial state (a singleton) rather than ending it. */
    private final boolean permanent;
    /** The run on a backup replica, which repeats the owner's and is not counted again. */
    private final boolean backup;
    /**
     * On the owner, the version of the entry the message found, once it has run; on the backup, the version its
     * copy must have for the message to be run again there.
     */
    private long foundVersion = UNSET;
    /**
     * The version a process this message starts begins at: drawn at random on the owner, taken from the owner on
     * the backup. Never the versions its key had before, so that a backup's copy of a process the owner has since
     * stopped (its stop's backup dropped) cannot pass for the copy of the process started afresh.
     */
    private long startVersion = UNSET;
    private transient HazelcastInstance member;

    private static final long UNSET = Long.MIN_VALUE;

    Invoke(String service, Kind kind, Object message, long now, String id, boolean start, boolean permanent) {
        this(service, kind, message, now, id, start, permanent, false);
    }

    private Invoke(String service, Kind kind, Object message, long now, String id, boolean start,
            boolean permanent, boolean backup) {
        this.service = service;
        this.kind = kind;
        this.message = message;
        this.now = now;
        this.id = id;
        this.start = start;
        this.permanent = permanent;
        this.backup = backup;
    }

    /**
     * The same message, for the backup's copy, which must be the copy the owner's run found. Hazelcast asks for it
     * on the owner after {@link #process} ran there, on the same instance.
     */
    @Override
    public EntryProcessor<String, Replica, Outcome> getBackupProcessor() {
        Invoke again = new Invoke(service, kind, message, now, id, start, permanent, true);
        again.foundVersion = foundVersion;
        again.startVersion = startVersion;
        return again;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Outcome process(Map.Entry<String, Replica> entry) {
        if (!backup) {
            MinMembers.ensureInSight(member); // before Hazelcast's protection has caught up with a loss
            // with another member in sight but none holding this partition's backup, the answer would leave with
            // the write on this member alone: Hazelcast retries it until a backup is assigned
            NoBackupYetException.ensureBackedUp(member, entry);
        }
        Modules modules = Modules.of(member);
        return PinnedClock.at(now, () -> run(modules, entry));
    }

    private Outcome run(Modules modules, Map.Entry<String, Replica> entry) {
        GenServer<Object> module = modules.get(service);
        Replica found = entry.getValue();
        long version = Replica.versionOf(found, now);
        if (!backup) {
            this.foundVersion = version;
        } else if (version != foundVersion) {
            throw DivergedBackupException.logged(service, foundVersion, version);
        }
        Outcome first = found == null ? null : found.answered(id, now);
        if (first != null) {
            return first.givenAgain(); // a retry of a message already applied: answered again, not applied again
        }
        // an entry whose process stopped (idled out, or a keyed stop's tombstone) stands for none; its memory of
        // messages carries over to a new process, so the retry of a stop does not stop a process started since
        Replica replica = found == null || found.idledOut(now) ? null : found;
        Replica before = replica != null ? replica : new Replica(null, found == null ? null : found.recent());
        if (replica == null && !start) {
            return Outcome.NOPROC;
        }
        if (replica == null && !backup) {
            startVersion = Replica.firstVersion();
        } else if (replica == null && startVersion == UNSET) {
            // the owner started nothing (it answered from its memory of the message, which this copy lacks)
            throw DivergedBackupException.logged(service, foundVersion, version);
        }
        long nextVersion = replica == null ? startVersion : version + 1;
        Object state = replica == null ? null : replica.state();
        try {
            if (state == null) {
                state = Step.init(module);
                if (!backup) {
                    modules.firstUses(service).increment();
                }
            }
            if (kind == Kind.STOP) {
                Outcome stopped = Outcome.handled(null);
                if (id == null) {
                    entry.setValue(null);
                } else { // a tombstone that remembers the stop for as long as messages are remembered
                    ((ExtendedMapEntry<String, Replica>) entry).setValue(
                            before.next(null, id, stopped, now).idleUntil(now).at(nextVersion),
                            Replica.REMEMBERED_FOR_MILLIS, TimeUnit.MILLISECONDS);
                }
                return stopped;
            }
            Step<Object> step = kind == Kind.CALL ? Step.call(module, (Call<?>) message, state)
                    : Step.cast(module, message, state);
            if (step.stop() == null) {
                Outcome handled = Outcome.handled(step.reply());
                Replica next = before.next(step.state(), id, handled, now).at(nextVersion);
                long idleMillis = permanent ? 0 : stopsAfterIdle(module, step);
                if (idleMillis > 0) {
                    ((ExtendedMapEntry<String, Replica>) entry).setValue(next.idleUntil(now + idleMillis),
                            idleMillis + REMOVAL_MARGIN.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    entry.setValue(next); // a write without a time to live clears an earlier one
                }
                return handled;
            }
            module.terminate(step.stop(), step.state());
            end(module, entry, nextVersion);
            return kind == Kind.CALL && step.reply() == null && step.stop().isAbnormal()
                    ? Outcome.crashed(step.stop().detail()) : Outcome.handled(step.reply());
        } catch (RuntimeException crash) {
            end(module, entry, nextVersion);
            return Outcome.crashed(crash.getClass().getName());
        }
    }

    /**
     * The idle timeout {@code step} asked for, in ms, if the module would stop normally on it in the state the step
     * left; else 0. Asking runs {@code handleInfo} on that state and keeps nothing of it.
     */
    static long stopsAfterIdle(GenServer<Object> module, Step<Object> step) {
        if (step.idleTimeout() == null) {
            return 0;
        }
        try {
            ExitReason stop = Step.info(module, IdleTimeout.INSTANCE, step.state()).stop();
            return stop != null && !stop.isAbnormal() ? Math.max(1, step.idleTimeout().toMillis()) : 0;
        } catch (RuntimeException wouldCrash) {
            return 0;
        }
    }

    /** Ends the process: gone, or a permanent one restarted from its initial state at {@code nextVersion}. */
    private void end(GenServer<Object> module, Map.Entry<String, Replica> entry, long nextVersion) {
        entry.setValue(permanent ? new Replica(Step.init(module), null).at(nextVersion) : null);
    }
}
