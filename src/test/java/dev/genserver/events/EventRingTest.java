package dev.genserver.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.IntNode;

class EventRingTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void newest_beforeTheRingIsFull_areNewestFirst() {
        EventRing ring = new EventRing(5, 10, Long.MAX_VALUE);
        add(ring, "a", 1);
        add(ring, "b", 2);

        assertThat(payloads(ring.newest(10))).containsExactly(2, 1);
        assertThat(payloads(ring.newest(1))).containsExactly(2);
    }

    @Test
    void add_beyondCapacity_dropsTheOldest_butKeepsTheCounts() {
        EventRing ring = new EventRing(3, 10, Long.MAX_VALUE);
        for (int i = 1; i <= 7; i++) {
            add(ring, i % 2 == 0 ? "even" : "odd", i);
        }

        assertThat(payloads(ring.newest(50))).containsExactly(7, 6, 5);
        assertThat(ring.stats()).isEqualTo(new EventStats(7, Map.of("even", 3L, "odd", 4L)));
    }

    @Test
    void add_wrapsAroundSeveralTimes_andStaysInOrder() {
        EventRing ring = new EventRing(4, 10, Long.MAX_VALUE);
        for (int i = 1; i <= 10; i++) {
            add(ring, "t", i);
        }

        assertThat(payloads(ring.newest(4))).containsExactly(10, 9, 8, 7);
        assertThat(payloads(ring.newest(2))).containsExactly(10, 9);
    }

    @Test
    void typesBeyondTheCap_areCountedUnderOther_whileKnownTypesKeepTheirOwnCount() {
        EventRing ring = new EventRing(10, 2, Long.MAX_VALUE);
        add(ring, "login", 1);
        add(ring, "logout", 2);
        add(ring, "purchase", 3);
        add(ring, "refund", 4);
        add(ring, "login", 5);

        assertThat(ring.stats().byType()).containsExactly(
                Map.entry("_other", 2L), Map.entry("login", 2L), Map.entry("logout", 1L));
        assertThat(ring.stats().total()).isEqualTo(5);
        assertThat(ring.newest(10).getFirst().type()).isEqualTo("login");
        assertThat(ring.newest(10).get(1).type()).as("events keep their own type").isEqualTo("refund");
    }

    @Test
    void payloadsPastMaxBytes_dropTheOldest_theNewestKeptWhateverItTakes_andAllCounted() {
        EventRing ring = new EventRing(10, 10, 1000);
        ring.add(event(1), 400);
        ring.add(event(2), 400);
        assertThat(ring.bytes()).isEqualTo(800);

        ring.add(event(3), 400); // 1,200 bytes with the first: it goes
        assertThat(payloads(ring.newest(10))).containsExactly(3, 2);
        assertThat(ring.bytes()).isEqualTo(800);

        ring.add(event(4), 5000); // larger than the bound alone: kept, alone
        assertThat(payloads(ring.newest(10))).containsExactly(4);
        assertThat(ring.bytes()).isEqualTo(5000);

        ring.add(event(5), 100);
        assertThat(payloads(ring.newest(10))).containsExactly(5);
        assertThat(ring.bytes()).isEqualTo(100);
        assertThat(ring.stats().total()).isEqualTo(5);
    }

    @Test
    void theBytesOfAnEventOverwrittenWhenTheRingIsFull_areGivenBack() {
        EventRing ring = new EventRing(2, 10, 1000);
        for (int i = 1; i <= 5; i++) {
            ring.add(event(i), 100 * i);
        }

        assertThat(payloads(ring.newest(10))).containsExactly(5, 4);
        assertThat(ring.bytes()).isEqualTo(900);
    }

    private static Event event(int payload) {
        return new Event("t", IntNode.valueOf(payload), T0.plusSeconds(payload));
    }

    private static void add(EventRing ring, String type, int payload) {
        ring.add(new Event(type, IntNode.valueOf(payload), T0.plusSeconds(payload)), 0);
    }

    private static List<Integer> payloads(List<Event> events) {
        return events.stream().map(event -> event.payload().intValue()).toList();
    }
}
