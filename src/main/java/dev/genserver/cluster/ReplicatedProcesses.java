package dev.genserver.cluster;

import com.hazelcast.aggregation.Aggregators;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.core.OperationTimeoutException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.query.PagingPredicate;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.genserver.app.OutcomeUnknownException;
import dev.genserver.app.RandomIds;
import dev.genserver.app.RequestIds;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.keyed.Listing;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.Step;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@link KeyedProcesses} spread over the cluster: each key's state lives in one {@link IMap} entry, on the member
 * owning the key's partition, with one synchronous backup on another member; every message is an {@link Invoke}
 * run there. An answer therefore leaves only after the write is on two members, and the loss of any one member
 * loses no answered write. A cast is applied before it is acknowledged, which is more than OTP's "queued" and
 * what "durably queued on two members" needs.
 *
 * <p>Failures beyond {@link KeyedProcesses}': {@link OutcomeUnknownException} when the member running a write died
 * before answering (it may or may not have been applied; Hazelcast does not retry it, see
 * {@code hazelcast.operation.fail.on.indeterminate.state}); {@link ServiceUnavailableException} while too few
 * members are in sight to write ({@code genserver.cluster.min-members}). The bound on the number of processes is
 * checked against the cluster-wide count before a start, so racing starts (on one member or several) may pass it
 * by their number.
 */
final class ReplicatedProcesses implements KeyedProcesses {

    /** What a member that sees fewer than {@code min-members} members answers (503). */
    static final String TOO_FEW_MEMBERS = "this instance sees fewer cluster members than genserver.cluster.min-members "
            + "(split-brain protection); retry shortly";
    /** The keys drawn by creates with an identity, by the id of their message, for as long as it is remembered. */
    static final String CREATED = "genserver-created-keys";
    /** A read whose member died under it is asked again this many times in all. */
    private static final int READ_ATTEMPTS = 3;
    /** How old, in ms, the estimate of the processes' number may be. */
    private static final long ESTIMATE_AGE = 100;
    /**
     * How long a count over every partition is waited for. Hazelcast waits for one (invokeOnAllPartitions) on a
     * future with no timeout, and one whose member was terminated under it was seen never to complete: a start
     * then hung for minutes in {@code map.size()} (ChurnTest, 2026-12-04). A count takes milliseconds otherwise.
     */
    private static final long COUNT_PATIENCE_MS = 3_000;
    private static final Executor COUNTING = task -> Thread.ofVirtual().name("genserver-count").start(task);

    private final Supplier<HazelcastInstance> member;
    private final String mapName;
    private volatile IMap<String, Replica> map;
    private final String service;
    private final int maxCount;
    private final boolean permanent;
    private final Clock clock;
    private final ClusterMetrics.Routes routes;
    private final LongAdder creates;
    private final boolean confirmedReads;
    private volatile long estimate;
    /** When the count behind {@link #estimate} began. */
    private volatile long estimatedAt = System.nanoTime() - ESTIMATE_AGE * 2_000_000L;
    /** Whether a start is counting the processes for a new estimate: one at a time. */
    private final AtomicBoolean estimating = new AtomicBoolean();
    /** When a count of the processes last found the bound reached. */
    private volatile long fullAt = estimatedAt;

    /**
     * The processes of {@code service} in the cluster {@code member} (once joined) belongs to; their reads confirmed
     * by the backup, or answered by the owner alone ({@link Read}).
     */
    ReplicatedProcesses(Supplier<HazelcastInstance> member, String service, int maxCount, boolean permanent,
            Clock clock, ClusterMetrics metrics, boolean confirmedReads) {
        this.member = member;
        this.mapName = ClusterConfiguration.MAP_PREFIX + service;
        this.service = service;
        this.maxCount = maxCount;
        this.permanent = permanent;
        this.clock = clock;
        this.routes = metrics.routes(service);
        this.creates = permanent ? new LongAdder() : metrics.creates(service); // a singleton is never created
        this.confirmedReads = confirmedReads;
    }

    @Override
    public <R> R call(String key, Call<R> request) {
        return send(key, Invoke.Kind.CALL, request, false);
    }

    @Override
    public <R> R callOrStart(String key, Call<R> request) {
        return send(key, Invoke.Kind.CALL, request, true);
    }

    @Override
    public void cast(String key, Object message) {
        send(key, Invoke.Kind.CAST, message, false);
    }

