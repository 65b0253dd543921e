package dev.genserver.cache;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;

/**
 * The cache's algorithm, per operation, in a full cache of 1,000 and of 1,000,000 entries: the service's
 * {@link LruTtlCache} ({@code lruTtl}) beside the seed's map-and-scan cache ({@link SeedScanCache},
 * {@code seedScan}). O(1) means the time per operation does not grow with the entries; what grows a little is
 * the memory hierarchy (a million entries do not fit in the CPU caches), not the work.
 *
 * <ul>
 *   <li>{@code get}: a hit, which also refreshes the entry's recency;</li>
 *   <li>{@code put}: overwrites an existing key;</li>
 *   <li>{@code evict}: puts a new key into the full cache, which evicts the least recently used entry. The keys
 *       cycle through twice the capacity, so every put is of a key evicted long ago.</li>
 * </ul>
 * The entries never expire here (a one-day TTL at a fixed time), so expiry bookkeeping is not what is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CacheBenchmark {

    private static final long NOW = 1_000_000L;
    private static final JsonNode VALUE = IntNode.valueOf(42);

    @Param({"1000", "1000000"})
    public int entries;

    @Param({"lruTtl", "seedScan"})
    public String implementation;

    private boolean ours;
    private LruTtlCache lruTtl;
    private SeedScanCache seedScan;
    private String[] keys;
    private int cursor;

    @Setup(Level.Trial)
    public void fill() {
        ours = implementation.equals("lruTtl");
        keys = new String[2 * entries];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "key-" + i;
        }
        lruTtl = new LruTtlCache(entries, Duration.ofDays(1));
        seedScan = new SeedScanCache(entries);
        for (int i = 0; i < entries; i++) {
            put(keys[i]);
        }
    }

    @TearDown(Level.Trial)
    public void checkFull() {
        int size = ours ? lruTtl.stats(NOW).size() : seedScan.size();
        if (size != entries) {
            throw new IllegalStateException(implementation + " holds " + size + " entries, not " + entries);
        }
    }

    @Benchmark
    public Object get() {
        String key = keys[nextIndex(entries)];
        return ours ? lruTtl.get(key, NOW) : seedScan.get(key);
    }

    @Benchmark
    public void put() {
        put(keys[nextIndex(entries)]);
    }

    @Benchmark
    public void evict() {
        put(keys[(entries + nextIndex(keys.length)) % keys.length]);
    }

    private void put(String key) {
        if (ours) {
            lruTtl.put(key, VALUE, NOW);
        } else {
            seedScan.put(key, VALUE);
        }
    }

    private int nextIndex(int bound) {
        int index = cursor;
        cursor = index + 1 == bound ? 0 : index + 1;
        return index;
    }
}
