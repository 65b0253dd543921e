package dev.genserver.observability;

/**
 * A view whose stream sends, after its first event, what is new since the event before rather than the whole of
 * it: a chart's points after the last one sent. The overview's five minutes of points, resent each second, made
 * every event 27.7 KB for one new point of each series.
 *
 * @param <T> the view's type
 */
interface Continued<T extends Continued<T>> {

    /** This value as a stream last sent {@code sent} should get it: its points after {@code sent}'s, or all. */
    T after(T sent);
}
