package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.EntryView;
import dev.genserver.keyed.KeyedProcesses;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Result;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Idle timeouts in the cluster's map: while its module would stop on its idle timeout, an entry records when, and
 * from then on stands for no process on owner and backup alike; Hazelcast removes it a margin later. While the
 * module would not (it has something to remember), it lives on.
 *
 * <p>The members with the ten-minute idle timeout are one cluster for the class: its tests only read their own
 * keys' times to live, and a cluster costs over a second to form. The tests whose processes idle out form one of
 * their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdleEntriesTest {

    private static final String SERVICE = "idler";
    private static final Duration IDLE = Duration.ofMinutes(10);

    private final PinnedClock clock = new PinnedClock(Clock.systemUTC());
    private final InJvmCluster cluster = new InJvmCluster(2, modules(IDLE));

    @AfterAll
    void close() {
        cluster.close();
    }

    @Test
    void anEntryLivesForItsIdleTimeout_onlyWhileItsModuleWouldStopOnIt() {
        KeyedProcesses idlers = processes(cluster);

        long removal = IDLE.plus(Invoke.REMOVAL_MARGIN).toMillis();
        idlers.castOrStart("k", 0L); // nothing to remember: it would stop when idle
        assertThat(ttl("k")).isEqualTo(removal);

        idlers.cast("k", 5L); // something to remember: it would not
        assertThat(ttl("k")).isEqualTo(Long.MAX_VALUE);

        idlers.cast("k", -5L); // back to nothing
        assertThat(ttl("k")).isEqualTo(removal);
    }

    @Test
    void anEntryWithNothingToRemember_isDroppedWhenIdle_andOneWithSomething_isNot() {
        try (InJvmCluster shortIdle = new InJvmCluster(2, modules(Duration.ofMillis(300)))) {
            KeyedProcesses idlers = processes(shortIdle);
            idlers.castOrStart("pristine", 0L);
            idlers.castOrStart("remembers", 1L);

            await().atMost(Duration.ofSeconds(10)).until(() -> !idlers.keys(null, 10).contains("pristine"));

            assertThat(idlers.keys(null, 10)).contains("remembers");
        }
    }

    /**
     * A message to an idled-out process finds none on the owner, and must not be applied to the backup's copy,
     * which Hazelcast keeps up to 10 s longer than the owner's: else the owner's loss would bring back a process
     * that had stopped, with the message applied.
     */
    @Test
    void aMessageToAnIdledOutProcess_isNoprocOnOwnerAndBackup_soTheOwnersLossBringsNothingBack() {
        try (InJvmCluster shortIdle = new InJvmCluster(2, modules(Duration.ofMillis(300)))) {
            String key = InJvmCluster.keyOwnedBy(shortIdle.member(0), "idle-");
            KeyedProcesses viaSurvivor = ReplicatedProcessesTest.processes(shortIdle.member(1), SERVICE, 100, false,
                    clock);
            viaSurvivor.castOrStart(key, 0L);
            await().atMost(Duration.ofSeconds(10)).until(() -> !viaSurvivor.keys(null, 10).contains(key));

            assertThatThrownBy(() -> viaSurvivor.cast(key, 7L)).isInstanceOf(NoProcessException.class);
            shortIdle.member(0).instance().getLifecycleService().terminate();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> shortIdle.member(1).instance().getCluster().getMembers().size() == 1);

            assertThat(viaSurvivor.keys(null, 10)).doesNotContain(key);
            assertThatThrownBy(() -> viaSurvivor.call(key, new ReplicatedProcessesTest.Get()))
                    .isInstanceOf(NoProcessException.class);
        }
    }

    /**
     * A process created by {@code create} whose init asks for an idle timeout it would stop on idles out from its
     * start: reads (here, listing the keys) postpone nothing, as they postpone nothing after a message.
     */
    @Test
    void aCreatedProcessThatIsOnlyRead_idlesOutFromItsStart() {
        assertThat(ttl(processes(cluster).create(() -> new Idler(IDLE, true))))
                .isEqualTo(IDLE.plus(Invoke.REMOVAL_MARGIN).toMillis());
        try (InJvmCluster shortIdle = new InJvmCluster(2, modules(Duration.ofMillis(300)))) {
            KeyedProcesses idlers = processes(shortIdle);
            String key = idlers.create(() -> new Idler(Duration.ofMillis(300), true));

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !idlers.keys(null, 10).contains(key));
        }
    }

    private long ttl(String key) {
        EntryView<Object, Object> view = cluster.member(0).instance()
                .getMap(ClusterConfiguration.MAP_PREFIX + SERVICE).getEntryView(key);
        return view.getTtl();
    }

    private KeyedProcesses processes(InJvmCluster on) {
        return ReplicatedProcessesTest.processes(on.member(0), SERVICE, 100, false, clock);
    }

    private Modules modules(Duration idle) {
        Modules modules = new Modules();
        modules.register(SERVICE, new Idler(idle));
        return modules;
    }

    /**
     * A total that asks for an idle timeout after every message (and from {@code init} if {@code fromStart}) and
     * stops on it only at zero.
     */
    record Idler(Duration idle, boolean fromStart) implements GenServer<Long> {
        Idler(Duration idle) {
            this(idle, false);
        }

        @Override
        public Init<Long> init() {
            return fromStart ? Init.ok(0L, Next.timeout(idle)) : Init.ok(0L);
        }

        @Override
        public Result<Long> handleCast(Object message, Long total) {
            return Result.noreply(total + (Long) message, Next.timeout(idle));
        }

        @Override
        public Result<Long> handleInfo(Object message, Long total) {
            return message == IdleTimeout.INSTANCE && total == 0 ? Result.stop(ExitReason.NORMAL, total)
                    : Result.noreply(total);
        }
    }
}
