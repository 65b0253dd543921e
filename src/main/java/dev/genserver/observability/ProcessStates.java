package dev.genserver.observability;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StatusFormatFailed;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a process's state as its {@code formatStatus} renders it ({@code :sys.get_status}) and bounds it with
 * {@link BoundedJson}. A process too busy to answer in time still has its other fields worth showing, so a
 * timeout is reported beside them instead of failing the request.
 *
 * <p>A read that times out stays queued in the process, as {@code sys:get_status}'s request does in OTP, and
 * system messages pass the mailbox bound. So a read of a process whose earlier read is still waiting shares that
 * read instead of queueing another: an observer panel open on a stuck process, refreshed every second, would
 * otherwise add a message a second for it to work through once it is free. The shared read waits in the
 * background for at most {@link #BACKGROUND_LIMIT}. One instance serves the processes endpoint and the observer.
 *
 * <p>Thread-safe.
 */
@Component
final class ProcessStates {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessStates.class);

    /** The state, or why there is none ({@code timeout}, {@code format_status_failed}, {@code unrenderable}). */
    record Rendered(JsonNode state, String error) { }

    /** How long a read keeps waiting for a busy process after its reader has been told {@code timeout}. */
    static final Duration BACKGROUND_LIMIT = Duration.ofHours(1);

    private final ProcessRuntime runtime;
    private final JsonMapper json;
    private final Duration timeout;
    private final ConcurrentHashMap<Pid, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();

    @Autowired
    ProcessStates(ProcessTree tree, JsonMapper json, ObservabilityProperties properties) {
        this(tree.runtime(), json, properties.statusTimeout());
    }

    ProcessStates(ProcessRuntime runtime, JsonMapper json, Duration timeout) {
        this.runtime = runtime;
        this.json = json;
        this.timeout = timeout;
    }

    /**
     * The state, read inside the process after the messages queued before the read: this call's own, or the one
     * still waiting from an earlier call, which it shares.
     *
     * @throws NoProcessException if the process exits before it answers
     */
    Rendered read(Pid pid) {
        Object status;
        try {
            status = pending.computeIfAbsent(pid, this::startRead).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException busy) {
            return new Rendered(null, "timeout");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return new Rendered(null, "timeout");
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof CallTimeoutException busyForAnHour) {
                return new Rendered(null, "timeout");
            }
            throw switch (failed.getCause()) {
                case ProcessExitException exited -> new NoProcessException("process");
                case RuntimeException other -> other; // NoProcessException: it had exited before the read
                default -> new IllegalStateException(failed.getCause());
            };
        }
        if (status instanceof StatusFormatFailed) {
            return new Rendered(null, "format_status_failed");
        }
        try {
            return new Rendered(BoundedJson.copy(json.valueToTree(status)), null);
        } catch (RuntimeException unrenderable) {
            // A server's formatStatus returned something JSON cannot show; the class name is safe, the value not.
            LOG.warn("the state of {} ({}) cannot be rendered as JSON: {}", pid.id(),
                    status == null ? "null" : status.getClass().getName(), unrenderable.getClass().getName());
            return new Rendered(null, "unrenderable");
        }
    }

    /** The one read of {@code pid} in flight, on a thread of its own; it leaves the map once answered. */
    private CompletableFuture<Object> startRead(Pid pid) {
        CompletableFuture<Object> reading = new CompletableFuture<>();
        Thread.ofVirtual().name("status-read-" + pid.id()).start(() -> {
            try {
                reading.complete(runtime.status(pid, BACKGROUND_LIMIT));
            } catch (Throwable failed) {
                reading.completeExceptionally(failed);
            } finally {
                pending.remove(pid, reading);
            }
        });
        return reading;
    }
}
