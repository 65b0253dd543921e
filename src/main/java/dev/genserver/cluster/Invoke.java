package dev.genserver.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Step;
import java.util.Map;

/**
 * One message to a replicated process, run as an entry processor on the partition thread of the member that owns
 * the key, against the state the map holds. That thread is the process's single writer, as a process's turn is:
 * one message at a time, in order, and Hazelcast keeps it so while partitions migrate. Hazelcast then runs the same
 * message on the backup replica before the caller hears back, which is why the message carries the time its
 * handler reads ({@link PinnedClock}): the two runs must agree.
 *
 * <p>OTP's rules hold: a handler that throws crashes the process, so a temporary one is gone (the entry removed)
 * and a permanent one restarts from its initial state; a stop runs {@code terminate} and ends it the same way.
 */
final class Invoke implements EntryProcessor<String, Object, Outcome>, HazelcastInstanceAware {

    enum Kind { CALL, CAST, STOP }

    private final String service;
    private final Kind kind;
    private final Object message;
    private final long now;
    /** Start the process from its module when the key has none. */
    private final boolean start;
    /** A crash or stop restarts it from its initial state (a singleton) rather than ending it. */
    private final boolean permanent;
    /** The run on a backup replica, which repeats the owner's and is not counted again. */
    private final boolean backup;
    private transient HazelcastInstance member;

    Invoke(String service, Kind kind, Object message, long now, boolean start, boolean permanent) {
        this(service, kind, message, now, start, permanent, false);
    }

    private Invoke(String service, Kind kind, Object message, long now, boolean start, boolean permanent,
            boolean backup) {
        this.service = service;
        this.kind = kind;
        this.message = message;
        this.now = now;
        this.start = start;
        this.permanent = permanent;
        this.backup = backup;
    }

    @Override
    public EntryProcessor<String, Object, Outcome> getBackupProcessor() {
        return new Invoke(service, kind, message, now, start, permanent, true);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Outcome process(Map.Entry<String, Object> entry) {
        Modules modules = Modules.of(member);
        return PinnedClock.at(now, () -> run(modules, entry));
    }

    private Outcome run(Modules modules, Map.Entry<String, Object> entry) {
        GenServer<Object> module = modules.get(service);
        Object state = entry.getValue();
        if (state == null && !start) {
            return Outcome.NOPROC;
        }
        try {
            if (state == null) {
                state = Step.init(module);
                if (!backup) {
                    modules.firstUses(service).increment();
                }
            }
            if (kind == Kind.STOP) {
                module.terminate(ExitReason.SHUTDOWN, state);
                entry.setValue(null);
                return Outcome.handled(null);
            }
            Step<Object> step = kind == Kind.CALL ? Step.call(module, (Call<?>) message, state)
                    : Step.cast(module, message, state);
            if (step.stop() == null) {
                entry.setValue(step.state());
                return Outcome.handled(step.reply());
            }
            module.terminate(step.stop(), step.state());
            end(module, entry);
            return kind == Kind.CALL && step.reply() == null && step.stop().isAbnormal()
                    ? Outcome.crashed(step.stop().detail()) : Outcome.handled(step.reply());
        } catch (RuntimeException crash) {
            end(module, entry);
            return Outcome.crashed(crash.getClass().getName());
        }
    }

    private void end(GenServer<Object> module, Map.Entry<String, Object> entry) {
        entry.setValue(permanent ? Step.init(module) : null);
    }
}
