package dev.genserver.cluster;

import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.map.IMap;
import dev.genserver.app.OutcomeUnknownException;
import dev.genserver.app.RandomIds;
import dev.genserver.idempotency.IdempotencyStore;
import dev.genserver.idempotency.StoredAnswer;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency keys in cluster mode: one entry per key in the map {@code genserver-idempotency}, backed up
 * synchronously like the processes' states, so a client retrying through another instance after one died finds
 * its first answer. Each operation is an entry processor on the key's owner, atomic per key as the interface asks.
 *
 * <p>The owner decides and the backup copies ({@link OwnerDecides}), after the owner's checks a message to a
 * replicated process makes.
 *
 * <p>A key being handled names the member handling it and a token of its reservation. If that member leaves the
 * cluster (it died, or was cut off and removed) before answering, a repeat of the request takes the key over and
 * runs: in the failover's time, not after the lease. This assumes the lost member's requests died with it. One that
 * was only cut off may still be running; its messages to replicated processes are then recognised by their
 * processes, which remember the ids of keyed messages ({@link ReplicatedProcesses}), but nothing else is, so a job
 * it submitted would be submitted again. A reservation whose member died under it is sent again, and its token
 * tells whether the first attempt took the key, so no reservation is left orphaned by its own request.
 *
 * <p>Bounds. The answers a member stores in its own reservations add up to {@code max-bytes}, the oldest it stored
 * forgotten first ({@link KeptAnswers}); keys spread over the members, so with every member storing answers a member
 * holds about {@code max-bytes} of answers it owns and as much again in backups. The bound is best-effort: an answer
 * whose storing was not confirmed (its owner lost mid-write), that went into another member's reservation (a
 * takeover), or whose forgetting failed is not counted, and leaves with its time to live or the count bound. Besides,
 * two differences from the single instance's store, both Hazelcast's way of bounding a map: a key being handled by a
 * member still in the cluster is held for the lease at most (30 s: a request stuck that long is taken for lost), and
 * an answered key lives {@code ttl} from its answer; past {@code max-entries} per member the least recently used
 * keys are evicted, answered or not, so {@link Claim.Full} is never returned. Hazelcast bounds a map partition by
 * partition ({@code max-entries} × members / partitions each, at least one) and evicts by sampling: close to
 * {@code max-entries} when it is large against the 271 partitions, loose when it is small.
 */
final class ReplicatedIdempotencyStore implements IdempotencyStore {

