package dev.genserver.runtime;

import java.time.Duration;

/**
 * What a callback knows about the process it runs in: Elixir's {@code self()} and the functions that act on it.
 * Valid only inside a callback; elsewhere every method throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * Process.send_after(self(), :cleanup, 60_000)     Self.sendAfter(Cleanup.INSTANCE, Duration.ofSeconds(60))
 * Process.monitor(pid)                             Self.monitor(pid)
 * Process.demonitor(ref, [:flush])                 Self.demonitorFlush(ref)
 * }</pre>
 */
public final class Self {

    private Self() {
    }

    /** {@code self()}. */
    public static Pid pid() {
        return current();
    }

    /** The runtime the current process belongs to. */
    public static ProcessRuntime runtime() {
        return current().runtime;
    }

    /** {@code Process.send_after(self(), message, delay)}. */
    public static TimerRef sendAfter(Object message, Duration delay) {
        ProcessCell self = current();
        return self.runtime.sendAfter(self, message, delay);
    }

    /** {@code Process.monitor(target)}: a {@link Down} arrives in {@code handleInfo} when {@code target} exits. */
    public static MonitorRef monitor(Pid target) {
        ProcessCell self = current();
        return self.runtime.monitor(self, target);
    }

    /** {@code Process.demonitor(ref)}: true if the monitor was still active. */
    public static boolean demonitor(MonitorRef ref) {
        return current().runtime.demonitor(ref);
    }

    /**
     * {@code Process.demonitor(ref, [:flush, :info])}: as {@link #demonitor}, and a {@link Down} for {@code ref}
     * already in this process's mailbox is dropped rather than handled; see {@link ProcessRuntime#demonitorFlush}.
     */
    public static boolean demonitorFlush(MonitorRef ref) {
        return current().runtime.demonitorFlush(ref);
    }

    private static ProcessCell current() {
        ProcessCell cell = ProcessCell.CURRENT.get();
        if (cell == null) {
            throw new IllegalStateException("Self is only available inside a GenServer callback");
        }
        return cell;
    }
}
