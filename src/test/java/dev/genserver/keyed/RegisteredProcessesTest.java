package dev.genserver.keyed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.ProcessTrees;
import dev.genserver.app.RequestIds;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.app.TimedOutCalls;
import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import dev.genserver.testing.Tally;
import dev.genserver.testing.Tally.Add;
import dev.genserver.testing.Tally.Total;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process for a key, started on first use under one supervisor; the services' tests cover their uses. */
class RegisteredProcessesTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Registry registry = Registry.create("tallies");
    private final DynamicSupervisor supervisor = DynamicSupervisor.start(runtime,
            DynamicSupervisorSpec.withMaxChildren(3), StartOptions.DEFAULTS);
    private final KeyedProcesses tallies = new RegisteredProcesses(supervisor, registry, "tally", Tally::new,
            new TimedOutCalls(Clock.systemUTC()));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void startOnFirstUse_ofAKeyAlreadyTaken_keepsTheRunningProcess() {
        tallies.castOrStart("taken", 1L);
        Pid first = registry.whereis("taken").orElseThrow();

        tallies.castOrStart("taken", 1L);

        assertThat(registry.whereis("taken")).contains(first);
        assertThat(supervisor.countChildren().active()).isEqualTo(1);
        assertThat(first.service()).isEqualTo("tally");
    }

    /**
     * At the supervisor's bound, a first use that lost the race to start its key (its lookup ran before the
     * winner's start registered it) reaches the winner's process: the supervisor counted its children before it
     * would have found the key taken, and refused it {@code max_children}. A key nobody holds is still refused.
     */
    @Test
    void aFirstUseRacingAnotherAtTheSupervisorsBound_reachesTheWinnersProcess() {
        DynamicSupervisor two = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(2),
                StartOptions.DEFAULTS);
        KeyedProcesses winner = new RegisteredProcesses(two, registry, "tally", Tally::new,
                new TimedOutCalls(Clock.systemUTC()));
        AtomicBoolean missedOnce = new AtomicBoolean();
        KeyedProcesses loser = new RegisteredProcesses(two, registry, "tally", Tally::new,
                new TimedOutCalls(Clock.systemUTC()),
                key -> missedOnce.compareAndSet(false, true) ? Optional.empty() : registry.whereis(key));
        winner.callOrStart("other", new Add(1L));
        winner.callOrStart("c", new Add(1L)); // the bound: two children

        assertThat(loser.callOrStart("c", new Add(1L))).isEqualTo(2L);
        assertThatThrownBy(() -> winner.callOrStart("third", new Add(1L))).isInstanceOf(MaxChildrenException.class);
    }

    @Test
    void callAndCast_toAKeyWithoutProcess_areNoproc_andStartNothing() {
        assertThatThrownBy(() -> tallies.call("none", new Total())).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> tallies.cast("none", 1L)).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> tallies.stop("none")).isInstanceOf(NoProcessException.class);
        assertThat(registry.whereis("none")).isEmpty();
        assertThat(supervisor.countChildren().active()).isZero();
    }

    @Test
    void aStartWhoseInitIgnores_isNoproc_andLeavesNothing() {
        KeyedProcesses ignoring = new RegisteredProcesses(supervisor, registry, "tally", () -> Init::ignore,
                new TimedOutCalls(Clock.systemUTC()));

        assertThatThrownBy(() -> ignoring.callOrStart("ignored", new Total()))
                .isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> ignoring.castOrStart("ignored", 1L)).isInstanceOf(NoProcessException.class);
        assertThat(registry.whereis("ignored")).isEmpty();
        assertThat(supervisor.countChildren().specs()).isZero();
    }

    @Test
    void callAndCastWithFactory_startOnFirstUse_andReachTheSameProcessAfter() {
        tallies.castOrStart("a", 2L);

        assertThat(tallies.callOrStart("a", new Total())).isEqualTo(2);
        tallies.cast("a", 3L);
        assertThat(tallies.call("a", new Total())).isEqualTo(5);
    }

    @Test
    void stop_freesTheKey_andTheNextUseStartsAfresh() {
        tallies.castOrStart("s", 7L);

        tallies.stop("s");

        assertThat(registry.whereis("s")).isEmpty();
        assertThatThrownBy(() -> tallies.call("s", new Total())).isInstanceOf(NoProcessException.class);
        assertThat(tallies.callOrStart("s", new Total())).isZero();
    }

    /**
     * Deletes racing the first uses of one key (a named counter's increments): a use whose process is stopped under
     * it goes to a fresh one, and each such failure is the stop of another process, so every use is answered
     * however the stops fall. (With three attempts, about one use in four hundred here was answered noproc.)
     */
    @Test
    void callOrStart_racingStopsOfItsKey_isAnsweredEveryTime() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(48);
        try {
            int answered = 0;
            for (int round = 0; round < 20; round++) {
                String key = "raced-" + round;
                List<Callable<Boolean>> uses = new ArrayList<>();
                for (int i = 0; i < 600; i++) {
                    uses.add(() -> tallies.callOrStart(key, new Add(1)) > 0);
                }
                for (int i = 0; i < 30; i++) {
                    uses.add(() -> {
                        try {
                            tallies.stop(key);
                        } catch (NoProcessException stoppedMeanwhile) {
                            // by another delete, or before the first use: as a client's DELETE would find it
                        }
                        return false;
                    });
                }
                Collections.shuffle(uses, new Random(round));
                for (Future<Boolean> use : threads.invokeAll(uses)) {
                    answered += use.get() ? 1 : 0; // get() throws what the use threw: noproc fails the test
                }
                if (registry.whereis(key).isPresent()) {
                    tallies.stop(key); // the supervisor takes three
                }
            }
            assertThat(answered).isEqualTo(20 * 600);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void create_startsUnderANewRandomKey_andKeysListsThemSortedAndBounded() {
        String one = tallies.create(Tally::new);
        String two = tallies.create(Tally::new);
        tallies.castOrStart("!first", 0L);

        assertThat(one).matches("[A-Za-z0-9_-]{22}").isNotEqualTo(two);
        assertThat(tallies.keys(null, 10)).isEqualTo(List.of("!first", one, two).stream().sorted().toList());
        assertThat(tallies.keys(null, 1)).containsExactly("!first");
        assertThatThrownBy(() -> tallies.create(Tally::new)).isInstanceOf(MaxChildrenException.class);
    }

    @Test
    void started_inTheTree_registersInARegistryTheTreeLists() {
        ProcessTree tree = ProcessTrees.in(runtime);
        KeyedProcesses things = new LocalProcessDirectory(tree).keyed("things", "things", "thing", 5, null, Tally::new);

        things.castOrStart("k", 0L);

        assertThat(tree.registries()).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("things");
            assertThat(r.whereis("k")).isPresent();
        });
    }

    /**
     * What {@link TimedOutCalls} promises, through the seam: the retry of a request whose call timed out waits for
     * that call, and gets its reply even once the key's process is gone. The process is suspended, so the first
     * call times out for certain; the second's runtime default (1 s) bounds only how long that takes to see.
     */
    @Test
    void theRetryOfARequestWhoseCallTimedOut_getsThatCallsReply_evenOnceTheKeyIsStopped() {
        try (ProcessRuntime quick = ProcessRuntime.create(RuntimeOptions.defaults()
                .withDefaultCallTimeout(Duration.ofSeconds(1)))) {
            Registry names = Registry.create("quick");
            KeyedProcesses quickTallies = new RegisteredProcesses(DynamicSupervisor.start(quick,
                    DynamicSupervisorSpec.withMaxChildren(3), StartOptions.DEFAULTS), names, "tally", Tally::new,
                    new TimedOutCalls(Clock.systemUTC()));
            quickTallies.castOrStart("k", 1L);
            Pid pid = names.whereis("k").orElseThrow();
            quick.suspend(pid, Duration.ofSeconds(5));
            try (RequestIds.Scope request = RequestIds.open("req")) {
                assertThatThrownBy(() -> quickTallies.callOrStart("k", new Add(2)))
                        .isInstanceOf(CallTimeoutException.class);
            }
            quick.resume(pid, Duration.ofSeconds(5));

            try (RequestIds.Scope retry = RequestIds.open("req")) {
                assertThat(quickTallies.callOrStart("k", new Add(2))).isEqualTo(3);
            }
            assertThat(quickTallies.call("k", new Total())).as("added once").isEqualTo(3);
            quickTallies.stop("k");
            try (RequestIds.Scope retry = RequestIds.open("req")) {
                assertThat(quickTallies.call("k", new Add(2))).isEqualTo(3);
            }
            assertThat(names.whereis("k")).isEmpty();
        }
    }

    /**
     * A key's process that exits with its supervisor after the registry found it never saw the message: while the
     * supervisor is not there, that is said as a miss in the registry says it (503), not as an unknown key (404).
     */
    @Test
    void aProcessGoneWithItsSupervisor_afterItsLookup_isUnavailable_notUnknown() {
        AtomicBoolean supervisorGone = new AtomicBoolean();
        DynamicSupervisor lookedUp = DynamicSupervisor.lookedUp(() -> {
            if (supervisorGone.get()) {
                throw ServiceUnavailableException.notRunning("tally-supervisor");
            }
            return supervisor.pid();
        });
        AtomicBoolean armed = new AtomicBoolean();
        RegisteredProcesses gone = new RegisteredProcesses(lookedUp, registry, "tally", Tally::new,
                new TimedOutCalls(Clock.systemUTC()), key -> registry.whereis(key).map(found -> {
                    if (armed.getAndSet(false)) { // after the lookup, before the message: both gone
                        runtime.kill(found);
                        supervisorGone.set(true);
                    }
                    return found;
                }));
        gone.castOrStart("k", 1L);

        armed.set(true);
        assertThatThrownBy(() -> gone.call("k", new Total())).isInstanceOf(ServiceUnavailableException.class);
        assertThat(registry.whereis("k")).isEmpty();
    }
}

