package dev.genserver.keyed;

import java.util.List;

/**
 * One page of a service's keys, sorted: at most {@link #PAGE} of them, and {@code next}, the last, when more follow
 * (null on the last page), to be passed back as {@code after} for the next page. An answer never holds more than a
 * page, however many processes there are; finding it reads every key (bounded by the service's {@code max-count}).
 * A key that exists for the whole of a walk through the pages is on exactly one of them; one created or stopped
 * meanwhile may or may not be.
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
