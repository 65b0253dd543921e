package dev.genserver.observability;

import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the observer's queries cost with a million idle processes (docs/performance.md, "The observer"): a
 * thousand children of a dynamic supervisor under a root, then the rest of the million without a supervisor,
 * twenty of them suspended with messages queued; then each query
 * the page makes, timed over repeated runs on one thread, and its answer serialized to JSON as the page gets it.
 * In the observability package to reach its package-private classes; queries are built as records, not parsed,
 * since the benchmark jar leaves out the web stack.
 * <pre>
 * ./mvnw -Pbench package
 * java -Xmx2g -cp target/benchmarks.jar dev.genserver.observability.ObserverBenchmark
 * </pre>
 * {@code -Dprocesses=N} changes the million, {@code -Drepetitions=N} the 20 timed runs per query.
 */
public final class ObserverBenchmark {

    /** Children of the dynamic supervisor, started first; the rest are started without a supervisor, faster. */
    private static final int POOL = 1000;

    private ObserverBenchmark() {
    }

    /** An idle process that ignores its casts. */
    static final class Idle implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }
    }

    public static void main(String[] args) {
        int count = Integer.getInteger("processes", 1_000_000);
        int repetitions = Integer.getInteger("repetitions", 20);
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE),
                    StartOptions.named(Name.local("root")).withService("root"));
            root.startChild(DynamicSupervisor.childSpec("pool", DynamicSupervisorSpec.withMaxChildren(count + 1),
                    StartOptions.named(Name.local("pool")).withService("pool")));
            DynamicSupervisor pool = DynamicSupervisor.of(runtime.whereis("pool").orElseThrow());
            long starting = System.nanoTime();
            Pid[] pids = new Pid[count];
            for (int i = 0; i < POOL; i++) {
                pids[i] = pool.startChild(ChildSpec.temporary("p", Idle::new));
            }
            for (int i = POOL; i < count; i++) {
                pids[i] = runtime.start(new Idle(), StartOptions.DEFAULTS.withService("idle"));
            }
            System.out.printf("Java %s, %d CPUs, max heap %,d MiB: %,d processes started in %.1f s%n",
                    Runtime.version(), Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20, runtime.count(),
                    (System.nanoTime() - starting) / 1e9);
            Random random = new Random(42);
            for (int i = 0; i < 20; i++) {
                Pid busy = pids[random.nextInt(count)];
                runtime.suspend(busy, Duration.ofSeconds(5));
                for (int m = 0; m <= i; m++) {
                    busy.cast("queued");
                }
            }

            ProcessRates rates = new ProcessRates(runtime, System::nanoTime, ObserverSampler::cpuNanos);
            ProcessRanking ranking = new ProcessRanking(runtime, rates, Clock.systemUTC());
            SupervisionTree tree = new SupervisionTree(runtime, root);
            JsonMapper json = JsonMapper.builder().findAndAddModules().build();
            long poolId = pool.pid().id();

            System.out.println("| query | median ms | max ms | JSON bytes |");
            System.out.println("|---|---:|---:|---:|");
            time("survey: one pass over every process, no allocation", repetitions, json, () -> {
                long[] sum = {0};
                runtime.survey((pid, mailbox, handled, restarts) -> sum[0] += mailbox);
                return sum[0];
            });
            time("rate survey (ProcessRates: ids and counts copied)", repetitions, json, () -> {
                rates.forgetIfIdle();
                return new ProcessRates(runtime, System::nanoTime, ObserverSampler::cpuNanos).rates().newer().size();
            });
            rates.rates();
            time("top 20 by mailbox depth", repetitions, json, () -> ranking.query(TableQuery.topByMailbox(20)));
            time("a page of the table, id order, 50 rows, from the middle", repetitions, json,
                    () -> ranking.query(new TableQuery(TableQuery.Sort.ID, null, null, null, 0, pids[count / 2].id(), 50)));
            time("a page of the pool's children (supervisor=), 50 rows", repetitions, json,
                    () -> ranking.query(new TableQuery(TableQuery.Sort.ID, null, null, poolId, 0, 0, 50)));
            time("top 50 by rate (from the rate surveys)", repetitions, json,
                    () -> ranking.query(new TableQuery(TableQuery.Sort.RATE, null, null, null, 0, 0, 50)));
            time("the supervision tree", repetitions, json, tree::tree);
            time("per-service figures (the sampler's second, a scrape's walk)", repetitions, json,
                    runtime::services);
        }
    }

    private static void time(String name, int repetitions, JsonMapper json, Supplier<Object> query) {
        for (int i = 0; i < 3; i++) {
            json.writeValueAsBytes(query.get());
        }
        double[] millis = new double[repetitions];
        int bytes = 0;
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            bytes = json.writeValueAsBytes(query.get()).length;
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        System.out.printf("| %s | %.2f | %.2f | %,d |%n", name, millis[repetitions / 2], millis[repetitions - 1],
                bytes);
    }
}
