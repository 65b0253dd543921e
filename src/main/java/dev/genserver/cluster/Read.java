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
 * order with the process's other messages, but read-only, so Hazelcast sends nothing to the backup and waits for no
 * acknowledgement. A read therefore costs one operation, and one landing just after a member died is not held up
 * by the backups that member will never acknowledge. A query whose handler fails or asks to stop answers
 * {@link Outcome.Kind#RETRY_AS_WRITE}: the caller sends it again as an {@link Invoke}, which applies OTP's rules.
 */
final class Read implements EntryProcessor<String, Replica, Outcome>, ReadOnly, HazelcastInstanceAware {

    private final String service;
    private final Call<?> query;
    private final long now;
    private transient HazelcastInstance member;

    Read(String service, Call.Query<?> query, long now) {
        this.service = service;
        this.query = query;
        this.now = now;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
        this.member = member;
    }

    @Override
    public Outcome process(Map.Entry<String, Replica> entry) {
        Replica replica = entry.getValue();
        if (replica == null || replica.idledOut(now)) {
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

    @Override
    public EntryProcessor<String, Replica, Outcome> getBackupProcessor() {
        return null; // nothing changed: nothing to back up
    }
}
