package dev.genserver.cluster;

import dev.genserver.app.Singleton;
import dev.genserver.runtime.Call;
import java.time.Duration;

/**
 * A singleton in cluster mode: the keyed process of its service under the fixed key {@code service}, so it lives
 * on the member owning that key and moves, with its state, when that member goes. Plain messages ({@code send})
 * are handled as casts: a replicated process has no mailbox to put an info message in.
 */
final class ReplicatedSingleton implements Singleton {

    private final ReplicatedProcesses processes;
    private final String key;

    ReplicatedSingleton(ReplicatedProcesses processes, String key) {
        this.processes = processes;
        this.key = key;
    }

    @Override
    public <R> R call(Call<R> request) {
        return processes.callOrStart(key, request);
    }

    /** The timeout is Hazelcast's operation timeout: a partition thread cannot abandon a handler midway. */
    @Override
    public <R> R call(Call<R> request, Duration timeout) {
        return processes.callOrStart(key, request);
    }

    @Override
    public void cast(Object message) {
        processes.castOrStart(key, message);
    }

    @Override
    public void send(Object message) {
        processes.castOrStart(key, message);
    }

    /** Whether this member owns the singleton's key, as this member's partition table says. */
    @Override
    public boolean isLocal() {
        return processes.isLocal(key);
    }
}
