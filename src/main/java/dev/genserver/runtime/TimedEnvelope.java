package dev.genserver.runtime;

/**
 * A cast or info that was sampled for the mailbox-wait metric: it carries the {@link System#nanoTime()} it was
 * queued at. A subclass rather than a field on every envelope, so the unsampled majority stays one small object.
 */
final class TimedEnvelope extends Envelope {

    final long queuedAt;

    TimedEnvelope(int kind, Object message, long queuedAt) {
        super(kind, message);
        this.queuedAt = queuedAt;
    }
}