    static final String MAP = "genserver-idempotency";
    /** Longer than any request may take: the slowest (a slow operation) is its 10 s delay plus a 5 s margin. */
    static final Duration LEASE = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedIdempotencyStore.class);

    private final Supplier<HazelcastInstance> member;
    private final long ttlMillis;
    private final long leaseMillis;
    private final KeptAnswers kept;
    private volatile IMap<String, Held> map;

    /** Answers kept {@code ttl}, those this member stores {@code maxBytes} at most in all. */
    ReplicatedIdempotencyStore(Supplier<HazelcastInstance> member, Duration ttl, long maxBytes) {
        this(member, ttl, LEASE, new KeptAnswers(maxBytes, ttl, Clock.systemUTC()));
    }

    /** For tests: a shorter lease, or another account of the answers kept. */
    ReplicatedIdempotencyStore(Supplier<HazelcastInstance> member, Duration ttl, Duration lease, KeptAnswers kept) {
        this.member = member;
        this.ttlMillis = ttl.toMillis();
        this.leaseMillis = lease.toMillis();
        this.kept = kept;
    }

    /**
     * {@inheritDoc} A reservation whose outcome stays unknown (its backup unconfirmed, a member paused or lost, even
     * after the repeats) is given up in the background: the filter answers 503 without handling the request, and
     * the owner may hold the reservation all the same. Left alone it answered the request's retries 409 for the rest
     * of its 30 s lease, though nothing had been applied (three writes refused for 23 s behind a member paused for
     * 20 s, where the others were accepted again 9 s after the pause began).
     */
    @Override
    public Claim reserve(String key, String fingerprint) {
        UUID here = localMember();
        String token = RandomIds.next();
        Held found;
        try {
            found = reserve(key, new Reserve(fingerprint, here, token, null, leaseMillis));
            if (found != null && found.answer() == null && found.fingerprint().equals(fingerprint)
                    && hasLeft(found.holder())) {
                found = reserve(key, new Reserve(fingerprint, here, token, found.holder(), leaseMillis));
            }
        } catch (OutcomeUnknownException unconfirmed) {
            abandon(key, token);
            throw unconfirmed;
        }
        if (found == null) {
            return new Claim.Reserved();
        }
        if (!found.fingerprint().equals(fingerprint)) {
            return new Claim.Mismatch();
        }
        return found.answer() == null ? new Claim.InProgress() : new Claim.Replay(found.answer());
    }

    /** Runs {@code reserve}, again if its member died first: an attempt that took the key is known by its token. */
    private Held reserve(String key, Reserve reserve) {
        return ReplicatedProcesses.guardedRepeating(() -> map().executeOnKey(key, reserve));
    }

    /**
     * Stores {@code answer}, and accounts for it if it went into this member's own reservation. One that went into
     * another member's (which took the key over from this one, taken for lost) is that member's request's key, and
     * that request may still be running: forgetting its answer would let a repeat run alongside it.
     */
    @Override
    public void complete(String key, String fingerprint, StoredAnswer answer) {
        UUID here = localMember();
        // sent again while a member dies under it: an attempt that already stored it makes the next one a no-op
        Held stored = ReplicatedProcesses.guardedRepeating(() -> map().executeOnKey(key,
                new Complete(fingerprint, answer, ttlMillis, here)));
        if (stored != null && stored.token() != null && here.equals(stored.holder())) {
            kept.add(key, stored.token(), answer.cost()).forEach(this::forget);
        }
    }

    /**
     * Gives up the reservation {@code token} if it holds the key unanswered, not waiting: Hazelcast sends it again
     * until the key's owner has run it (the owner frees the key at once; its backup, once it answers again). A
     * reservation that could not be given up either waits for its lease.
     */
    private void abandon(String key, String token) {
        // indeterminate: the owner has freed the key, and its backup, on the member that did not confirm the
        // reservation, copies that once it answers again
        submitWithoutWaiting(key, new Remove(token, false), failure -> {
            if (!(failure instanceof IndeterminateOperationStateException)
                    && !(failure.getCause() instanceof IndeterminateOperationStateException)) {
                LOG.warn("an Idempotency-Key reserved for a request that was refused could not be given up, so its "
                        + "retries are refused until its lease ends: {}", failure.toString());
            }
        });
    }

    /**
     * Forgets an answer to stay within the bound, unless the key has been stored under anew. Not waited for: the
     * answer is this request's. A forget that fails (the member shutting down, the cluster changing) leaves the
     * answer to its time to live or the count bound, uncounted: the bound is kept on a best-effort basis.
     */
    private void forget(KeptAnswers.Kept answer) {
        submitWithoutWaiting(answer.key(), new Remove(answer.token(), true), failure -> LOG.warn("an idempotency "
                + "key's answer past max-bytes could not be forgotten, so it is kept until its time to live: {}",
                failure.toString()));
    }

    /** Runs {@code remove} on the key's owner without waiting for it; {@code failed} hears of a failure. */
    private void submitWithoutWaiting(String key, Remove remove, Consumer<Throwable> failed) {
        try {
            map().submitToKey(key, remove).whenComplete((ignored, failure) -> {
                if (failure != null) {
                    failed.accept(failure);
                }
            });
        } catch (RuntimeException failure) {
            failed.accept(failure);
        }
    }

    @Override
    public void release(String key, String fingerprint) {
        ReplicatedProcesses.guardedRepeating(() -> map().executeOnKey(key,
                new Complete(fingerprint, null, 0, localMember())));
    }

    @Override
    public long heldKeys() {
        return map().getLocalMapStats().getOwnedEntryCount();
    }

    @Override
    public long answerBytes() {
        return kept.bytes();
    }

    private UUID localMember() {
        return ReplicatedProcesses.guarded(() -> member.get().getCluster().getLocalMember().getUuid());
    }

    /** Whether {@code holder} is a member no longer in this member's view of the cluster. */
    private boolean hasLeft(UUID holder) {
        return holder != null && ReplicatedProcesses.guarded(() -> member.get().getCluster().getMembers().stream()
                .noneMatch(present -> present.getUuid().equals(holder)));
    }

    /**
     * One synchronous backup like the processes' maps; past {@code maxEntries} per member, least recently used; and
     * behind the same split-brain protection. A side with too few members in sight cannot know that the other side
     * has not taken a key meanwhile, so it refuses keys (503) as it refuses messages to replicated processes: else a
     * write nothing else guards (a job submitted) could be accepted once on each side under one key.
     */
    static MapConfig mapConfig(int maxEntries, ClusterProperties properties) {
        return MemberConfig.replicatedMap(MAP, properties)
                .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(maxEntries));
    }

    private IMap<String, Held> map() {
        IMap<String, Held> known = map;
        if (known == null) {
            known = member.get().getMap(MAP);
            map = known;
        }
        return known;
    }

    /**
     * A key's request: its fingerprint, its answer once it has one, the member handling it and the token of its
     * reservation (both null from a version that did not record them).
     */
    record Held(String fingerprint, StoredAnswer answer, UUID holder, String token) implements Serializable {
    }

    /**
     * Takes the key for {@code fingerprint} on behalf of {@code holder} if it is free, or if the member {@code lost}
     * (one that has left the cluster) holds it unanswered for the same request, answering null; answers null too if
     * this reservation's {@code token} holds it already (an earlier attempt of it whose answer was lost); otherwise
     * answers what holds it.
     */
    static final class Reserve extends OwnerDecides<Held, Held> {

        private final String fingerprint;
        private final UUID holder;
        private final String token;
        private final UUID lost;
        private final long leaseMillis;

        Reserve(String fingerprint, UUID holder, String token, UUID lost, long leaseMillis) {
            this.fingerprint = fingerprint;
            this.holder = holder;
            this.token = token;
            this.lost = lost;
            this.leaseMillis = leaseMillis;
        }

        @Override
        Held decide(Map.Entry<String, Held> entry) {
            Held held = entry.getValue();
            if (held != null && token.equals(held.token())) {
                backUp(new Apply<>(held, leaseMillis)); // an earlier attempt took it; its backup may be unconfirmed
                return null;
            }
            boolean free = held == null || lost != null && held.answer() == null && lost.equals(held.holder())
                    && held.fingerprint().equals(fingerprint);
            if (!free) {
                return held;
            }
            write(entry, new Apply<>(new Held(fingerprint, null, holder, token), leaseMillis));
            return null;
        }
    }

    /**
     * Stores the answer of the reservation {@code fingerprint} holds, answering that reservation; or, with a null
     * answer, gives the reservation up if {@code holder} still holds it, so a member taken for lost whose key was
     * taken over cannot free it under its new holder. An answer is stored whoever completes: both are answers to the
     * same request.
     */
    static final class Complete extends OwnerDecides<Held, Held> {

        private final String fingerprint;
        private final StoredAnswer answer;
        private final long ttlMillis;
        private final UUID holder;

        Complete(String fingerprint, StoredAnswer answer, long ttlMillis, UUID holder) {
            this.fingerprint = fingerprint;
            this.answer = answer;
            this.ttlMillis = ttlMillis;
            this.holder = holder;
        }

        @Override
        Held decide(Map.Entry<String, Held> entry) {
            Held held = entry.getValue();
            if (held == null || held.answer() != null || !held.fingerprint().equals(fingerprint)) {
                return null;
            }
            if (answer != null) {
                write(entry, new Apply<>(new Held(fingerprint, answer, held.holder(), held.token()), ttlMillis));
                return held; // the reservation, without the answer: the caller has it, and it may be large
            } else if (held.holder() == null || held.holder().equals(holder)) {
                write(entry, new Apply<>(null, 0));
            }
            return null;
        }
    }

    /**
     * Frees the key if the reservation {@code token} holds it, with an answer ({@code answered}: one forgotten past
     * the bound) or without (a request refused unhandled): never another reservation, nor a request still handled.
     */
    static final class Remove extends OwnerDecides<Held, Held> {

        private final String token;
        private final boolean answered;

        Remove(String token, boolean answered) {
            this.token = token;
            this.answered = answered;
        }

        @Override
        Held decide(Map.Entry<String, Held> entry) {
            Held held = entry.getValue();
            if (held != null && (held.answer() != null) == answered && token.equals(held.token())) {
                write(entry, new Apply<>(null, 0));
            }
            return null;
        }
    }
}
