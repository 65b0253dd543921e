package dev.genserver.observability;

import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StatusFormatFailed;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a process's state as its {@code formatStatus} renders it ({@code :sys.get_status}) and bounds it with
 * {@link BoundedJson}. A process too busy to answer in time still has its other fields worth showing, so a
 * timeout is reported beside them instead of failing the request.
 *
 * <p>Thread-safe.
 */
final class ProcessStates {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessStates.class);

    /** The state, or why there is none ({@code timeout}, {@code unrenderable}). */
    record Rendered(JsonNode state, String error) { }

    private final ProcessRuntime runtime;
    private final JsonMapper json;
    private final Duration timeout;

    ProcessStates(ProcessRuntime runtime, JsonMapper json, Duration timeout) {
        this.runtime = runtime;
        this.json = json;
        this.timeout = timeout;
    }

    /**
     * The state, read inside the process after the messages already queued.
     *
     * @throws NoProcessException if the process exits before it answers
     */
    Rendered read(Pid pid) {
        Object status;
        try {
            status = runtime.status(pid, timeout);
        } catch (CallTimeoutException busy) {
            return new Rendered(null, "timeout");
        } catch (ProcessExitException exited) {
            throw new NoProcessException("process");
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
}
