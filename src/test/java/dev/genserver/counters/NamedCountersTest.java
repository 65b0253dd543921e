package dev.genserver.counters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.Refusal;
import dev.genserver.app.TimedOutCalls;
import dev.genserver.keyed.RegisteredProcesses;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NamedCountersTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final Registry registry = Registry.create("counters");
    private final DynamicSupervisor supervisor = DynamicSupervisor.start(runtime,
            DynamicSupervisorSpec.withMaxChildren(100), StartOptions.DEFAULTS);
    private final NamedCounters counters = new NamedCounters(new RegisteredProcesses(supervisor, registry, "counters",
            NamedCounterServer::new, new TimedOutCalls(Clock.systemUTC())));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void firstIncrement_startsTheCounterAtZero_andAnswersOne() {
        assertThat(counters.increment("a")).isEqualTo(1);
        assertThat(counters.increment("a")).isEqualTo(2);
        assertThat(counters.value("a")).isEqualTo(2);
        assertThat(registry.whereis("a")).isPresent();
    }

    /** At the largest long the count stays and the increment is refused {@code full}, as the singleton's is. */
    @Test
    void anIncrementAtTheLargestLong_isRefusedFull_andTheCountStays() {
        counters.increment("big");
        runtime.<Long>replaceState(registry.whereis("big").orElseThrow(), count -> Long.MAX_VALUE - 1,
                Duration.ofSeconds(5));

        assertThat(counters.increment("big")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> counters.increment("big")).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(Refusal.Reason.FULL));
        assertThat(counters.value("big")).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void value_ofANameNeverStarted_isNoproc_andStartsNothing() {
        assertThatThrownBy(() -> counters.value("never")).isInstanceOf(NoProcessException.class);
        assertThat(supervisor.countChildren().active()).isZero();
    }

    @Test
    void counters_withDifferentNames_areIndependent() {
        counters.increment("x");
        counters.increment("x");
        counters.increment("y");

        assertThat(counters.value("x")).isEqualTo(2);
        assertThat(counters.value("y")).isEqualTo(1);
    }

    @Test
    void delete_stopsTheCounter_andTheNextIncrementStartsAfresh() {
        counters.increment("d");
        counters.increment("d");

        counters.delete("d");

        assertThatThrownBy(() -> counters.value("d")).isInstanceOf(NoProcessException.class);
        assertThatThrownBy(() -> counters.delete("d")).isInstanceOf(NoProcessException.class);
        assertThat(counters.names(null).keys()).doesNotContain("d");
        assertThat(counters.increment("d")).isEqualTo(1);
    }

    @Test
    void names_areSortedAndBounded() {
        for (String name : List.of("b", "c", "a", "B")) {
            counters.increment(name);
        }

        assertThat(counters.names(null).keys()).containsExactly("B", "a", "b", "c");
    }

    @Test
    void startingBeyondMaxCount_isMaxChildren_butExistingCountersStillCount() {
        NamedCounters small = new NamedCounters(new RegisteredProcesses(DynamicSupervisor.start(runtime,
                DynamicSupervisorSpec.withMaxChildren(2), StartOptions.DEFAULTS), Registry.create("small"),
                "counters", NamedCounterServer::new, new TimedOutCalls(Clock.systemUTC())));
        small.increment("one");
        small.increment("two");

        assertThatThrownBy(() -> small.increment("three")).isInstanceOf(MaxChildrenException.class);
        assertThat(small.increment("one")).isEqualTo(2);
    }

    @Test
    void sixteenThreads_incrementingOneCounter_thousandTimesEach_countExactly16000() throws Exception {
        int threads = 16;
        int perThread = 1000;
        List<Future<long[]>> results = runTogether(threads, () -> {
            long[] seen = new long[perThread];
            for (int i = 0; i < perThread; i++) {
                seen[i] = counters.increment("hot");
            }
            return seen;
        });

        List<Long> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            for (long value : result.get()) {
                all.add(value);
            }
        }
        assertThat(counters.value("hot")).isEqualTo(threads * perThread);
        // every increment got its own value: none lost, none doubled
        assertThat(all).containsExactlyInAnyOrderElementsOf(
                LongStream.rangeClosed(1, threads * perThread).boxed().toList());
        assertThat(supervisor.countChildren().active()).isEqualTo(1);
    }

    /** The lookup-then-start race is real but narrow, so it is run for several names in a row. */
    @Test
    void manyThreads_startingTheSameNameAtOnce_startOneProcess_andEveryIncrementCounts() throws Exception {
        int threads = 32;
        int rounds = 10;
        for (int round = 0; round < rounds; round++) {
            String name = "contended-" + round;
            List<Future<Long>> results = runTogether(threads, () -> counters.increment(name));

            List<Long> values = new ArrayList<>();
            for (Future<Long> result : results) {
                values.add(result.get());
            }
            assertThat(values).containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, threads).boxed().toList());
            assertThat(counters.value(name)).isEqualTo(threads);
        }
        assertThat(supervisor.countChildren().active()).isEqualTo(rounds);
        assertThat(registry.size()).isEqualTo(rounds);
    }

    /** Runs {@code task} on {@code threads} platform threads released together by one latch. */
    private static <T> List<Future<T>> runTogether(int threads, Callable<T> task) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return task.call();
                }));
            }
            ready.await();
            go.countDown();
        }
        return futures;
    }
}
