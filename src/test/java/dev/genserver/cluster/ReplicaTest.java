package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a replicated process remembers of keyed messages: at most {@link Replica#REMEMBERED}, for a minute. */
class ReplicaTest {

    private static final long NOW = 1_000_000;

    /** The 4,097th message pushes out the first; the memory must never fail, which would crash the process. */
    @Test
    void pastItsBound_theMemoryForgetsItsOldest_andKeepsTheRest() {
        Replica.Recent recent = new Replica.Recent();
        for (int i = 0; i <= Replica.REMEMBERED; i++) {
            recent.put("m#" + i, Outcome.handled((long) i), NOW);
        }

        assertThat(recent.answered("m#0", NOW)).isNull();
        assertThat(recent.answered("m#1", NOW).value()).isEqualTo(1L);
        assertThat(recent.answered("m#" + Replica.REMEMBERED, NOW).value()).isEqualTo((long) Replica.REMEMBERED);
    }

    @Test
    void aMessage_isRememberedForAMinute_byTheMessagesClock() {
        Replica.Recent recent = new Replica.Recent();
        recent.put("m#1", Outcome.handled(1L), NOW);

        assertThat(recent.answered("m#1", NOW + Replica.REMEMBERED_FOR_MILLIS).value()).isEqualTo(1L);
        assertThat(recent.answered("m#1", NOW + Replica.REMEMBERED_FOR_MILLIS + 1)).isNull();
        recent.put("m#2", Outcome.handled(2L), NOW + Replica.REMEMBERED_FOR_MILLIS + 1);
        assertThat(recent.forget("m#1")).as("pushed out by the later message").isFalse();
        assertThat(recent.forget("m#2")).isTrue();
    }
}
