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

    /** True if {@code message} is a {@link Down} whose monitor was removed with flush: it must not be handled. */
    static boolean isFlushedDown(Object message) {
        return message instanceof Down down && down.ref().flushed;
    }

    @Override
    public String toString() {
        return "#Reference<" + watcher.id() + "->" + target.id() + "@" + Integer.toHexString(hashCode()) + ">";
    }
}
