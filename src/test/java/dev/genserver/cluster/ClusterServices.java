package dev.genserver.cluster;

import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import dev.genserver.keyed.LocalProcessDirectory;
import dev.genserver.keyed.ProcessDirectory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The services' own client beans on the members of an {@link InJvmCluster}, each reaching its processes through
 * the directory cluster mode gives it ({@link ClusterProcessDirectory}), as in the application. A service that is
 * not replicated fails loudly here: these directories have no local tree to fall back to.
 */
final class ClusterServices {

    private ClusterServices() {
    }

    /**
     * The modules of the services {@code make} builds, registered (with their maps' settings) by building them once
     * before any member joins, as the application context does.
     */
    static Modules modules(PinnedClock clock, Consumer<ProcessDirectory> make) {
        Modules modules = new Modules();
        make.accept(directory(new ClusterMember(new Config()), modules, clock));
        return modules;
    }

    /** The directory of {@code member}, as {@code ClusterConfiguration} makes it. */
    static ProcessDirectory directory(ClusterMember member, Modules modules, PinnedClock clock) {
        return new ClusterProcessDirectory(member, modules, new LocalProcessDirectory(null), clock,
                new ClusterMetrics(member, new SimpleMeterRegistry()));
    }

    /** One client bean per member of {@code cluster}, in member order, made by {@code make}. */
    static <T> List<T> onEveryMember(InJvmCluster cluster, Modules modules, PinnedClock clock,
            Function<ProcessDirectory, T> make) {
        return cluster.members().stream().map(member -> make.apply(directory(member, modules, clock))).toList();
    }

    /** The index of the member owning {@code key}'s partition: the one to terminate to test failover. */
    static int owner(InJvmCluster cluster, String key) {
        List<ClusterMember> members = cluster.members();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).isJoined() && members.get(i).instance().getPartitionService().getPartition(key)
                    .getOwner().localMember()) {
                return i;
            }
        }
        throw new IllegalStateException("no member owns the key");
    }

    /** Terminates member {@code index} without warning and waits until every other member has seen it go. */
    static void terminate(InJvmCluster cluster, int index) {
        cluster.member(index).instance().getLifecycleService().terminate();
        List<ClusterMember> survivors = cluster.members().stream().filter(ClusterMember::isJoined).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> survivors.stream()
                .allMatch(m -> m.instance().getCluster().getMembers().size() == survivors.size()));
    }
}
