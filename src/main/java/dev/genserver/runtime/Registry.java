package dev.genserver.runtime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A unique-key registry of processes, Elixir's {@code Registry} with {@code keys: :unique}. A process is
 * registered when it is started with {@link Name#via(Registry, Object)} and removed when it exits, before its
 * monitors hear of the exit, so a supervisor may restart it under the same key at once.
 *
 * <p>Thread-safe; lookups take no lock.
 */
public final class Registry {

    private final String name;
    private final boolean redactsKeys;
    private final ConcurrentHashMap<Object, ProcessCell> entries = new ConcurrentHashMap<>();

    private Registry(String name, boolean redactsKeys) {
        this.name = Objects.requireNonNull(name, "name");
        this.redactsKeys = redactsKeys;
    }

    /** A new, empty registry; {@code name} labels it in introspection ({@code counters:foo}). */
    public static Registry create(String name) {
        return new Registry(name, false);
    }

    /**
     * A new, empty registry whose keys are secrets (unguessable ids that are the capability to use a process, or
     * who a process serves): a name in it prints as {@code name:<redacted>}, and so does a process registered
     * under it ({@code #PID<0.42.0 stacks:<redacted>>}), so that no report the runtime logs and no exception's
     * message carries a key. Lookups by key are unchanged.
     */
    public static Registry createRedacted(String name) {
        return new Registry(name, true);
    }

    /** The label given to {@link #create}. */
    public String name() {
        return name;
    }

    /** Whether names in this registry print without their keys ({@link #createRedacted}). */
    public boolean redactsKeys() {
        return redactsKeys;
    }

    /**
     * The live process registered under {@code key}: {@code Registry.whereis_name/2}, which checks that the holder
     * is alive, not {@code Registry.lookup/2}, which may answer with a process that has exited and is still listed.
     */
    public Optional<Pid> whereis(Object key) {
        ProcessCell cell = registered(key);
        return cell == null || !cell.isAlive() ? Optional.empty() : Optional.of(cell);
    }

    /** The process holding {@code key}, alive or with its exit still being announced; null if the key is free. */
    ProcessCell registered(Object key) {
        return entries.get(key);
    }

    /**
     * The keys registered now, in no particular order: every process's, as Elixir's {@code Registry.select} with a
     * match on all keys answers, not {@code Registry.keys/2}, which answers the keys of one process.
     */
    public List<Object> keys() {
        return List.copyOf(entries.keySet());
    }

    /** How many keys are registered now. */
    public int size() {
        return entries.size();
    }

    /** Registers {@code cell} unless the key is taken; returns the holder otherwise. */
    ProcessCell register(Object key, ProcessCell cell) {
        return entries.putIfAbsent(key, cell);
    }

    void unregister(Object key, ProcessCell cell) {
        entries.remove(key, cell);
    }
}
