package dev.genserver.session;

import java.time.Duration;
import java.time.Instant;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One session cleanup over 1,000,000 sessions of which 1% (10,000) have expired: the service's
 * {@link SessionTable} ({@code ordered}: pops expired sessions from the head of an access-ordered map, O(expired))
 * beside a full scan ({@code fullScan}: looks at every session, O(sessions), as the seed's cleanup does).
 *
 * <p>Sessions are stamped one millisecond apart and live 1,000 s. Before each cleanup (outside the measured
 * time) the table is topped up to 1,000,000 with newer sessions and the clock is moved so that exactly the
 * oldest 10,000 have expired; every cleanup must remove exactly 10,000 or the run fails.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SessionCleanupBenchmark {

    static final int SESSIONS = 1_000_000;
    static final int EXPIRED = SESSIONS / 100;
    private static final Duration TTL = Duration.ofMillis(SESSIONS);
    private static final Instant BASE = Instant.parse("2025-01-01T00:00:00Z");

    @Param({"ordered", "fullScan"})
    public String implementation;

    private boolean ordered;
    private SessionTable table;
    private FullScanSessions fullScan;
    /** The stamp (in ms after BASE) and number of the next session to create. */
    private long next;
    private Instant now;

    @Setup(Level.Trial)
    public void fill() {
        ordered = implementation.equals("ordered");
        table = new SessionTable(TTL);
        fullScan = new FullScanSessions(TTL);
        topUp();
    }

    /** Refills to a million and sets the clock so that exactly the oldest 1% are past their TTL. */
    @Setup(Level.Invocation)
    public void topUp() {
        while (size() < SESSIONS) {
            Instant stamp = BASE.plusMillis(next);
            String id = "session-" + next;
            if (ordered) {
                table.create(id, "user", stamp);
            } else {
                fullScan.create(id, "user", stamp);
            }
            next++;
        }
        long oldest = next - SESSIONS;
        now = BASE.plus(TTL).plusMillis(oldest + EXPIRED);
    }

    @Benchmark
    public int cleanup() {
        int removed = ordered ? table.sweep(now) : fullScan.sweep(now);
        if (removed != EXPIRED) {
            throw new IllegalStateException(implementation + " removed " + removed + ", not " + EXPIRED);
        }
        return removed;
    }

    private int size() {
        return ordered ? table.size() : fullScan.size();
    }
}
