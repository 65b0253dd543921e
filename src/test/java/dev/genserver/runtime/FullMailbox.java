package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/** Fills a {@link Recorder}'s mailbox for the full-mailbox tests and reads back what it handled afterwards. */
final class FullMailbox {

    private final int capacity;
    private final BlockingQueue<Object> events;
    /** The casts {@link #fill} queued, in order. */
    private List<Object> filled = List.of();

    FullMailbox(int capacity, BlockingQueue<Object> events) {
        this.capacity = capacity;
        this.events = events;
    }

    /**
     * Holds the process in a handler and queues casts until the bound refuses one; {@code last} are queued last.
     * What the process recorded before is discarded.
     */
    Recorder.Hold fill(Pid pid, Object... last) {
        Recorder.Hold hold = Recorder.Hold.newHold();
        pid.cast(hold);
        await(hold.entered());
        List<Object> queued = new ArrayList<>();
        for (int i = 1; i <= capacity - last.length; i++) {
            queued.add("queued-" + i);
        }
        queued.addAll(List.of(last));
        queued.forEach(pid::cast);
        assertThatThrownBy(() -> pid.cast("one too many")).isInstanceOf(MailboxFullException.class);
        Fixtures.drain(events);
        filled = queued;
        return hold;
    }

    /** What the process handled after the fill, once checked that the queued casts came first and in order. */
    List<Object> handledAfterFill() {
        List<Object> handled = Fixtures.drain(events);
        Object[] expectedFirst = filled.stream().map(message -> new Recorder.Seen("cast", message)).toArray();
        assertThat(handled).as("every queued cast, in order, before anything else").startsWith(expectedFirst);
        return handled.subList(expectedFirst.length, handled.size());
    }
}
