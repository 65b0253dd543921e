package dev.genserver.runtime;

/** Identifies one monitor, OTP's monitor reference; compared by identity. */
public final class MonitorRef {

    final ProcessCell watcher;
    final ProcessCell target;
    /**
     * Set by {@link ProcessRuntime#demonitorFlush}: the watcher drops a {@link Down} for this ref instead of
     * handling it. OTP removes such a DOWN from the queue; our mailbox may only be consumed by its owner, so the
     * owner skips it when it comes up instead.
     */
    private volatile boolean flushed;

    MonitorRef(ProcessCell watcher, ProcessCell target) {
        this.watcher = watcher;
        this.target = target;
    }

    void flush() {
        flushed = true;
    }

    /**
     * True if {@code message}, come up in {@code handler}'s mailbox, is a {@link Down} of {@code handler}'s own
     * monitor removed with flush: it must not be handled. A flush removes the watcher's {@code DOWN} only; one
     * another process was sent (a relay forwarding it) is that process's message.
     */
    static boolean isFlushedDown(Object message, ProcessCell handler) {
        return message instanceof Down down && down.ref().flushed && down.ref().watcher == handler;
    }

    @Override
    public String toString() {
        return "#Reference<" + watcher.id() + "->" + target.id() + "@" + Integer.toHexString(hashCode()) + ">";
    }
}
