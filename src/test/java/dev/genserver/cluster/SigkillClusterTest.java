package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.cluster.ClusterClient.Answer;
import dev.genserver.cluster.ClusterClient.Fate;
import dev.genserver.observability.ObservabilityProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.IntSupplier;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The real crash: three instances of the application in JVMs of their own on loopback, clients writing through
 * all three to named counters, stacks and kv stores, and one instance SIGKILLed mid-run. Each write is recorded as
 * acknowledged (2xx), refused (4xx) or unknown (5xx, broken connection, timeout). Afterwards, through both
 * survivors: every counter lies between its acknowledged increments and those plus the unknown ones; every stack
 * holds its acknowledged pushes in push order, with nothing but unknown pushes between them; every acknowledged kv
 * put reads back unless a delete of it was sent. Deletes are writes too: the writers delete entries they put and
 * counters they started, and an acknowledged delete must not be undone by the failover (a backup that missed it
 * would bring the entry, or the counter with its count, back), nor a delete of an acknowledged write find nothing.
 * The lists of ids, walked page by page through each survivor, hold every stack and store once and every counter
 * but the deleted ones.
 *
 * <p>The session store and the cache, each one replicated process holding every session or entry, are written the
 * same way: sessions created, refreshed and deleted, cache keys put and deleted. Every acknowledged session reads
 * with its user and its last acknowledged refresh unless a delete of it was sent, one acknowledged deleted reads
 * 404, and every cache key reads as its last acknowledged write left it, or as a later unknown one did.
 *
 * <p>Half the writers are keyed: each write carries an {@code Idempotency-Key} of its own and, while its outcome is
 * unknown or its key still held by an attempt that died with the killed member, is sent again under that key
 * through a survivor until it is answered, as a client that must not lose or double a write does. Their counters,
 * stacks and stores are their own, and for them the bounds close: every counter equals its acknowledged increments
 * exactly, every stack holds exactly its acknowledged pushes in order, every store exactly its acknowledged puts.
 * A write applied on the owner whose answer died with the killed member is recognised by its retry (the process
 * remembers its messages' ids) instead of being applied twice.
 *
 * <p>The keyed writers submit jobs too, each under a key of its own and retried as their other writes, through the
 * members that survive (so every job runs on a survivor, and its record may be on any partition): each key is
 * answered with one job, none with another's, and the survivors ran exactly the jobs acknowledged, each once. A
 * keyed submit held on the victim when it dies (its queue suspended, the submit waiting in it) is answered, when
 * retried through a survivor, with the job its first attempt recorded, lost with its member ({@code failed},
 * {@code node_down}), and not run anew: a pause taken for a death would otherwise run it twice.
 *
 * <p>Prints the writes, the unknowns, the retries and the failover time (from the kill until every key answered a
 * read from a survivor).
 */
class SigkillClusterTest {

    private static final int MEMBERS = 3;
    private static final int WRITERS = 6;
    /** Writers from this one on send each write under an Idempotency-Key and retry it until it is answered. */
    private static final int FIRST_KEYED_WRITER = 3;
    /** Counters and stores per kind of writer: the plain writers' come first, then the keyed writers'. */
    private static final int COUNTERS = 24;
    private static final int STACKS_PER_WRITER = 2;
    private static final int STORES = 3;
    private static final int CACHE_KEYS_PER_WRITER = 4;
    /**
     * How long a keyed write is retried. An attempt that died with its member holds its key (its retries are 409
     * {@code idempotency_key_in_use}) until the member has left the cluster, well under a second here; this is
     * less than the idempotency store's 30 s lease, so a retry that had to wait for the lease fails the test.
     */
    private static final Duration RETRY_PATIENCE = Duration.ofSeconds(15);
    /** The operation held on the victim when it is killed: longer than the kill takes to come. */
    private static final String HELD_OPERATION = "{\"delayMs\":5000}";
    /** The job submit held in the victim's suspended queue when it is killed. */
    private static final String HELD_JOB = "{\"durationMs\":1}";
    /** The victim: it receives no writer's job, so its job queue holds only the held submit. */
    private static final int VICTIM = 0;
    /** A retrying client's pause between attempts. */
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);
    /** Acknowledged writes before the kill, and again after the failover, before the writers stop. */
    private static final int WRITES_PER_PHASE = 900;
    /** Three JVMs starting at once on a shared machine. */
    private static final Duration STARTUP = Duration.ofSeconds(100);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private record Push(String item, Fate fate) {
    }

    private record Put(String store, String key, long value, Fate fate) {
    }

    /** A delete of an acknowledged write: of a kv entry ({@code /api/kv/…/entries/…}) or a counter. */
    private record Delete(String path, Fate fate) {
    }

    /** A put of {@code value} into the cache, or a delete ({@code value} null), of a writer's own key. */
    private record CacheWrite(@Nullable Long value, Fate fate) {
    }

    /**
     * An acknowledged session: its user, when its last acknowledged refresh was sent (its creation's send time
     * before any), and the fate of the delete sent, if one was.
     */
    private static final class SessionRecord {
        final String id;
        final String user;
        volatile long refreshedAt;
        volatile @Nullable Fate deleted;

        SessionRecord(String id, String user, long refreshedAt) {
            this.id = id;
            this.user = user;
            this.refreshedAt = refreshedAt;
        }
    }

    private final ClusterClient client = new ClusterClient(Duration.ofSeconds(30));
    private final List<MemberJvm> members = new ArrayList<>();
    private final Map<Fate, LongAdder> fates = new EnumMap<>(Fate.class);
    private final AtomicLongArray counterAcknowledged = new AtomicLongArray(2 * COUNTERS);
    private final AtomicLongArray counterUnknown = new AtomicLongArray(2 * COUNTERS);
    private final List<String> stacks = new ArrayList<>();
    private final List<List<Push>> pushes = new ArrayList<>();
    private final List<String> stores = new ArrayList<>();
    private final ConcurrentLinkedQueue<Put> puts = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Delete> deletes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<SessionRecord> sessions = new ConcurrentLinkedQueue<>();
    /** Each writer's cache keys, with their writes in the order sent. */
    private final Map<String, List<CacheWrite>> cacheWrites = new ConcurrentHashMap<>();
    /** The job each acknowledged keyed job submit was answered with, a key each. */
    private final ConcurrentLinkedQueue<String> submittedJobs = new ConcurrentLinkedQueue<>();
    private final LongAdder keyedRetried = new LongAdder();
    private final LongAdder keyedUnknownAttempts = new LongAdder();
    private final LongAdder keyedInUseAttempts = new LongAdder();
    private final ConcurrentLinkedQueue<String> unresolved = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> writerFailures = new ConcurrentLinkedQueue<>();
    private volatile int killed = -1;
    private volatile boolean stopping;

    @Test
    void sigkillOfOneMemberMidRun_losesNoAcknowledgedWrite() throws Exception {
        for (Fate fate : Fate.values()) {
            fates.put(fate, new LongAdder());
        }
        try {
            long started = System.nanoTime();
            // allowed to suspend a member's job queue; no session expires and no cache entry is evicted meanwhile
            MemberJvm.startCluster(members, "sigkill", MEMBERS, 2, List.of(), STARTUP,
                    "--" + ObservabilityProperties.ALLOW_KILL + "=true", "--genserver.sessions.ttl=3600",
                    "--genserver.cache.max-size=100000");
            Duration startup = Duration.ofNanos(System.nanoTime() - started);
            createProcesses();

            List<Thread> writers = IntStream.range(0, WRITERS).mapToObj(w -> Thread.ofPlatform().name("writer-" + w)
                    .uncaughtExceptionHandler((writer, e) -> writerFailures.add(writer.getName() + ": " + e))
                    .start(() -> write(w))).toList();
            await("writes before the kill").atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                    .until(() -> acknowledged() >= WRITES_PER_PHASE);

            int victim = VICTIM;
            // a keyed request certain to be on the victim when it dies: its key is held by a member that is lost
            String heldKey = UUID.randomUUID().toString();
            CompletableFuture<Answer> held = CompletableFuture.supplyAsync(() -> client.send(port(victim), "POST",
                    "/api/slow-operations", HELD_OPERATION, heldKey), Thread.ofVirtual()::start);
            await("the keyed operation is running on the victim").atMost(PATIENCE).ignoreExceptions()
                    .until(() -> client.get(port(victim), "/api/slow-operations/stats").json().get("inFlight")
                            .asLong() > 0);
            // a keyed job submit waiting in the victim's suspended queue, its job's home recorded before it was
            // sent there: no writer's job goes to the victim, so a message in the queue's mailbox is this submit
            String heldJobKey = UUID.randomUUID().toString();
            client.required(members.get(victim).managementPort, "POST", "/actuator/processes/jobs/suspend", null);
            CompletableFuture<Answer> heldJob = CompletableFuture.supplyAsync(() -> client.send(port(victim), "POST",
                    "/api/jobs", HELD_JOB, heldJobKey), Thread.ofVirtual()::start);
            await("the keyed job submit waits in the victim's queue").atMost(PATIENCE).ignoreExceptions()
                    .until(() -> client.get(members.get(victim).managementPort, "/actuator/processes/jobs").json()
                            .get("mailbox").asInt() > 0);
            killed = victim;
            long kill = System.nanoTime();
            members.get(victim).kill();
            long beforeKill = acknowledged();
            List<Integer> survivors = members.stream().filter(MemberJvm::isAlive).map(m -> m.port).toList();
            Duration failover = FailoverProbe.measure(client, survivors, reads(), kill, PATIENCE);
            assertThat(held.join().fate()).as("the keyed operation died with its member").isEqualTo(Fate.UNKNOWN);
            Random retries = new Random();
            assertThat(retryUntilAnswered(() -> livePort(retries), "POST", "/api/slow-operations", HELD_OPERATION,
                    heldKey).fate())
                    .as("its retry through a survivor, once the victim has left, runs instead of waiting a lease")
                    .isEqualTo(Fate.ACKNOWLEDGED);
            assertThat(heldJob.join().fate()).as("the held job submit died with its member").isEqualTo(Fate.UNKNOWN);
            checkHeldJob(retryUntilAnswered(() -> livePort(retries), "POST", "/api/jobs", HELD_JOB, heldJobKey),
                    survivors);

            long afterFailover = acknowledged();
            await("writes after the failover").atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                    .until(() -> acknowledged() >= afterFailover + WRITES_PER_PHASE);
            stopping = true;
            for (Thread writer : writers) {
                assertThat(writer.join(RETRY_PATIENCE.plus(PATIENCE))).as(writer.getName() + " stopped").isTrue();
            }
            assertThat(writerFailures).as("writers ended by an exception").isEmpty();
            assertThat(unresolved).as("keyed writes still unanswered after %s of retries", RETRY_PATIENCE)
                    .isEmpty();

            long verifying = System.nanoTime();
            checkCounters(survivors);
            checkStacks(survivors);
            checkStores(survivors);
            checkDeletes(survivors);
            checkSessions(survivors);
            checkCache(survivors);
            checkListings(survivors);
            checkJobs(survivors);
            System.out.printf("SIGKILL cluster test: startup %d ms; writes %d, %d of them deletes (acknowledged %d, "
                            + "unknown %d, refused %d; %d acknowledged before the kill); failover %d ms (from SIGKILL "
                            + "until all %d keys answered from a survivor); keyed writes retried until answered: %d "
                            + "(%d unknown and %d key-in-use attempts); keyed jobs acknowledged %d; sessions "
                            + "acknowledged %d, cache keys %d; verified through both survivors in %d ms%n",
                    startup.toMillis(), fates.values().stream().mapToLong(LongAdder::sum).sum(), deletes.size(),
                    acknowledged(), fates.get(Fate.UNKNOWN).sum(), fates.get(Fate.REFUSED).sum(), beforeKill,
                    failover.toMillis(), reads().size(), keyedRetried.sum(), keyedUnknownAttempts.sum(),
                    keyedInUseAttempts.sum(), submittedJobs.size(), sessions.size(), cacheWrites.size(),
                    Duration.ofNanos(System.nanoTime() - verifying).toMillis());
        } finally {
            stopping = true;
            members.forEach(MemberJvm::close);
        }
    }

    /** The stacks and stores, and every counter's first increment, each through a member in turn. */
    private void createProcesses() {
        for (int i = 0; i < WRITERS * STACKS_PER_WRITER; i++) {
            stacks.add(client.required(port(i), "POST", "/api/stacks", null).get("id").asString());
            pushes.add(new ArrayList<>());
        }
        for (int i = 0; i < 2 * STORES; i++) {
            stores.add(client.required(port(i), "POST", "/api/kv", null).get("id").asString());
        }
        for (int i = 0; i < 2 * COUNTERS; i++) {
            client.required(port(i), "POST", "/api/counters/c" + i + "/increment", null);
            counterAcknowledged.incrementAndGet(i);
        }
    }

    /**
     * Writer {@code w}: increments on any counter of its kind, pushes onto its own stacks (so each stack's pushes
     * have one order), puts under keys of its own into any store of its kind, deletes the last of its acknowledged
     * puts not yet deleted, and starts a counter of its own ({@code e<w>-<n>}) to delete it once acknowledged; each
     * write through a random member still alive; a keyed writer retries each write until it is answered, and
     * submits jobs too, through a member other than the victim.
     */
    private void write(int w) {
        Random random = new Random(w);
        boolean keyed = isKeyed(w);
        int kind = keyed ? 1 : 0;
        Deque<Put> deletable = new ArrayDeque<>();
        List<SessionRecord> liveSessions = new ArrayList<>();
        for (long n = 0; !stopping; n++) {
            int write = (int) (n % (keyed ? 8 : 7));
            switch (keyed || write < 5 ? write : write + 1) { // 5, the jobs, for keyed writers only
                case 0 -> {
                    int counter = kind * COUNTERS + random.nextInt(COUNTERS);
                    Fate fate = send(random, keyed, "POST", "/api/counters/c" + counter + "/increment", null);
                    if (fate == Fate.ACKNOWLEDGED) {
                        counterAcknowledged.incrementAndGet(counter);
                    } else if (fate == Fate.UNKNOWN) {
                        counterUnknown.incrementAndGet(counter);
                    }
                }
                case 1 -> {
                    int stack = w * STACKS_PER_WRITER + random.nextInt(STACKS_PER_WRITER);
                    String item = "w" + w + "-" + n;
                    Fate fate = send(random, keyed, "POST", "/api/stacks/" + stacks.get(stack) + "/push",
                            "{\"item\":\"" + item + "\"}");
                    pushes.get(stack).add(new Push(item, fate));
                }
                case 2 -> {
                    String store = stores.get(kind * STORES + random.nextInt(STORES));
                    String key = "w" + w + "-" + n;
                    Fate fate = send(random, keyed, "PUT", "/api/kv/" + store + "/entries/" + key,
                            Long.toString(n));
                    Put put = new Put(store, key, n, fate);
                    puts.add(put);
                    if (fate == Fate.ACKNOWLEDGED) {
                        deletable.push(put);
                    }
                }
                case 3 -> {
                    Put put = deletable.poll();
                    if (put != null) {
                        String path = entryPath(put);
                        deletes.add(new Delete(path, send(random, keyed, "DELETE", path, null)));
                    }
                }
                case 5 -> {
                    Answer answer = retryUntilAnswered(() -> jobPort(random), "POST", "/api/jobs",
                            "{\"durationMs\":" + random.nextInt(20) + "}", UUID.randomUUID().toString());
                    if (answer.ok()) {
                        submittedJobs.add(answer.json().get("id").asString());
                    }
                }
                case 6 -> writeSession(random, keyed, w, n, liveSessions);
                case 7 -> {
                    String key = "w" + w + "-" + random.nextInt(CACHE_KEYS_PER_WRITER);
                    Long value = random.nextInt(5) == 0 ? null : n;
                    Fate fate = send(random, keyed, value == null ? "DELETE" : "PUT", "/api/cache/entries/" + key,
                            value == null ? null : Long.toString(value));
                    cacheWrites.computeIfAbsent(key, k -> new ArrayList<>()).add(new CacheWrite(value, fate));
                }
                default -> {
                    String path = "/api/counters/e" + w + "-" + n;
                    if (send(random, keyed, "POST", path + "/increment", null) == Fate.ACKNOWLEDGED) {
                        deletes.add(new Delete(path, send(random, keyed, "DELETE", path, null)));
                    }
                }
            }
        }
    }

    /**
     * Creates a session for user {@code u<w>-<n>} while the writer has fewer than two, else refreshes one of them
     * or deletes one (one time in four).
     */
    private void writeSession(Random random, boolean keyed, int w, long n, List<SessionRecord> live) {
        long sent = System.currentTimeMillis();
        if (live.size() < 2 || random.nextInt(3) == 0) {
            String user = "u" + w + "-" + n;
            Answer created = keyed
                    ? retryUntilAnswered(() -> livePort(random), "POST", "/api/sessions", userJson(user),
                            UUID.randomUUID().toString())
                    : record(client.send(livePort(random), "POST", "/api/sessions", userJson(user)));
            if (created.ok()) {
                SessionRecord session = new SessionRecord(created.json().get("sessionId").asString(), user, sent);
                sessions.add(session);
                live.add(session);
            }
        } else if (random.nextInt(4) > 0) {
            SessionRecord session = live.get(random.nextInt(live.size()));
            if (send(random, keyed, "POST", "/api/sessions/" + session.id + "/refresh", null) == Fate.ACKNOWLEDGED) {
                session.refreshedAt = sent;
            }
        } else {
            SessionRecord session = live.remove(random.nextInt(live.size()));
            session.deleted = send(random, keyed, "DELETE", "/api/sessions/" + session.id, null);
        }
    }

    private static String userJson(String user) {
        return "{\"userId\":\"" + user + "\"}";
    }

    /** A write through a random member still alive; a keyed writer's is retried until it is answered. */
    private Fate send(Random random, boolean keyed, String method, String path, String json) {
        return keyed ? sendUntilAnswered(random, method, path, json)
                : record(client.send(livePort(random), method, path, json)).fate();
    }

    /**
     * Sends the write under a new Idempotency-Key and again under the same key, through a member still alive, while
     * its outcome is unknown or an earlier attempt still holds the key (409 {@code idempotency_key_in_use}); its
     * fate is the first definite answer. One still unknown after {@link #RETRY_PATIENCE} is noted as unresolved.
     */
    private Fate sendUntilAnswered(Random random, String method, String path, String json) {
        return retryUntilAnswered(() -> livePort(random), method, path, json, UUID.randomUUID().toString()).fate();
    }

    /**
     * {@link #sendUntilAnswered} under {@code key}, through the members {@code port} picks: the first definite
     * answer, or the last one if none came within {@link #RETRY_PATIENCE}.
     */
    private Answer retryUntilAnswered(IntSupplier port, String method, String path, String json, String key) {
        long deadline = System.nanoTime() + RETRY_PATIENCE.toNanos();
        for (int attempt = 1; ; attempt++) {
            Answer answer = client.send(port.getAsInt(), method, path, json, key);
            boolean inUse = answer.status() == 409 && answer.body().contains("idempotency_key_in_use");
            if (answer.fate() != Fate.UNKNOWN && !inUse) {
                if (attempt > 1) {
                    keyedRetried.increment();
                }
                return record(answer);
            }
            (inUse ? keyedInUseAttempts : keyedUnknownAttempts).increment();
            if (System.nanoTime() - deadline > 0) {
                unresolved.add(method + " " + path + " after " + attempt + " attempts: " + answer);
                return record(answer);
            }
            try {
                Thread.sleep(RETRY_PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unresolved.add(method + " " + path + ": interrupted");
                return record(answer);
            }
        }
    }

    /** Keyed counters are exact: none of their writes ends unknown, so the bounds close. */
    private void checkCounters(List<Integer> survivors) {
        for (int i = 0; i < 2 * COUNTERS; i++) {
            long low = counterAcknowledged.get(i);
            long high = low + counterUnknown.get(i);
            for (int port : survivors) {
                long value = client.required(port, "GET", "/api/counters/c" + i, null).get("value").asLong();
                assertThat(value).as("counter c%d through %d", i, port).isBetween(low, high);
            }
        }
    }

    /**
     * Popped empty through the survivors in turn: what comes out, reversed, is the stack bottom to top. It must be
     * the writer's pushes in their order, leaving out only unknown ones.
     */
    private void checkStacks(List<Integer> survivors) {
        for (int s = 0; s < stacks.size(); s++) {
            String id = stacks.get(s);
            long size = client.required(survivors.get(0), "GET", "/api/stacks/" + id + "/size", null)
                    .get("size").asLong();
            for (int port : survivors) {
                assertThat(client.required(port, "GET", "/api/stacks/" + id + "/size", null).get("size").asLong())
                        .as("size of stack %d through %d", s, port).isEqualTo(size);
            }
            List<String> content = new ArrayList<>();
            for (int turn = 0; ; turn++) {
                Answer pop = client.send(survivors.get(turn % survivors.size()), "POST", "/api/stacks/" + id + "/pop",
                        null);
                if (pop.status() == 409) {
                    break;
                }
                assertThat(pop.ok()).as("pop on stack %d: %s", s, pop).isTrue();
                content.add(pop.json().get("item").asString());
            }
            Collections.reverse(content);
            assertThat(content).as("stack %d", s).hasSize((int) size);

            Map<String, Integer> order = new HashMap<>();
            List<Push> pushed = pushes.get(s);
            for (int i = 0; i < pushed.size(); i++) {
                order.put(pushed.get(i).item(), i);
            }
            int previous = -1;
            for (String item : content) {
                Integer at = order.get(item);
                assertThat(at).as("stack %d holds %s, which was never pushed", s, item).isNotNull();
                assertThat(pushed.get(at).fate()).as("stack %d holds refused push %s", s, item)
                        .isNotEqualTo(Fate.REFUSED);
                assertThat(at).as("stack %d: %s out of push order in %s", s, item, content).isGreaterThan(previous);
                previous = at;
            }
            List<String> acknowledged = pushed.stream().filter(p -> p.fate() == Fate.ACKNOWLEDGED)
                    .map(Push::item).toList();
            assertThat(content).as("stack %d keeps every acknowledged push", s).containsAll(acknowledged);
            if (isKeyed(s / STACKS_PER_WRITER)) {
                assertThat(content).as("keyed stack %d: exactly its acknowledged pushes", s)
                        .containsExactlyElementsOf(acknowledged);
            }
        }
    }

    /**
     * Every acknowledged put reads back unless a delete of it was sent; a store's size lies between what must be
     * there (acknowledged puts, less every delete that may have been applied) and what may be (puts that may have
     * been applied, less the acknowledged deletes).
     */
    private void checkStores(List<Integer> survivors) throws Exception {
        Map<String, Fate> deleted = new HashMap<>();
        deletes.forEach(delete -> deleted.put(delete.path(), delete.fate()));
        List<Put> acknowledged = puts.stream().filter(put -> put.fate() == Fate.ACKNOWLEDGED).toList();
        inParallel(acknowledged.stream().filter(put -> !deleted.containsKey(entryPath(put))).toList(), survivors,
                (put, port) -> {
                    Answer answer = client.get(port, entryPath(put));
                    assertThat(answer.ok()).as("%s through %d: %s", put, port, answer).isTrue();
                    assertThat(answer.json().get("value").asLong()).as("%s through %d", put, port)
                            .isEqualTo(put.value());
                });
        for (String store : stores) {
            long deletedAtMost = puts.stream().filter(put -> put.store().equals(store)
                    && deleted.getOrDefault(entryPath(put), Fate.REFUSED) != Fate.REFUSED).count();
            long deletedAtLeast = puts.stream().filter(put -> put.store().equals(store)
                    && deleted.get(entryPath(put)) == Fate.ACKNOWLEDGED).count();
            long low = acknowledged.stream().filter(put -> put.store().equals(store)).count() - deletedAtMost;
            long high = puts.stream().filter(put -> put.store().equals(store) && put.fate() != Fate.REFUSED).count()
                    - deletedAtLeast;
            for (int port : survivors) {
                assertThat(client.required(port, "GET", "/api/kv/" + store, null).get("size").asLong())
                        .as("entries in store %s through %d", store, port).isBetween(low, high);
            }
        }
    }

    /**
     * An acknowledged delete stays done through every survivor: the entry or counter is gone ({@code 404}), not
     * back with the value it had. No delete found nothing to delete: each was of an acknowledged write.
     */
    private void checkDeletes(List<Integer> survivors) throws Exception {
        assertThat(deletes).as("deletes sent").isNotEmpty();
        assertThat(deletes.stream().filter(delete -> delete.fate() == Fate.REFUSED).toList())
                .as("deletes of acknowledged writes that found nothing").isEmpty();
        inParallel(deletes.stream().filter(delete -> delete.fate() == Fate.ACKNOWLEDGED).toList(), survivors,
                (delete, port) -> assertThat(client.get(port, delete.path()).status())
                        .as("%s through %d, after its acknowledged delete", delete.path(), port).isEqualTo(404));
    }

    /**
     * Every acknowledged session reads through every survivor with its user and at least its last acknowledged
     * refresh (the store stamps a message with the time it came, after its client sent it; one machine's clock),
     * unless a delete of it was sent; one whose delete was acknowledged is gone, and no delete found nothing.
     */
    private void checkSessions(List<Integer> survivors) throws Exception {
        assertThat(sessions).as("sessions created").isNotEmpty();
        assertThat(sessions.stream().filter(session -> session.deleted == Fate.REFUSED).map(session -> session.id))
                .as("deletes of acknowledged sessions that found nothing").isEmpty();
        inParallel(List.copyOf(sessions), survivors, (session, port) -> {
            Answer answer = client.get(port, "/api/sessions/" + session.id);
            if (session.deleted == Fate.ACKNOWLEDGED) {
                assertThat(answer.status()).as("session %s after its acknowledged delete, through %d: %s",
                        session.id, port, answer).isEqualTo(404);
            } else if (session.deleted == null) {
                assertThat(answer.ok()).as("session %s through %d: %s", session.id, port, answer).isTrue();
                JsonNode read = answer.json();
                assertThat(read.get("userId").asString()).as("session %s's user", session.id).isEqualTo(session.user);
                assertThat(Instant.parse(read.get("lastAccessed").asString()).toEpochMilli())
                        .as("session %s's last access through %d", session.id, port)
                        .isGreaterThanOrEqualTo(session.refreshedAt);
            }
        });
    }

    /**
     * Each of the writers' cache keys reads through every survivor as its last acknowledged write left it (a put's
     * value, or none after a delete), or as a later write of unknown fate did: for a keyed writer, whose writes are
     * all answered, exactly as its last acknowledged write left it.
     */
    private void checkCache(List<Integer> survivors) throws Exception {
        assertThat(cacheWrites).as("cache keys written").isNotEmpty();
        inParallel(List.copyOf(cacheWrites.keySet()), survivors, (key, port) -> {
            List<CacheWrite> writes = cacheWrites.get(key);
            int lastAcknowledged = -1;
            for (int i = 0; i < writes.size(); i++) {
                if (writes.get(i).fate() == Fate.ACKNOWLEDGED) {
                    lastAcknowledged = i;
                }
            }
            List<Long> possible = new ArrayList<>(); // a put's value, or null: no entry
            if (lastAcknowledged < 0) {
                possible.add(null);
            }
            for (int i = Math.max(lastAcknowledged, 0); i < writes.size(); i++) {
                if (i == lastAcknowledged || writes.get(i).fate() == Fate.UNKNOWN) {
                    possible.add(writes.get(i).value());
                }
            }
            Answer answer = client.get(port, "/api/cache/entries/" + key);
            assertThat(answer.status()).as("cache %s through %d: %s", key, port, answer).isIn(200, 404);
            Long read = answer.ok() ? answer.json().get("value").asLong() : null;
            assertThat(possible).as("cache %s through %d, after %s", key, port, writes).contains(read);
        });
    }

    /**
     * The lists of ids, walked page by page through each survivor, are whole after the failover: every stack and
     * store, each once and in order, and every named counter but those whose acknowledged delete must keep them out
     * of the list (a name there whose counter the kill brought back would read 200, which {@link #checkDeletes}
     * refutes for one at a time; the list is a query of every partition, read apart from the processes).
     */
    private void checkListings(List<Integer> survivors) {
        List<String> deleted = deletes.stream().filter(delete -> delete.fate() == Fate.ACKNOWLEDGED)
                .map(Delete::path).filter(path -> path.startsWith("/api/counters/"))
                .map(path -> path.substring("/api/counters/".length())).toList();
        List<String> named = IntStream.range(0, 2 * COUNTERS).mapToObj(i -> "c" + i).toList();
        for (int port : survivors) {
            assertThat(listed(port, "/api/stacks", "ids")).as("stacks listed through %d", port)
                    .isSorted().doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(stacks);
            assertThat(listed(port, "/api/kv", "ids")).as("stores listed through %d", port)
                    .isSorted().doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(stores);
            List<String> counters = listed(port, "/api/counters", "names");
            assertThat(counters).as("counters listed through %d", port).isSorted().doesNotHaveDuplicates()
                    .containsAll(named).doesNotContainAnyElementsOf(deleted)
                    .allMatch(name -> name.matches("c\\d+|e\\d+-\\d+"), "a name the writers used");
        }
    }

    /**
     * The held submit's retry is answered with the job its first attempt recorded on the victim, lost with it; no
     * survivor runs it (were it run anew, {@link #checkJobs} would find one job more than acknowledged).
     */
    private void checkHeldJob(Answer retried, List<Integer> survivors) {
        assertThat(retried.status()).as("the held job submit's retry: %s", retried).isEqualTo(202);
        JsonNode job = retried.json();
        assertThat(job.get("status").asString() + " " + job.path("error").asString()).as("%s", job)
                .isEqualTo("failed node_down");
        for (int port : survivors) {
            assertThat(client.required(port, "GET", "/api/jobs/" + job.get("id").asString(), null))
                    .as("the held job through %d", port).isEqualTo(job);
        }
    }

    /**
     * Each acknowledged job key was answered with a job of its own; once the survivors' queues are empty, they
     * have run exactly the acknowledged jobs, each once and each read as succeeded through both.
     */
    private void checkJobs(List<Integer> survivors) throws Exception {
        List<String> jobs = List.copyOf(submittedJobs);
        assertThat(jobs).as("jobs submitted").isNotEmpty().doesNotHaveDuplicates();
        await("the survivors' queues are empty").atMost(PATIENCE).until(() -> {
            JsonNode stats = client.required(survivors.get(0), "GET", "/api/jobs/stats", null);
            return stats.get("queued").asInt() + stats.get("running").asInt() == 0;
        });
        for (int port : survivors) {
            JsonNode stats = client.required(port, "GET", "/api/jobs/stats", null);
            assertThat(stats.get("succeeded").asLong() + " succeeded, " + stats.get("failed").asLong() + " failed")
                    .as("jobs run by the survivors, through %d", port).isEqualTo(jobs.size() + " succeeded, 0 failed");
        }
        inParallel(jobs, survivors, (job, port) -> assertThat(client.required(port, "GET", "/api/jobs/" + job, null)
                .get("status").asString()).as("job %s through %d", job, port).isEqualTo("succeeded"));
    }

    /** Every page of a list of ids, following {@code next}. */
    private List<String> listed(int port, String path, String field) {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = client.required(port, "GET", after == null ? path : path + "?after=" + after, null);
            page.get(field).forEach(id -> ids.add(id.asString()));
            JsonNode next = page.get("next");
            after = next == null || next.isNull() ? null : next.asString();
        } while (after != null);
        return ids;
    }

    /** {@code check} of every item through every survivor, eight at a time; the first failure is thrown. */
    private static <T> void inParallel(List<T> items, List<Integer> survivors, BiConsumer<T, Integer> check)
            throws Exception {
        try (ExecutorService readers = Executors.newFixedThreadPool(8)) {
            List<Future<?>> reads = new ArrayList<>();
            for (T item : items) {
                for (int port : survivors) {
                    reads.add(readers.submit(() -> check.accept(item, port)));
                }
            }
            for (Future<?> read : reads) {
                try {
                    read.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError failed) {
                        throw failed; // reported as the failed assertion it is
                    }
                    throw e;
                }
            }
        }
    }

    private static String entryPath(Put put) {
        return "/api/kv/" + put.store() + "/entries/" + put.key();
    }

    /** One read per key, each a message to its process. */
    private List<String> reads() {
        List<String> reads = new ArrayList<>();
        IntStream.range(0, 2 * COUNTERS).forEach(i -> reads.add("/api/counters/c" + i));
        stacks.forEach(id -> reads.add("/api/stacks/" + id + "/size"));
        stores.forEach(id -> reads.add("/api/kv/" + id));
        return reads;
    }

    /** Counts the answer's fate. */
    private Answer record(Answer answer) {
        fates.get(answer.fate()).increment();
        return answer;
    }

    private long acknowledged() {
        return fates.get(Fate.ACKNOWLEDGED).sum();
    }

    private static boolean isKeyed(int writer) {
        return writer >= FIRST_KEYED_WRITER;
    }

    private int port(int i) {
        return members.get(i % MEMBERS).port;
    }

    /** A member other than the victim, so that its job queue receives no writer's job. */
    private int jobPort(Random random) {
        return members.get((VICTIM + 1 + random.nextInt(MEMBERS - 1)) % MEMBERS).port;
    }

    private int livePort(Random random) {
        int member;
        do {
            member = random.nextInt(MEMBERS);
        } while (member == killed);
        return members.get(member).port;
    }
}
