package dev.genserver.idempotency;

/**
 * Where the keys of requests with an {@code Idempotency-Key} and the answers to them are kept. A request
 * {@linkplain #reserve reserves} its key, and once answered either {@linkplain #complete completes} it (the
 * answer is stored and replayed to repeats) or {@linkplain #release releases} it (nothing is stored; the key may be
 * used again). Each operation is atomic per key: of requests reserving one key at once, exactly one is
 * {@link Claim.Reserved}. Implementations are thread-safe, bound what they hold, and forget a key some published
 * time after it was used: {@code ttl} after its answer, both in {@link InMemoryIdempotencyStore}, for a single
 * instance, and in {@code cluster.ReplicatedIdempotencyStore}, which keeps the keys in the cluster beside the
 * replicated state.
 */
public interface IdempotencyStore {

    /**
     * Reserves {@code key} for the request with {@code fingerprint}, or says why not.
     *
     * @param key         the client's key, 1 to 256 characters
     * @param fingerprint what identifies the request (method, path, query, body), compared by equality
     * @return {@link Claim.Reserved}: the caller handles the request and must then call {@link #complete} or
     *         {@link #release}; {@link Claim.Replay}: the key was answered for the same request;
     *         {@link Claim.InProgress}: a request with the same key and fingerprint is being handled;
     *         {@link Claim.Mismatch}: the key belongs to another request; {@link Claim.Full}: the store is full of
     *         requests still being handled and can hold no new key
     */
    Claim reserve(String key, String fingerprint);

    /**
     * Stores {@code answer} for {@code key}, reserved by the request with {@code fingerprint}; repeats of that
     * request get it until the key expires. Does nothing if that reservation is not held.
     */
    void complete(String key, String fingerprint, StoredAnswer answer);

    /**
     * Gives up the reservation of {@code key} made by the request with {@code fingerprint}, storing nothing, so the
     * next request with the key is handled as a first one. Does nothing if that reservation is not held.
     */
    void release(String key, String fingerprint);

    /** How many keys are held, answered or still being handled; in cluster mode, those this member owns. */
    long heldKeys();

    /**
     * What the kept answers count against {@code max-bytes} ({@link StoredAnswer#cost}); in cluster mode, those this
     * member stored.
     */
    long answerBytes();

    /** What {@link #reserve} found. */
    sealed interface Claim {

        /** The key is this request's now: handle it, then complete or release the key. */
        record Reserved() implements Claim {
        }

        /** The same request was answered before: answer it so again and apply nothing. */
        record Replay(StoredAnswer answer) implements Claim {
        }

        /** The same request is being handled right now. */
        record InProgress() implements Claim {
        }

        /** The key was used for a different request. */
        record Mismatch() implements Claim {
        }

        /** Every key held belongs to a request still being handled; none can make room. */
        record Full() implements Claim {
        }
    }
}
