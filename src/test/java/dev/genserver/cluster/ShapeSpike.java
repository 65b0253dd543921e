package dev.genserver.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import dev.genserver.keyed.KeyedProcesses;
import java.io.Serializable;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The spike behind cluster mode's shape (docs/architecture.md, "Why this shape"), kept so its figures can be made
 * again: the mean time of one write to a counter and to a stack of 0 or 10,000 items, on a two-member cluster in
 * this JVM, (a) as a process on the key's owner that writes its whole state to a map with a synchronous backup
 * before replying, reached through {@code IExecutorService.submitToKeyOwner}, and (b) as the entry processor
 * cluster mode runs ({@link ReplicatedProcesses}), which replicates the message.
 * Run: {@code ./mvnw -o test-compile && java <hazelcast flags> -cp target/test-classes:target/classes:<classpath>
 * dev.genserver.cluster.ShapeSpike} (the whole command, classpath and flags, is in docs/performance.md, "How to run").
 */
public final class ShapeSpike {

    private static final int WARMUP = 2_000;
    private static final int WRITES = 5_000;

    public static void main(String[] args) throws Exception {
        PinnedClock clock = new PinnedClock(Clock.systemUTC());
        Modules modules = ReplicatedProcessesTest.modules(clock, "tally");
        modules.register("spike-stack", new SpikeStack());
        try (InJvmCluster cluster = new InJvmCluster(2, modules)) {
            HazelcastInstance caller = cluster.member(0).instance();
            KeyedProcesses tallies = ReplicatedProcessesTest.processes(cluster.member(0), "tally", 100, false, clock);
            KeyedProcesses stacks = ReplicatedProcessesTest.processes(cluster.member(0), "spike-stack", 100, false,
                    clock);
            for (int items : new int[] {0, 10_000}) {
                String key = "stack-" + items;
                stacks.callOrStart(key, new Fill(items));
                caller.getMap("spike-a").set(key, filled(items));
            }
            report("counter", "(b) entry processor", time(() -> tallies.callOrStart("c", new ReplicatedProcessesTest.Add(1))));
            report("counter", "(a) owner + map.set", time(() -> ownerWrite(caller, "c", null)));
            for (int items : new int[] {0, 10_000}) {
                String key = "stack-" + items;
                report("stack of " + items, "(b) entry processor", time(() -> stacks.call(key, new PushPop())));
                report("stack of " + items, "(a) owner + map.set", time(() -> ownerWrite(caller, key, items)));
            }
        }
    }

    private static Object ownerWrite(HazelcastInstance caller, String key, Integer items) throws Exception {
        IExecutorService executor = caller.getExecutorService("spike");
        return executor.submitToKeyOwner(new OwnerWrite(key, items != null), key).get();
    }

    private static double time(Callable<?> write) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            write.call();
        }
        long start = System.nanoTime();
        for (int i = 0; i < WRITES; i++) {
            write.call();
        }
        return (System.nanoTime() - start) / 1_000.0 / WRITES;
    }

    private static void report(String state, String shape, double micros) {
        System.out.printf(Locale.ROOT, "%-16s %-22s %8.1f µs/write%n", state, shape, micros);
    }

    static ArrayDeque<Long> filled(int items) {
        ArrayDeque<Long> stack = new ArrayDeque<>();
        for (long i = 0; i < items; i++) {
            stack.push(i);
        }
        return stack;
    }

    /** Shape (a): the owner's process (here its state in a local map) changes and writes the whole state back. */
    static final class OwnerWrite implements Callable<Object>, Serializable, HazelcastInstanceAware {

        private static final ConcurrentMap<String, Object> LOCAL = new ConcurrentHashMap<>();

        private final String key;
        private final boolean stack;
        private transient HazelcastInstance member;

        OwnerWrite(String key, boolean stack) {
            this.key = key;
            this.stack = stack;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance member) {
            this.member = member;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Object call() {
            IMap<String, Object> map = member.getMap("spike-a");
            synchronized (LOCAL) { // one writer, as the process's turn would be
                Object state = LOCAL.computeIfAbsent(key, k -> map.get(k) == null ? 0L : map.get(k));
                if (stack) {
                    ArrayDeque<Long> items = (ArrayDeque<Long>) state;
                    items.push(1L);
                    items.pop();
                } else {
                    state = (Long) state + 1;
                    LOCAL.put(key, state);
                }
                map.set(key, state);
                return stack ? null : state;
            }
        }
    }

    record Fill(int items) implements dev.genserver.runtime.Call<Integer> { }

    record PushPop() implements dev.genserver.runtime.Call<Integer> { }

    /** A stack whose write pushes and pops one item, so its size stays put. */
    static final class SpikeStack implements dev.genserver.runtime.GenServer<ArrayDeque<Long>> {
        @Override
        public dev.genserver.runtime.Init<ArrayDeque<Long>> init() {
            return dev.genserver.runtime.Init.ok(new ArrayDeque<>());
        }

        @Override
        public dev.genserver.runtime.CallResult<ArrayDeque<Long>> handleCall(dev.genserver.runtime.Call<?> request,
                dev.genserver.runtime.From from, ArrayDeque<Long> stack) {
            if (request instanceof Fill fill) {
                ArrayDeque<Long> filled = filled(fill.items());
                return fill.reply(filled.size(), filled);
            }
            stack.push(1L);
            stack.pop();
            return ((PushPop) request).reply(stack.size(), stack);
        }
    }
}
