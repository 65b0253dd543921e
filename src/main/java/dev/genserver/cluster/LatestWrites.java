package dev.genserver.cluster;

import com.hazelcast.core.IndeterminateOperationStateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes that must neither wait nor be lost, each replacing one record: a job's end, its forgetting. Per record one
 * write is in flight at a time, so they land in the order they were made, and a write made meanwhile replaces any
 * still waiting: only the latest says what the record should be. A write lost with the member running it
 * (indeterminate) is sent again at once, up to {@link ReplicatedProcesses#WRITE_ATTEMPTS} in all, which is safe
 * because writing the same thing twice changes nothing; one refused (too few members in sight) or still failing
 * waits for {@link #resendFailed}.
 *
 * <p>Thread-safe. One lock guards all records: such writes come a few a second at most.
 */
final class LatestWrites {

    private static final Logger LOG = LoggerFactory.getLogger(LatestWrites.class);

    /** How often {@link #awaitWritten} sends failed writes again. */
    private static final Duration RESEND_WHILE_AWAITED = Duration.ofMillis(200);

    private final String what;
    private final Map<String, Pending> pending = new HashMap<>(); // guarded by this

    /** {@code what} names the records in the log ("a job's record"). */
    LatestWrites(String what) {
        this.what = what;
    }

    /** A record's latest write, whether a write of it is in flight, and whether its failure was logged. */
    private static final class Pending {
        Supplier<CompletionStage<?>> latest;
        boolean inFlight;
        boolean warned;
    }

    /** Sends {@code write} to the record {@code key} now, or once the write in flight there has come back. */
    void write(String key, Supplier<CompletionStage<?>> write) {
        synchronized (this) {
            Pending record = pending.computeIfAbsent(key, absent -> new Pending());
            record.latest = write;
            if (record.inFlight) {
                return;
            }
            record.inFlight = true;
        }
        send(key, write, ReplicatedProcesses.WRITE_ATTEMPTS);
    }

    /** Sends again the latest write of each record whose last one failed. */
    void resendFailed() {
        resendFailed(key -> true);
    }

    private void resendFailed(Predicate<String> which) {
        List<Map.Entry<String, Supplier<CompletionStage<?>>>> due = new ArrayList<>();
        synchronized (this) {
            pending.forEach((key, record) -> {
                if (!record.inFlight && which.test(key)) {
                    record.inFlight = true;
                    due.add(Map.entry(key, record.latest));
                }
            });
        }
        due.forEach(write -> send(write.getKey(), write.getValue(), ReplicatedProcesses.WRITE_ATTEMPTS));
    }

    /**
     * Waits, at most {@code patience}, until every record's latest write is taken, sending failed ones again at once
     * and every {@link #RESEND_WHILE_AWAITED} meanwhile (the instance is stopping: its scheduled resending may have
     * ended); whether none is left.
     */
    boolean awaitWritten(Duration patience) throws InterruptedException {
        return awaitWritten(null, patience);
    }

    /**
     * {@link #awaitWritten(Duration)} for the record {@code key} alone (null: every record): the others are neither
     * awaited nor sent.
     */
    boolean awaitWritten(@Nullable String key, Duration patience) throws InterruptedException {
        Predicate<String> which = key == null ? any -> true : key::equals;
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            resendFailed(which);
            synchronized (this) {
                boolean written = key == null ? pending.isEmpty() : !pending.containsKey(key);
                long left = deadline - System.nanoTime();
                if (written || left <= 0) {
                    return written;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, RESEND_WHILE_AWAITED.toNanos()));
            }
        }
    }

    /** How many records have a write not yet taken. */
    synchronized int unwritten() {
        return pending.size();
    }

    private void send(String key, Supplier<CompletionStage<?>> write, int attempts) {
        CompletionStage<?> sent;
        try {
            sent = write.get();
        } catch (RuntimeException failure) { // no member to send it through: not joined, or leaving
            sent = CompletableFuture.failedFuture(failure);
        }
        sent.whenComplete((done, failure) -> cameBack(key, write, attempts, failure));
    }

    private void cameBack(String key, Supplier<CompletionStage<?>> write, int attempts, Throwable failure) {
        Supplier<CompletionStage<?>> next = write;
        int nextAttempts = ReplicatedProcesses.WRITE_ATTEMPTS;
        synchronized (this) {
            Pending record = pending.get(key);
            if (record.latest != write) {
                next = record.latest; // made while this one was out: it goes now, whatever became of this one
            } else if (failure == null) {
                pending.remove(key);
                notifyAll(); // a stopping instance may wait for the last one (awaitWritten)
                if (record.warned) {
                    LOG.info("{} was updated after all", what);
                }
                return;
            } else if (attempts > 1 && unwrap(failure) instanceof IndeterminateOperationStateException) {
                nextAttempts = attempts - 1;
            } else {
                record.inFlight = false;
                if (!record.warned) {
                    record.warned = true;
                    LOG.warn("{} could not be updated, and will be sent again: {}", what, unwrap(failure).toString());
                }
                return;
            }
        }
        send(key, next, nextAttempts);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause()
                : failure;
    }
}
