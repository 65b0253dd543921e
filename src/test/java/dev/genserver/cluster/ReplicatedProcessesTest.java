package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.RequestIds;
import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.Result;
import dev.genserver.testing.MutableClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Replicated processes on three members in this JVM: one process per key whichever member is asked, OTP's crash
 * rules, and the state of every answered write still there when the member owning it is terminated abruptly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicatedProcessesTest {

    private final MutableClock time = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PinnedClock clock = new PinnedClock(time);
    private final InJvmCluster cluster = new InJvmCluster(3, withWrittenStates(modules(clock, "tally",
            "tally-singleton", "bounded", "tombstoned", "one-at-a-time", "first-use", "created-at-the-bound",
            "walked", "racing-at-the-bound", "counted-creates")));
    private final List<KeyedProcesses> tallies = cluster.members().stream().map(this::tallies).toList();
    private final List<KeyedProcesses> singletons = cluster.members().stream()
            .map(m -> processes(m, "tally-singleton", 1, true)).toList();

    @AfterAll
    void close() {
        cluster.close();
    }

    @Test
    void callOrStart_fromEveryMember_reachesTheOneProcessOfTheKey() {
        for (int i = 0; i < 9; i++) {
            assertThat(tallies.get(i % 3).callOrStart("shared", new Add(1))).isEqualTo(i + 1);
        }
        assertThat(tallies.get(1).call("shared", new Get())).isEqualTo(9);
    }

    @Test
    void aKeyWithoutProcess_isNoproc_forCallCastAndStop_andStartsNothing() {
        assertThatThrownBy(() -> tallies.get(0).call("none", new Get())).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> tallies.get(1).cast("none", 1L)).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> tallies.get(2).stop("none")).isInstanceOf(NoProcessException.class);
        assertThat(tallies.get(0).keys(null, 1000)).doesNotContain("none");
    }

    @Test
    void aCrash_endsATemporaryProcess_andTheCallerSeesTheExit() {
        tallies.get(0).callOrStart("doomed", new Add(5));

        assertThatThrownBy(() -> tallies.get(1).call("doomed", new Crash()))
                .isInstanceOf(ProcessExitException.class)
                .satisfies(e -> assertThat(((ProcessExitException) e).reason().detail())
                        .isEqualTo(IllegalStateException.class.getName()));
        assertThat(tallies.get(2).keys(null, 1000)).doesNotContain("doomed");
        assertThat(tallies.get(2).callOrStart("doomed", new Get())).isZero();
    }

    @Test
    void aCrash_restartsAPermanentProcess_fromItsInitialState() {
        singletons.get(0).callOrStart("tally-singleton", new Add(7));

        assertThatThrownBy(() -> singletons.get(1).callOrStart("tally-singleton", new Crash()))
                .isInstanceOf(ProcessExitException.class);
        assertThat(singletons.get(2).call("tally-singleton", new Get())).isZero();
    }

    @Test
    void createStopAndKeys_areClusterWide() {
        KeyedProcesses bounded = processes(cluster.member(0), "bounded", 2, false);
        String one = bounded.create(Tally::new);
        String two = processes(cluster.member(1), "bounded", 2, false).create(Tally::new);

        assertThat(processes(cluster.member(2), "bounded", 2, false).keys(null, 10))
                .containsExactlyElementsOf(List.of(one, two).stream().sorted().toList());
        assertThatThrownBy(() -> bounded.create(Tally::new)).isInstanceOf(MaxChildrenException.class);
        processes(cluster.member(2), "bounded", 2, false).stop(one);
        assertThat(bounded.keys(null, 10)).containsExactly(two);
    }

    /**
     * A walk through the pages of a service's keys, each page asked of another member, visits every key once, in
     * order: each member sends the first keys of its own past the cursor (a paging query), and the page is the
     * first of those.
     */
    @Test
    void aWalkThroughThePages_throughEveryMember_visitsEveryKeyOnceInOrder() {
        List<KeyedProcesses> members = cluster.members().stream()
                .map(member -> processes(member, "walked", 1000, false)).toList();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String key = "k" + Integer.toString(i * 7919 % 1000, 36); // spread over the partitions, not in order
            members.get(i % 3).callOrStart(key, new Add(1));
            created.add(key);
        }

        List<String> walked = new ArrayList<>();
        String after = null;
        for (int page = 0; ; page++) {
            List<String> keys = members.get(page % 3).keys(after, 11);
            walked.addAll(keys.subList(0, Math.min(10, keys.size())));
            if (keys.size() <= 10) {
                break;
            }
            after = keys.get(9);
        }

        assertThat(walked).isEqualTo(created.stream().sorted().toList());
    }

    /**
     * A page of keys moves keys: no process's state is serialized to list them. (A paging query with a comparator
     * has Hazelcast fetch whole entries to compare, so every state on each member's page crossed the network.)
     */
    @Test
    void aPageOfKeys_serializesNoProcessState() {
        List<KeyedProcesses> members = cluster.members().stream()
                .map(member -> processes(member, "written", 1000, false)).toList();
        for (int i = 0; i < 60; i++) {
            members.get(i % 3).callOrStart("w" + i, new Get());
        }

        WrittenState.WRITES.set(0);
        for (KeyedProcesses member : members) {
            assertThat(member.keys(null, 11)).hasSize(11);
        }

        assertThat(WrittenState.WRITES.get()).as("states serialized for three pages of keys").isZero();
    }

    /**
     * Starts on first use, one at a time through every member, are refused at exactly the bound, as on one
     * instance; a process already running still takes messages there.
     */
    @Test
    void startsOnFirstUse_oneAtATime_throughEveryMember_stopAtExactlyTheBound() {
        List<KeyedProcesses> members = cluster.members().stream()
                .map(member -> processes(member, "first-use", 20, false)).toList();
        int started = 0;
        for (int i = 0; i < 40; i++) {
            try {
                members.get(i % 3).callOrStart("name-" + i, new Add(1));
                started++;
            } catch (MaxChildrenException full) {
                assertThat(i).as("refused only past the bound").isGreaterThanOrEqualTo(20);
            }
        }

        assertThat(started).isEqualTo(20);
        List<String> all = members.get(2).keys(null, 100);
        assertThat(all).hasSize(20).isSorted();
        assertThat(members.get(0).keys(all.get(9), 5)).as("a page after a key, queried on every member")
                .isEqualTo(all.subList(10, 15));
        assertThat(members.get(1).keys(all.getLast(), 5)).isEmpty();
        assertThat(members.get(1).callOrStart("name-0", new Add(1))).isEqualTo(2);

        members.get(1).stop("name-19"); // a slot freed through another member than the one that just refused
        assertThat(members.get(0).callOrStart("name-39", new Add(1))).isEqualTo(1);
    }

    /**
     * At the bound, first uses of one key racing through every member all reach its one process: a loser's count
     * (after its miss) saw the winner's start, and the key is taken, not a new process. A key nobody holds is still
     * refused. Each round races three first uses of a fresh key with one slot left, then stops it.
     */
    @Test
    void firstUsesOfOneKeyRacingAtTheBound_allReachItsProcess() {
        List<KeyedProcesses> members = cluster.members().stream()
                .map(member -> processes(member, "racing-at-the-bound", 2, false)).toList();
        members.get(0).callOrStart("other", new Add(1));
        for (int round = 0; round < 20; round++) {
            String key = "raced-" + round;
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<Long>> racers = members.stream()
                    .map(member -> CompletableFuture.supplyAsync(() -> {
                        awaitUninterruptibly(go);
                        return member.callOrStart(key, new Add(1));
                    }, Thread.ofVirtual()::start)).toList();
            go.countDown();

            assertThat(racers.stream().map(CompletableFuture::join).sorted().toList())
                    .as(key).containsExactly(1L, 2L, 3L);
            KeyedProcesses some = members.get(round % 3);
            assertThatThrownBy(() -> some.callOrStart("nobody's", new Add(1)))
                    .isInstanceOf(MaxChildrenException.class);
            members.get(1).stop(key);
        }
    }

    /**
     * The bound counts processes, as a dynamic supervisor counts its children: a stop with an identity leaves an
     * entry for a minute (its tombstone), which stands for no process and so takes no place.
     */
    @Test
    void theBound_countsProcesses_notTheTombstoneOfOneStopped() {
        KeyedProcesses bounded = processes(cluster.member(0), "tombstoned", 2, false);
        String kept = bounded.create(Tally::new);
        String stopped = bounded.create(Tally::new);
        try (RequestIds.Scope delete = RequestIds.open("delete-bounded fingerprint")) {
            processes(cluster.member(1), "tombstoned", 2, false).stop(stopped);
        }

        String again = processes(cluster.member(2), "tombstoned", 2, false).create(Tally::new);

        assertThat(bounded.keys(null, 10)).containsExactlyInAnyOrder(kept, again);
        assertThatThrownBy(() -> bounded.create(Tally::new)).isInstanceOf(MaxChildrenException.class);
    }

    /** A key whose process stopped has none: starting one again there is a start like any other. */
    @Test
    void aStartUnderTheKeyOfAStoppedProcess_isHeldToTheBound() {
        KeyedProcesses single = processes(cluster.member(0), "one-at-a-time", 1, false);
        single.callOrStart("first", new Add(1));
        try (RequestIds.Scope delete = RequestIds.open("delete-first fingerprint")) {
            single.stop("first");
        }
        assertThat(single.callOrStart("second", new Add(2))).isEqualTo(2);

        assertThatThrownBy(() -> single.callOrStart("first", new Add(3))).isInstanceOf(MaxChildrenException.class);
        assertThat(single.keys(null, 10)).containsExactly("second");
    }

    /**
     * A keyed stop leaves a tombstone remembering it: its retry (the first answer lost with a member) is answered
     * again rather than refused noproc, and does not stop a process started under the key since. The tombstone is
     * no process: not listed, noproc to a call.
     */
    @Test
    void aRetriedStop_isAnsweredAgain_andDoesNotStopAProcessStartedSince() {
        tallies.get(0).callOrStart("deleted", new Add(3));
        try (RequestIds.Scope first = RequestIds.open("delete-1 fingerprint")) {
            tallies.get(1).stop("deleted");
        }
        assertThat(tallies.get(2).keys(null, 1000)).doesNotContain("deleted");
        assertThatThrownBy(() -> tallies.get(0).call("deleted", new Get())).isInstanceOf(NoProcessException.class);
        try (RequestIds.Scope retry = RequestIds.open("delete-1 fingerprint")) {
            tallies.get(2).stop("deleted"); // answered as the first time: no noproc
        }

        assertThat(tallies.get(0).callOrStart("deleted", new Add(5))).as("a new process, from zero").isEqualTo(5);
        try (RequestIds.Scope lateRetry = RequestIds.open("delete-1 fingerprint")) {
            tallies.get(1).stop("deleted");
        }

        assertThat(tallies.get(2).keys(null, 1000)).contains("deleted");
        assertThat(tallies.get(2).call("deleted", new Get())).isEqualTo(5);
    }

    /**
     * Each message carries its sender's clock. One stamped just before a keyed stop (a member whose clock is behind,
     * or a request that read the time first) and reaching the partition after it finds the tombstone: no process,
     * whatever its time says, so neither a read, a write nor a cast brings the deleted process back.
     */
    @Test
    void messagesStampedBeforeAKeyedStop_findNoProcess_andStartNone() {
        PinnedClock behind = new PinnedClock(new MutableClock(time.instant().minusMillis(1)));
        KeyedProcesses late = processes(cluster.member(2), "tally", 100, false, behind);
        tallies.get(0).callOrStart("raced", new Add(41));
        try (RequestIds.Scope delete = RequestIds.open("delete-raced fingerprint")) {
            tallies.get(1).stop("raced");
        }

        assertThat(late.keys(null, 1000)).doesNotContain("raced");
        assertThatThrownBy(() -> late.call("raced", new Get())).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> late.call("raced", new Add(1))).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> late.cast("raced", 1L)).isInstanceOf(NoProcessException.class);
        time.advance(java.time.Duration.ofSeconds(5));
        assertThat(tallies.get(0).keys(null, 1000)).as("still deleted").doesNotContain("raced");
        assertThatThrownBy(() -> tallies.get(0).call("raced", new Get())).isInstanceOf(NoProcessException.class);
    }

    @Test
    void optionalReplies_andTheTimeTheCallerRead_crossMembersIntact() {
        tallies.get(0).callOrStart("stamped", new Add(1));
        time.advance(java.time.Duration.ofSeconds(42));

        assertThat(tallies.get(1).call("stamped", new Stamp())).contains(time.millis());
        assertThat(tallies.get(2).call("stamped", new Last())).contains(time.millis());
    }

    @Test
    void aRetriedMessage_ofARequestWithAnIdentity_isAnsweredAgain_notAppliedAgain() {
        tallies.get(0).callOrStart("retried", new Add(10));
        try (RequestIds.Scope first = RequestIds.open("key-1 fingerprint")) {
            assertThat(tallies.get(0).call("retried", new Add(1))).isEqualTo(11);
        }
        try (RequestIds.Scope retry = RequestIds.open("key-1 fingerprint")) { // the client retries via another member
            assertThat(tallies.get(1).call("retried", new Add(1))).isEqualTo(11);
            assertThat(tallies.get(1).call("retried", new Add(1))).isEqualTo(12); // its second message is new
        }
        try (RequestIds.Scope other = RequestIds.open("key-2 fingerprint")) {
            assertThat(tallies.get(2).call("retried", new Add(1))).isEqualTo(13);
        }
        assertThat(tallies.get(2).call("retried", new Get())).isEqualTo(13);
    }

    /** A busy process: its retry comes after many other keyed writes, yet within the minute it is remembered. */
    @Test
    void aRetriedMessage_isRecognisedAfterManyOtherRequests_forAMinute_thenForgotten() {
        tallies.get(0).callOrStart("busy", new Add(0));
        try (RequestIds.Scope first = RequestIds.open("first fingerprint")) {
            assertThat(tallies.get(0).call("busy", new Add(1))).isEqualTo(1);
        }
        for (int other = 0; other < 1000; other++) {
            try (RequestIds.Scope scope = RequestIds.open("other-" + other + " fingerprint")) {
                tallies.get(other % 3).call("busy", new Add(1));
            }
        }
        try (RequestIds.Scope retry = RequestIds.open("first fingerprint")) {
            assertThat(tallies.get(1).call("busy", new Add(1))).as("answered as the first time").isEqualTo(1);
        }

        time.advance(java.time.Duration.ofMillis(Replica.REMEMBERED_FOR_MILLIS + 1));
        try (RequestIds.Scope later = RequestIds.open("later fingerprint")) {
            tallies.get(2).call("busy", new Add(1)); // a message a minute on: what is older is forgotten
        }
        try (RequestIds.Scope tooLate = RequestIds.open("first fingerprint")) {
            assertThat(tallies.get(1).call("busy", new Add(1))).isEqualTo(1003);
        }
    }

    /** Remembered for a minute by the messages' clock, whether or not other messages come to the process meanwhile. */
    @Test
    void aRetriedMessage_aMinuteLate_isAppliedAgain_evenWithNoMessageBetween() {
        tallies.get(0).callOrStart("quiet", new Add(0));
        try (RequestIds.Scope first = RequestIds.open("quiet-1 fingerprint")) {
            assertThat(tallies.get(0).call("quiet", new Add(1))).isEqualTo(1);
        }
        time.advance(java.time.Duration.ofMillis(Replica.REMEMBERED_FOR_MILLIS + 1));

        try (RequestIds.Scope tooLate = RequestIds.open("quiet-1 fingerprint")) {
            assertThat(tallies.get(1).call("quiet", new Add(1))).isEqualTo(2);
        }
    }

    /**
     * A request answered with a refusal that tells its client to retry (429, 503) has its messages forgotten, so
     * the retry is handled as a first request; not when one of its messages may have been applied unseen.
     */
    @Test
    void theMessagesOfARequestToldToRetry_areForgotten_unlessAnOutcomeIsUnknown() {
        tallies.get(0).callOrStart("told-to-retry", new Add(0));
        try (RequestIds.Scope first = RequestIds.open("retry-1 fingerprint")) {
            assertThat(tallies.get(0).call("told-to-retry", new Add(1))).isEqualTo(1);
            first.forgetMessages();
        }
        try (RequestIds.Scope retry = RequestIds.open("retry-1 fingerprint")) {
            assertThat(tallies.get(1).call("told-to-retry", new Add(1))).as("handled afresh").isEqualTo(2);
            RequestIds.outcomeUnknown();
            retry.forgetMessages();
        }
        try (RequestIds.Scope again = RequestIds.open("retry-1 fingerprint")) {
            assertThat(tallies.get(2).call("told-to-retry", new Add(1))).as("answered again").isEqualTo(2);
        }
    }

    /**
     * A retry forgets only what it applied itself: a message answered from an earlier attempt's memory, which that
     * attempt kept because its outcome was unknown to the client, stays remembered whatever the retry is answered.
     */
    @Test
    void aRetryToldToRetryAgain_forgetsOnlyWhatItApplied_notAnEarlierAttemptsMemory() {
        tallies.get(0).callOrStart("kept-for-later", new Add(0));
        try (RequestIds.Scope lost = RequestIds.open("kept-1 fingerprint")) {
            assertThat(tallies.get(0).call("kept-for-later", new Add(1))).isEqualTo(1);
            RequestIds.outcomeUnknown(); // its member lost: 503 indeterminate
            lost.forgetMessages();
        }
        try (RequestIds.Scope refused = RequestIds.open("kept-1 fingerprint")) {
            assertThat(tallies.get(1).call("kept-for-later", new Add(1))).isEqualTo(1);
            refused.forgetMessages(); // a later message refused it, 503: this attempt applied nothing
        }
        try (RequestIds.Scope last = RequestIds.open("kept-1 fingerprint")) {
            assertThat(tallies.get(2).call("kept-for-later", new Add(1))).as("applied once").isEqualTo(1);
        }
    }

    /** POST /api/kv retried after a 503: the first attempt's store, not a second one that nobody knows of. */
    @Test
    void aRetriedCreate_ofARequestWithAnIdentity_findsTheFirstAttemptsProcess_keepingItsState() {
        String first;
        try (RequestIds.Scope attempt = RequestIds.open("create-1 fingerprint")) {
            first = tallies.get(0).create(Tally::new);
            tallies.get(0).call(first, new Add(5));
        }
        try (RequestIds.Scope retry = RequestIds.open("create-1 fingerprint")) { // via another member
            assertThat(tallies.get(1).create(Tally::new)).isEqualTo(first);
        }
        assertThat(tallies.get(2).call(first, new Get())).isEqualTo(5);
        try (RequestIds.Scope other = RequestIds.open("create-2 fingerprint")) {
            assertThat(tallies.get(1).create(Tally::new)).isNotEqualTo(first);
        }
        assertThat(tallies.get(2).create(Tally::new)).as("without an identity").isNotEqualTo(first);
    }

    /**
     * A create that made a process is an activation of the member that ran its init, and a write timed on its
     * route; its retry through another member, finding that process, is timed but starts nothing.
     */
    @Test
    void aCreate_isAnActivationOfItsMember_andItsRetryIsNone() {
        List<SimpleMeterRegistry> registries = List.of(new SimpleMeterRegistry(), new SimpleMeterRegistry());
        List<KeyedProcesses> counted = List.of(0, 1).stream().map(i -> (KeyedProcesses) new ReplicatedProcesses(
                cluster.member(i)::instance, "counted-creates", 10, false, clock,
                new ClusterMetrics(cluster.member(i), registries.get(i)), true)).toList();

        try (RequestIds.Scope attempt = RequestIds.open("counted-1 fingerprint")) {
            counted.get(0).create(Tally::new);
        }
        try (RequestIds.Scope retry = RequestIds.open("counted-1 fingerprint")) {
            counted.get(1).create(Tally::new);
        }
        counted.get(1).create(Tally::new);

        assertThat(registries).extracting(r -> r.get("genserver.cluster.activations").tag("cause", "create")
                .functionCounter().count()).containsExactly(1.0, 1.0);
        assertThat(registries).extracting(r -> r.get("genserver.cluster.messages").timers().stream()
                .mapToLong(Timer::count).sum()).containsExactly(1L, 2L);
    }

    /**
     * The retry of a create that took the last slot (its answer lost with a member) finds the first attempt's
     * process: it is not refused max_children by the very process it made, which would be left an orphan.
     */
    @Test
    void aRetriedCreate_thatTookTheLastSlot_findsItsProcess_notTheBound() {
        KeyedProcesses bounded = processes(cluster.member(0), "created-at-the-bound", 2, false);
        bounded.create(Tally::new);
        String last;
        try (RequestIds.Scope attempt = RequestIds.open("last-slot fingerprint")) {
            last = bounded.create(Tally::new);
        }

        try (RequestIds.Scope retry = RequestIds.open("last-slot fingerprint")) {
            assertThat(processes(cluster.member(1), "created-at-the-bound", 2, false).create(Tally::new))
                    .isEqualTo(last);
        }
        assertThatThrownBy(() -> bounded.create(Tally::new)).isInstanceOf(MaxChildrenException.class);
    }

    /**
     * Within a request with an identity, a query is remembered like any message: the retry of a push that asked
     * the size first sees the size the first attempt saw, not one its own applied push changed.
     */
    @Test
    void aQueryOfARequestWithAnIdentity_isAnsweredAgain_asItWasTheFirstTime() {
        tallies.get(0).callOrStart("asked-first", new Add(4));
        try (RequestIds.Scope first = RequestIds.open("asked-1 fingerprint")) {
            assertThat(tallies.get(0).call("asked-first", new Get())).isEqualTo(4);
            assertThat(tallies.get(0).call("asked-first", new Add(1))).isEqualTo(5);
        }
        try (RequestIds.Scope retry = RequestIds.open("asked-1 fingerprint")) {
            assertThat(tallies.get(1).call("asked-first", new Get())).isEqualTo(4);
            assertThat(tallies.get(1).call("asked-first", new Add(1))).isEqualTo(5);
        }
        assertThat(tallies.get(2).call("asked-first", new Get())).as("without an identity: now").isEqualTo(5);
    }

    /** {@code modules} and the service "written", whose state counts how often it is serialized. */
    private static Modules withWrittenStates(Modules modules) {
        modules.register("written", new GenServer<WrittenState>() {
            @Override
            public Init<WrittenState> init() {
                return Init.ok(new WrittenState());
            }

            @Override
            public CallResult<WrittenState> handleCall(Call<?> request, From from, WrittenState state) {
                return ((Get) request).reply(0L, state);
            }
        });
        return modules;
    }

    static final class WrittenState implements Serializable {
        static final AtomicInteger WRITES = new AtomicInteger();

        private void writeObject(ObjectOutputStream out) throws IOException {
            WRITES.incrementAndGet();
            out.defaultWriteObject();
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private KeyedProcesses tallies(ClusterMember member) {
        return processes(member, "tally", 100, false);
    }

    /** The tallies of {@code services}, reading {@code clock}. */
    static Modules modules(PinnedClock clock, String... services) {
        Modules modules = new Modules();
        for (String service : services) {
            modules.register(service, new Tally(clock));
        }
        return modules;
    }

    static KeyedProcesses processes(ClusterMember member, String service, int max, boolean permanent,
            PinnedClock clock) {
        return new ReplicatedProcesses(member::instance, service, max, permanent, clock,
                new ClusterMetrics(member, new SimpleMeterRegistry()), true);
    }

    private KeyedProcesses processes(ClusterMember member, String service, int max, boolean permanent) {
        return processes(member, service, max, permanent, clock);
    }

    /** A running total that can also remember the time of its last {@link Stamp}. */
    static final class Tally implements GenServer<long[]> {

        private final java.time.Clock clock;

        Tally() {
            this(java.time.Clock.systemUTC());
        }

        Tally(java.time.Clock clock) {
            this.clock = clock;
        }

        @Override
        public Init<long[]> init() {
            return Init.ok(new long[2]);
        }

        @Override
        public CallResult<long[]> handleCall(Call<?> request, From from, long[] state) {
            return switch (request) {
                case Add add -> add.reply(state[0] + add.n(), new long[] {state[0] + add.n(), state[1]});
                case Get get -> get.reply(state[0], state);
                case HeldGet held -> {
                    HeldGet.holdIfArmed();
                    yield held.reply(state[0], state);
                }
                case Stamp stamp -> stamp.reply(Optional.of(clock.millis()), new long[] {state[0], clock.millis()});
                case Last last -> last.reply(state[1] == 0 ? Optional.empty() : Optional.of(state[1]), state);
                case Crash crash -> throw new IllegalStateException("crash requested");
                default -> GenServer.super.handleCall(request, from, state);
            };
        }

        @Override
        public Result<long[]> handleCast(Object message, long[] state) {
            return Result.noreply(new long[] {state[0] + (Long) message, state[1]});
        }

        @Override
        public void terminate(ExitReason reason, long[] state) {
        }
    }

    record Add(long n) implements Call<Long> { }

    record Get() implements Call.Query<Long> { }

    /**
     * {@link Get}, except that the first one handled after {@link #arm} holds its member's partition thread until
     * {@link #release}, whatever interrupts it: a query in flight on a member that is then lost.
     */
    record HeldGet() implements Call.Query<Long> {

        private static final AtomicReference<CountDownLatch[]> ARMED = new AtomicReference<>();

        /** Arms the next one; the first latch counts down when it is held, the second releases it. */
        static CountDownLatch[] arm() {
            CountDownLatch[] latches = {new CountDownLatch(1), new CountDownLatch(1)};
            ARMED.set(latches);
            return latches;
        }

        static void release(CountDownLatch[] latches) {
            latches[1].countDown();
        }

        private static void holdIfArmed() {
            CountDownLatch[] latches = ARMED.getAndSet(null);
            if (latches != null) {
                latches[0].countDown();
                boolean interrupted = false;
                while (latches[1].getCount() > 0) {
                    try {
                        latches[1].await();
                    } catch (InterruptedException e) {
                        interrupted = true; // a terminating member interrupts its threads: hold on regardless
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    record Stamp() implements Call<Optional<Long>> { }

    record Last() implements Call<Optional<Long>> { }

    record Crash() implements Call<Long> { }
}
