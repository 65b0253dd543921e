package dev.genserver.keyed;

import java.util.List;

/**
 * One page of a service's keys, sorted: at most {@link #PAGE} of them, and {@code next}, the last, when more follow
 * (null on the last page), to be passed back as {@code after} for the next page. A listing never holds more than a
 * page, however many processes there are.
 */
public record Listing(List<String> keys, String next) {

    /** The keys a page holds at most. */
    public static final int PAGE = 1000;

    /** The page of {@code processes}' keys after {@code after} (null: from the first). */
    public static Listing of(KeyedProcesses processes, String after) {
        List<String> keys = processes.keys(after, PAGE + 1); // one more tells whether more follow
        return keys.size() > PAGE ? new Listing(keys.subList(0, PAGE), keys.get(PAGE - 1)) : new Listing(keys, null);
    }
}
