package dev.genserver.keyed;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.GenServer;
import java.util.List;
import java.util.function.Supplier;

/**
 * The processes of one service, one per key, each started on first use from the service's server module. In
 * Elixir:
 * <pre>{@code
 * DynamicSupervisor.start_child(Sup,                    processes.callOrStart(key, req)
 *   {Mod, name: {:via, Registry, {Reg, key}}})          (:already_started counts as started)
 * GenServer.call({:via, Registry, {Reg, key}}, req)     processes.call(key, req)
 * GenServer.cast({:via, Registry, {Reg, key}}, msg)     processes.cast(key, msg)
 * }</pre>
 * The one seam services reach their processes through (docs/architecture.md): no pid crosses it, and the
 * {@link ProcessDirectory} alone decides what stands behind a key. Failures are {@code noproc} (also for a process
 * stopped under the message), {@code max_children} and {@code unavailable}, never naming the key, which may be a
 * capability. Thread-safe; two first uses of one key start one process.
 *
 * <p>A module's call handlers must not stop their process without replying: the caller could not tell that exit
 * from a stop under its message, and would send the message again to a fresh process.
 */
public interface KeyedProcesses {

    /** {@code GenServer.call/2} to the process for {@code key}; a key without one is {@code noproc}. */
    <R> R call(String key, Call<R> request);

    /** {@link #call}, starting the process from the module if there is none, or afresh if it stops meanwhile. */
    <R> R callOrStart(String key, Call<R> request);

    /** {@code GenServer.cast/2}, once accepted; a key without a process is refused with noproc, not dropped. */
    void cast(String key, Object message);

    /** {@link #cast}, starting the process from the module if there is none, or afresh if it stops meanwhile. */
    void castOrStart(String key, Object message);

    /** Starts a process from {@code server} under a new random key (an unguessable capability); returns the key. */
    String create(Supplier<? extends GenServer<?>> server);

    /** {@code DynamicSupervisor.terminate_child/2}: the process ends, then the key is free; else noproc. */
    void stop(String key);

    /**
     * The keys with a process now, sorted, those after {@code after} (null: from the first), at most {@code limit}
     * of them: one page of a listing, whose next page starts after its last key.
     */
    List<String> keys(String after, int limit);
}
