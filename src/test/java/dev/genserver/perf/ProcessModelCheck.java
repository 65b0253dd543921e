package dev.genserver.perf;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Result;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A quick check of the process model's headline figures, not a benchmark (the JMH suite is that): idle
 * processes per heap, calls and casts per second from one thread, and the latency of a call to an idle process
 * while other processes' handlers block. Run it with a 1 GiB heap:
 * <pre>
 * ./mvnw -q -o test-compile
 * java -Xmx1g -cp target/classes:target/test-classes dev.genserver.perf.ProcessModelCheck
 * </pre>
 */
public final class ProcessModelCheck {

    record Increment() implements Call<Long> { }

    record Block(CountDownLatch release) implements Call<Long> { }

    /** The seed's Counter, plus a call that blocks until released (the "Blocking the GenServer" pitfall). */
    static final class Counter implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
            return switch (request) {
                case Increment increment -> increment.reply(n + 1, n + 1);
                case Block block -> {
                    try {
                        block.release().await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield block.reply(n, n);
                }
                default -> GenServer.super.handleCall(request, from, n);
            };
        }

        @Override
        public Result<Long> handleCast(Object message, Long n) {
            return Result.noreply(n + 1);
        }
    }

    public static void main(String[] args) throws Exception {
        int processes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        idleProcesses(processes);
        callsFromOneThread();
        castsIntoOneProcess();
        callWhileOthersBlock(8);
    }

    private static void idleProcesses(int count) {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            long before = usedHeapAfterGc();
            long start = System.nanoTime();
            Pid[] pids = new Pid[count];
            for (int i = 0; i < count; i++) {
                pids[i] = runtime.start(new Counter());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long after = usedHeapAfterGc();
            System.out.printf("idle processes: %,d started in %.2f s (%,.0f/s); heap %,d bytes per process "
                            + "(max heap %,d MiB)%n", count, seconds, count / seconds, (after - before) / count,
                    Runtime.getRuntime().maxMemory() >> 20);
            long stopStart = System.nanoTime();
            runtime.close();
            System.out.printf("stopping them all: %.2f s (%d alive, reference kept: %s)%n",
                    (System.nanoTime() - stopStart) / 1e9, runtime.count(), pids[count - 1] != null);
        }
    }

    private static void callsFromOneThread() {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            Pid counter = runtime.start(new Counter());
            double best = 0;
            for (int round = 0; round < 5; round++) {
                int calls = 5_000_000;
                long start = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    counter.call(new Increment());
                }
                best = Math.max(best, calls / ((System.nanoTime() - start) / 1e9));
            }
            System.out.printf("calls from one thread: %.1f M/s (best of 5 rounds of 5 M)%n", best / 1e6);
        }
    }

    private static void castsIntoOneProcess() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withMailboxCapacity(2_000_000))) {
            Pid counter = runtime.start(new Counter(), StartOptions.DEFAULTS);
            double best = 0;
            for (int round = 0; round < 5; round++) {
                int casts = 1_000_000;
                long start = System.nanoTime();
                for (int i = 0; i < casts; i++) {
                    counter.cast("+1");
                }
                counter.call(new Increment());
                best = Math.max(best, casts / ((System.nanoTime() - start) / 1e9));
            }
            System.out.printf("casts into one process (1 M casts, then a call): %.1f M/s (best of 5)%n", best / 1e6);
        }
    }

    private static void callWhileOthersBlock(int blocked) throws Exception {
        try (ProcessRuntime runtime = ProcessRuntime.create()) {
            CountDownLatch release = new CountDownLatch(1);
            List<Pid> blockers = new ArrayList<>();
            for (int i = 0; i < blocked; i++) {
                Pid blocker = runtime.start(new Counter());
                blocker.callAsync(new Block(release), Duration.ofSeconds(30));
                blockers.add(blocker);
            }
            Pid idle = runtime.start(new Counter());
            long[] micros = new long[2_000];
            for (int i = 0; i < micros.length; i++) {
                long start = System.nanoTime();
                idle.call(new Increment());
                micros[i] = (System.nanoTime() - start) / 1_000;
            }
            release.countDown();
            Arrays.sort(micros);
            System.out.printf("call to an idle process while %d handlers block: p50 %d us, p99 %d us, max %d us%n",
                    blocked, micros[micros.length / 2], micros[micros.length * 99 / 100], micros[micros.length - 1]);
        }
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