    @Override
    public void castOrStart(String key, Object message) {
        send(key, Invoke.Kind.CAST, message, true);
    }

    /**
     * A request with an identity (an Idempotency-Key) draws its key once: its retry after a 503 finds the key the
     * first attempt drew, and the process if it was made, instead of making a second one; and room is checked only
     * for a first attempt, so the retry of a create that took the last slot is not refused by its own process.
     */
    @Override
    public String create(Supplier<? extends GenServer<?>> server) {
        String id = RequestIds.next();
        IMap<String, String> created = id == null ? null : member.get().getMap(CREATED);
        String fresh = RandomIds.next();
        String earlier = created == null ? null : guarded(() -> created.get(id));
        if (earlier == null) {
            checkRoom();
            if (created != null) { // a retry is not concurrent with its first attempt: the key is held
                earlier = guarded(() -> created.putIfAbsent(id, fresh, Replica.REMEMBERED_FOR_MILLIS,
                        TimeUnit.MILLISECONDS));
            }
        }
        String key = earlier == null ? fresh : earlier;
        @SuppressWarnings("unchecked")
        GenServer<Object> module = (GenServer<Object>) server.get();
        long now = clock.millis();
        // run as Invoke runs a message: the module reading the time this create carries
        Step<Object> started = PinnedClock.at(now, () -> Step.started(module));
        Replica initial = new Replica(started.state(), null).at(Replica.firstVersion());
        // an init that asks for an idle timeout it would stop on starts the count, as a message's step does in Invoke:
        // a process created and then only read idles out, reads postponing nothing
        long idleMillis = permanent ? 0 : PinnedClock.at(now, () -> Invoke.stopsAfterIdle(module, started));
        // a random key: only a retry of its request writes it again, and finds its first attempt's process
        PutIfAbsent<Replica> create = idleMillis > 0
                ? new PutIfAbsent<>(initial.idleUntil(now + idleMillis), idleMillis + Invoke.REMOVAL_MARGIN.toMillis())
                : new PutIfAbsent<>(initial, -1);
        Replica found = routes.timed(key, () -> guarded(() -> map().executeOnKey(key, create)));
        if (found == null) {
            creates.increment();
        }
        return key;
    }

    @Override
    public void stop(String key) {
        send(key, Invoke.Kind.STOP, null, false);
    }

    @Override
    public List<String> keys(String after, int limit) {
        if (limit < 1) {
            return List.of();
        }
        // Each member sorts its own keys past the cursor and sends at most a page of them, where every key past the
        // cursor crossed the network to be cut here: a page costs the members' scans, not n keys' transfer. No
        // comparator: with one, Hazelcast (5.7, QueryEngineImpl) fetches whole entries to compare, so every process's
        // state on the page crossed the network too; without, keySet sorts the keys by their own order (String's),
        // and only keys travel.
        PagingPredicate<String, Replica> page = Predicates.pagingPredicate(
                new RunningAfter(new Running(clock.millis()), after), limit);
        return Listing.firstAfter(guarded(() -> map().keySet(page)), after, limit);
    }

    /** {@link Running}, and past {@code after} (null: any key): a page of a listing, cut where the entries are. */
    record RunningAfter(Running running, String after) implements Predicate<String, Replica> {
        @Override
        public boolean apply(Map.Entry<String, Replica> entry) {
            return (after == null || entry.getKey().compareTo(after) > 0) && running.apply(entry);
        }
    }

    /** Whether an entry stands for a process at {@code now}: not idled out, not a stop's tombstone. */
    record Running(long now) implements Predicate<String, Replica> {
        @Override
        public boolean apply(Map.Entry<String, Replica> entry) {
            return entry.getValue() != null && !entry.getValue().idledOut(now);
        }
    }

    /**
     * Whether this member owns {@code key} now; {@link ServiceUnavailableException} before it has joined and once
     * it is leaving.
     */
    boolean isLocal(String key) {
        return guarded(() -> ClusterMember.owns(member.get(), key));
    }

