package dev.genserver.idempotency;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to a completed request, as a repeat of it gets it again. Plain values only (no servlet types), so a
 * store in another process or on another member can keep it.
 *
 * @param status      the HTTP status
 * @param contentType the Content-Type, or null if the answer had none
 * @param headers     the headers the application set while handling the request (Location, Retry-After, …), by
 *                    name; Content-Type and Content-Length are not among them
 * @param body        the body's bytes, empty for none; not copied, and never to be modified
 * @param route       the matched path pattern ({@code /api/stacks/{id}/push}) for the replay's metrics, or null
 */
public record StoredAnswer(int status, String contentType, Map<String, List<String>> headers, byte[] body,
                           String route) implements Serializable {

    /** What keeping an answer costs beyond its body: the entry, the key, the headers, all small. */
    public static final int ENTRY_OVERHEAD = 512;

    public StoredAnswer {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** The bytes a store counts for keeping this answer: its body and {@link #ENTRY_OVERHEAD}. */
    public long cost() {
        return (long) body.length + ENTRY_OVERHEAD;
    }
}
