package dev.genserver.events;

import dev.genserver.app.Singleton;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.runtime.Name;
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
    private final Clock clock;

    EventLog(ProcessDirectory directory, EventsProperties properties, Clock clock) {
        this.clock = clock;
        this.process = directory.singleton(NAME.toString(), null,
                () -> new EventLogServer(properties.capacity(), properties.maxTypes(),
                        properties.maxBytes(Runtime.getRuntime().maxMemory())));
    }

    /**
     * Logs an event (a cast): returns once it is queued, so a later read from the same client sees it. The event
     * is stamped now, when the client logs it, not when the process gets to it. Its payload's size is estimated
     * here, on the caller's thread, not by the log's process, which serves every client.
     */
    public void log(String type, JsonNode payload) {
        process.cast(new EventLogServer.Log(new Event(type, payload, clock.instant()), PayloadFootprint.of(payload)));
    }

    /** The newest {@code limit} events (at most 1000), newest first (a call). */
    public List<Event> newest(int limit) {
        return process.call(new EventLogServer.Newest(limit));
    }

    /** All-time totals and per-type counts (a call). */
    public EventStats stats() {
        return process.call(new EventLogServer.Stats());
    }
}