    /**
     * Near the bound, a message that may start its process goes first without starting it: only if the key has
     * none does the start cost the check for room, and a second message.
     */
    @SuppressWarnings("unchecked")
    private <R> R send(String key, Invoke.Kind kind, Object message, boolean start) {
        boolean startAtOnce = start && (permanent || !nearTheBound());
        long now = clock.millis();
        String id = RequestIds.next(); // numbered whether or not it is remembered, so a retry numbers alike
        // a query of a request with an identity is remembered like its other messages: the retry of a push that
        // asked the size first must see the size its first attempt saw, not one its own applied push changed
        Outcome outcome = message instanceof Call.Query<?> query && id == null
                ? read(key, Read.of(service, query, now, confirmedReads)) : null;
        if (outcome == null || outcome.kind() == Outcome.Kind.RETRY_AS_WRITE
                || startAtOnce && outcome.kind() == Outcome.Kind.NOPROC) {
            outcome = remembered(key, id, new Invoke(service, kind, message, now, id, startAtOnce, permanent));
        }
        if (start && !startAtOnce && outcome.kind() == Outcome.Kind.NOPROC) {
            MaxChildrenException full = roomOrRefusal();
            // at the bound, the count may have seen a racing first use of this key start it: its process, if so
            outcome = remembered(key, id, new Invoke(service, kind, message, now, id, full == null, permanent));
            if (full != null && outcome.kind() == Outcome.Kind.NOPROC) {
                throw full;
            }
        }
        return switch (outcome.kind()) {
            case HANDLED -> (R) outcome.value();
            case NOPROC -> throw new NoProcessException(service);
            // no pid crosses members; the reason is the exception's class, as the local runtime reports it
            case CRASHED -> throw new ProcessExitException(null, ExitReason.abnormal(outcome.exit()));
            case RETRY_AS_WRITE -> throw new IllegalStateException("a write answered as a read would");
        };
    }

    /**
     * Runs a {@link Read}, again if the member running it died first: Hazelcast cannot tell a read from a write
     * there (it fails either as indeterminate), but a read changes nothing, so asking the new owner is safe and
     * spares the client a 503 during a failover. A read that timed out is not asked again: that would only make
     * its caller wait longer.
     */
    private Outcome read(String key, Read read) {
        for (int attempt = 1; ; attempt++) {
            boolean last = attempt == READ_ATTEMPTS;
            Outcome outcome = routes.timed(key, () -> guarded(() -> {
                try {
                    return map().executeOnKey(key, read);
                } catch (IndeterminateOperationStateException lostWithItsMember) {
                    if (last) {
                        throw lostWithItsMember;
                    }
                    return null; // a read always answers an outcome: null means ask again
                }
            }));
            if (outcome != null) {
                return outcome;
            }
        }
    }

    /**
     * Runs a message that its process remembers if it has an identity ({@link RequestIds}), and tells the request
     * how to forget it if this attempt applied it. One whose outcome is unknown is never forgotten ({@link #guarded}),
     * nor one answered from an earlier attempt's memory, which stays until its minute ends.
     */
    private Outcome remembered(String key, String id, Invoke message) {
        Outcome outcome = execute(key, message);
        // only a handled message is remembered; one answered from an earlier attempt's memory is that attempt's
        if (id != null && outcome.kind() == Outcome.Kind.HANDLED && !outcome.fromMemory()) {
            RequestIds.remembered(() -> guarded(() -> map().executeOnKey(key, new Forget(id))));
        }
        return outcome;
    }

    private Outcome execute(String key, EntryProcessor<String, Replica, Outcome> processor) {
        return routes.timed(key, () -> guarded(() -> map().executeOnKey(key, processor)));
    }

    /**
     * Whether the service may be near its bound: the processes, counted over the cluster at most every
     * {@link #ESTIMATE_AGE} ms, are within {@link #margin} of it. Only then does a start check for room, which costs
     * a count of its own. A count that old misses the starts since; they pass the bound only if more than the margin
     * of them came in those 100 ms, so an estimate is trusted only that long from its count's beginning; while one
     * start counts anew, the others go by the last estimate with twice the margin for another 100 ms, then check for
     * room. The map's size stands for the count while it is further than the margin from the bound; nearer, the
     * processes themselves are counted, because the size also holds entries that stand for no process until
     * Hazelcast removes them (a stop's tombstone for a minute, an idled-out process's, and Hazelcast removes expired
     * entries lazily): with them every start would check for room, a third as many starts a second with 600 such
     * entries beside 500 processes at a bound of 1,000. (This member's share of the entries times the members, as it
     * was estimated before, missed uneven shares: a key's partition is random, and 20 keys over three members are
     * rarely 7, 7, 6.)
     */
    private boolean nearTheBound() {
        if (margin() >= maxCount) {
            return true; // a small bound: every start is checked, and no count is needed to know it
        }
        long now = System.nanoTime();
        if (now - estimatedAt > ESTIMATE_AGE * 1_000_000L) {
            if (!estimating.compareAndSet(false, true)) {
                // another start is counting: the last estimate serves a while longer with twice the margin (starts
                // pass the bound only if two margins of them come in those 200 ms), else this one checks for room
                return now - estimatedAt > 2 * ESTIMATE_AGE * 1_000_000L || estimate + 2L * margin() >= maxCount;
            }
            try {
                long size = counted(map()::size);
                estimate = size + margin() < maxCount ? size : living();
                estimatedAt = now;
            } catch (RuntimeException uncounted) { // a member lost, too few in sight: the start checks for room
                return true;
            } finally {
                estimating.set(false);
            }
        }
        return estimate + margin() >= maxCount;
    }

