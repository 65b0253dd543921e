package dev.genserver.events;

import java.io.Serializable;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Result;
import java.util.List;
import java.util.Map;

/**
 * The event log: the seed's section 6 cast, with a bounded buffer instead of an ever-growing list.
 *
 * <pre>{@code
 * def handle_cast({:log_event, event}, state) do         case Log log -> {
 *   new_events = [event | state.events]                      ring.add(log.event(), log.footprint());
 *   {:noreply, %{state | events: new_events}}                yield Result.noreply(ring);
 * end                                                    }
 * }</pre>
 *
 * The seed's list grows without end; here the newest {@code capacity} events are kept, their payloads within
 * {@code maxBytes}, and the counts survive.
 */
final class EventLogServer implements GenServer<EventRing> {

    /** {@code {:log_event, event}} (a cast), with what its payload takes ({@link PayloadFootprint}). */
    record Log(Event event, long footprint) implements Serializable { }

    /** The newest {@code limit} events, newest first. */
    record Newest(int limit) implements Call.Query<List<Event>> { }

    /** All-time totals and per-type counts. */
    record Stats() implements Call.Query<EventStats> { }

    private final int capacity;
    private final int maxTypes;
    private final long maxBytes;

    EventLogServer(int capacity, int maxTypes, long maxBytes) {
        this.capacity = capacity;
        this.maxTypes = maxTypes;
        this.maxBytes = maxBytes;
    }

    @Override
    public Init<EventRing> init() {
        return Init.ok(new EventRing(capacity, maxTypes, maxBytes));
    }

    @Override
    public CallResult<EventRing> handleCall(Call<?> request, From from, EventRing ring) {
        return switch (request) {
            case Newest newest -> newest.reply(ring.newest(newest.limit()), ring);
            case Stats stats -> stats.reply(ring.stats(), ring);
            default -> GenServer.super.handleCall(request, from, ring);
        };
    }

    @Override
    public Result<EventRing> handleCast(Object message, EventRing ring) {
        return switch (message) {
            case Log log -> {
                ring.add(log.event(), log.footprint());
                yield Result.noreply(ring);
            }
            default -> GenServer.super.handleCast(message, ring);
        };
    }

    /**
     * Introspection shows the totals, not the payloads nor the per-type counts: there may be {@code maxTypes} of
     * those, and type names are client text.
     */
    @Override
    public Object formatStatus(EventRing ring) {
        EventStats stats = ring.stats();
        return Map.of("total", stats.total(), "types", stats.byType().size(), "capacity", capacity,
                "bytes", ring.bytes());
    }
}
