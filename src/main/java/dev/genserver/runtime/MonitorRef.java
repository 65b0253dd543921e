package dev.genserver.runtime;

/** Identifies one monitor, OTP's monitor reference; compared by identity. */
public final class MonitorRef {

    final ProcessCell watcher;
    final ProcessCell target;

    MonitorRef(ProcessCell watcher, ProcessCell target) {
        this.watcher = watcher;
        this.target = target;
    }

    @Override
    public String toString() {
        return "#Reference<" + watcher.id() + "->" + target.id() + "@" + Integer.toHexString(hashCode()) + ">";
    }
}