    /** The service's processes in the cluster: its map's entries but those standing for no process. */
    private long living() {
        return counted(() -> map().aggregate(Aggregators.count(), new Running(clock.millis())));
    }

    /** A tenth of the bound, and at least 100: a small bound is checked on every start. */
    private long margin() {
        return Math.max(maxCount / 10, 100);
    }

    /**
     * Refuses a start at the bound. The map's size also counts entries that stand for no process until Hazelcast
     * removes them (a stop's tombstone, an idled-out process), so only a size at the bound is worth the scan of
     * every entry that counts the processes themselves; and a scan that found the bound reached stands for
     * {@link #ESTIMATE_AGE} ms, so clients retrying at the bound do not each cost one.
     */
    private void checkRoom() {
        MaxChildrenException full = roomOrRefusal();
        if (full != null) {
            throw full;
        }
    }

    /** {@link #checkRoom}'s refusal, or null where there is room. */
    private @Nullable MaxChildrenException roomOrRefusal() {
        if (guarded(() -> counted(map()::size)) < maxCount) {
            return null;
        }
        long now = System.nanoTime();
        if (now - fullAt > ESTIMATE_AGE * 1_000_000L) {
            if (guarded(this::living) < maxCount) {
                return null;
            }
            fullAt = now;
        }
        return new MaxChildrenException(service, maxCount);
    }

    /** {@code count}, run on a thread of its own and waited for at most {@link #COUNT_PATIENCE_MS}. */
    private static <T> T counted(Supplier<T> count) {
        CompletableFuture<T> counting = CompletableFuture.supplyAsync(count, COUNTING);
        try {
            return counting.get(COUNT_PATIENCE_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause
                    : new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw uncounted();
        } catch (TimeoutException unanswered) {
            throw uncounted();
        }
    }

    private static ServiceUnavailableException uncounted() {
        return new ServiceUnavailableException("the processes could not be counted in time; retry shortly");
    }

    private IMap<String, Replica> map() {
        IMap<String, Replica> known = map;
        if (known == null) {
            known = member.get().getMap(mapName);
            map = known;
        }
        return known;
    }

    /** A write lost with its member is sent this many times in all by {@link #guardedRepeating}. */
    static final int WRITE_ATTEMPTS = 3;

    /**
     * {@link #guarded}, sent again while its member dies under it, for an operation that is safe to repeat (the
     * same record again, or one that recognises its own earlier attempt); past {@link #WRITE_ATTEMPTS},
     * {@link OutcomeUnknownException} as ever.
     */
    static <T> T guardedRepeating(Supplier<T> operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return guarded(operation);
            } catch (OutcomeUnknownException lost) {
                if (attempt == WRITE_ATTEMPTS) {
                    throw lost;
                }
            }
        }
    }

    /**
     * Hazelcast's failures as the services' own. An operation whose outcome is unknown tells the request it ran
     * for, so that what the request's processes remember of it stays ({@link RequestIds#outcomeUnknown()}).
     */
    static <T> T guarded(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (IndeterminateOperationStateException | OperationTimeoutException lost) {
            RequestIds.outcomeUnknown();
            throw new OutcomeUnknownException();
        } catch (SplitBrainProtectionException minority) {
            throw new ServiceUnavailableException(TOO_FEW_MEMBERS);
        } catch (NoBackupYetException unbacked) { // retried by Hazelcast for two minutes, never run
            throw new ServiceUnavailableException("no backup of this process's partition in sight; retry shortly");
        } catch (HazelcastInstanceNotActiveException stopping) {
            throw new ServiceUnavailableException("this instance is shutting down; retry on another");
        }
    }
}
