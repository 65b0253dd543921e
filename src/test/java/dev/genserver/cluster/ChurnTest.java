package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.app.OutcomeUnknownException;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.keyed.KeyedProcesses;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Members joining, leaving gracefully and dying while clients write: every key ends with exactly its acknowledged
 * increments plus some of those whose outcome was unknown, never fewer and never more. A second home for a key
 * (two writers at once) would lose increments; a message run twice would add one.
 */
class ChurnTest {

    private static final int KEYS = 20;
    private static final int CLIENTS = 4;

    private final PinnedClock clock = new PinnedClock(Clock.systemUTC());
    private final InJvmCluster cluster = new InJvmCluster(3, ReplicatedProcessesTest.modules(clock, "tally"));
    private final AtomicLongArray acknowledged = new AtomicLongArray(KEYS);
    private final AtomicLongArray unknown = new AtomicLongArray(KEYS);
    private final AtomicBoolean writing = new AtomicBoolean(true);

    @AfterEach
    void close() {
        cluster.close();
    }

    @Test
    void joinLeaveAndKill_underWrites_loseNoAcknowledgedIncrement_andApplyNoneTwice() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(clients.submit(() -> write(client)));
        }
        awaitWrites(200);
        cluster.join(); // a fourth member takes its share
        awaitWrites(400);
        cluster.member(1).instance().shutdown(); // leaves gracefully, handing its partitions over
        awaitWrites(600);
        cluster.member(0).instance().getLifecycleService().terminate(); // dies
        awaitWrites(800);
        writing.set(false);
        for (Future<?> client : running) {
            client.get();
        }
        clients.shutdown();

        KeyedProcesses reader = tallies(cluster.member(2));
        for (int k = 0; k < KEYS; k++) {
            long value = reader.call("key-" + k, new ReplicatedProcessesTest.Get());
            assertThat(value).as("key-%d", k).isBetween(acknowledged.get(k), acknowledged.get(k) + unknown.get(k));
        }
    }

    private void write(int client) {
        for (int i = client; writing.get(); i++) {
            int key = i % KEYS;
            List<ClusterMember> live = cluster.members().stream().filter(ClusterMember::isJoined).toList();
            ClusterMember via = live.get(i % live.size());
            try {
                tallies(via).callOrStart("key-" + key, new ReplicatedProcessesTest.Add(1));
                acknowledged.incrementAndGet(key);
            } catch (OutcomeUnknownException | ServiceUnavailableException | IllegalStateException lost) {
                unknown.incrementAndGet(key); // its member went while it was in flight: applied or not
            } catch (RuntimeException other) {
                unknown.incrementAndGet(key);
                if (via.isJoined()) {
                    throw other;
                }
            }
        }
    }

    private void awaitWrites(long total) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            long sum = 0;
            for (int k = 0; k < KEYS; k++) {
                sum += acknowledged.get(k);
            }
            return sum >= total;
        });
    }

    private KeyedProcesses tallies(ClusterMember member) {
        return ReplicatedProcessesTest.processes(member, "tally", 10_000, false, clock);
    }
}
