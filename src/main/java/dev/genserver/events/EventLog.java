package dev.genserver.events;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.Singleton;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.StartOptions;
import dev.genserver.web.ApiException;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The event log's client API. Logging is a cast, as the seed's pitfall "Using {@code call} When {@code cast}
 * Would Work" argues:
 * <blockquote>{@code GenServer.call(__MODULE__, {:log, event})  # Blocks caller} … use
 * {@code GenServer.cast(__MODULE__, {:log, event})}</blockquote>
 * A logger needs no answer, so the client returns as soon as the event is in the mailbox; the bounded mailbox
 * is the backpressure (503 {@code overloaded} when it is full).
 *
 * <p>Thread-safe: every method is a message to the {@code events} process.
 */
@Component
public class EventLog {

    static final Name NAME = Name.local("events");
    static final int MAX_TYPE_LENGTH = 64;
    static final int MAX_LIMIT = 1000;

    private final Singleton process;

    EventLog(ProcessTree tree, EventsProperties properties, Clock clock) {
        tree.startChild(ChildSpec.permanent("events",
                        () -> new EventLogServer(properties.capacity(), properties.maxTypes(), clock))
                .withOptions(StartOptions.named(NAME).withService("events")));
        this.process = tree.singleton(NAME);
    }

    /**
     * Logs an event (a cast): returns once it is queued, so a later read from the same client sees it.
     *
     * @throws ApiException 400 if {@code type} is not 1–64 characters
     */
    public void log(String type, JsonNode payload) {
        if (type == null || type.isEmpty() || type.codePointCount(0, type.length()) > MAX_TYPE_LENGTH) {
            throw ApiException.invalid("type must be 1 to " + MAX_TYPE_LENGTH + " characters");
        }
        process.pid().cast(new EventLogServer.Log(type, payload));
    }

    /**
     * The newest {@code limit} events, newest first (a call).
     *
     * @throws ApiException 400 if {@code limit} is outside 1..1000
     */
    public List<Event> newest(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit must be between 1 and " + MAX_LIMIT);
        }
        return process.pid().call(new EventLogServer.Newest(limit));
    }

    /** All-time totals and per-type counts (a call). */
    public EventStats stats() {
        return process.pid().call(new EventLogServer.Stats());
    }
}
