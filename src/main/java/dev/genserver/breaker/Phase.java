package dev.genserver.breaker;

import java.util.Locale;

/** Where a breaker is: closed (calls pass), open (calls refused), half_open (one trial call admitted). */
enum Phase {
    CLOSED, OPEN, HALF_OPEN;

    /** The name on the wire: {@code closed}, {@code open}, {@code half_open}. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
