package dev.genserver.cluster;

import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import dev.genserver.testing.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Several members in this JVM on loopback, configured as the service configures its own ({@link MemberConfig}),
 * with a cluster name of their own so test classes never meet.
 */
final class InJvmCluster implements AutoCloseable {

    /** The default of {@code genserver.idempotency.max-entries}. */
    private static final int IDEMPOTENCY_KEYS = 10_000;

    private final String name = "test-" + UUID.randomUUID();
    private final List<Integer> ports;
    private final List<ClusterMember> members = new ArrayList<>();
    private final Modules modules;
    private final int minMembers;
    private final Duration heartbeatTimeout;

    /** {@code size} members running {@code modules}, each registered before its member joins, as in the service. */
    InJvmCluster(int size, Modules modules) {
        this(size, modules, 1);
    }

    /** … refusing writes with fewer than {@code minMembers} in sight. */
    InJvmCluster(int size, Modules modules, int minMembers) {
        this(size, modules, minMembers, Duration.ofSeconds(10));
    }

    /** … declaring a silent member dead after {@code heartbeatTimeout}. */
    InJvmCluster(int size, Modules modules, int minMembers, Duration heartbeatTimeout) {
        this.modules = modules;
        this.minMembers = minMembers;
        this.heartbeatTimeout = heartbeatTimeout;
        // Hazelcast narrates every connection attempt and migration at INFO; the tests need only its warnings
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.hazelcast"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        this.ports = IntStream.range(0, size + 1).mapToObj(i -> FreePorts.next()).toList();
        for (int i = 0; i < size; i++) {
            join();
        }
        awaitSafe();
    }

    /**
     * Until every running member sees exactly the running ones and every partition has its owner and its backup in
     * sync. A write made while partitions are still being placed or their backups copied (at the start, after a
     * join, after a loss) can wait past the backup timeout (1 s) and end indeterminate with no member lost, as one
     * did in a loaded CI run. Each survivor drops a lost member from its view at its own time, so a test that asks
     * several survivors about a lost member waits here for all of them.
     */
    void awaitSafe() {
        List<ClusterMember> running = members.stream().filter(ClusterMember::isJoined).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> running.stream().allMatch(member ->
                member.instance().getCluster().getMembers().size() == running.size()
                        // asking for an owner places the partitions if nobody has yet
                        && member.instance().getPartitionService().getPartitions().stream()
                                .allMatch(partition -> partition.getOwner() != null)
                        && member.instance().getPartitionService().isClusterSafe()));
    }

    /** One more member, on the next port kept free for it. */
    ClusterMember join() {
        ClusterMember joined = new ClusterMember(modules.into(config(ports.get(members.size()))));
        joined.start();
        members.add(joined);
        return joined;
    }

    /** The first of {@code prefix}0, {@code prefix}1, … whose partition {@code member} owns. */
    static String keyOwnedBy(ClusterMember member, String prefix) {
        for (int i = 0; ; i++) {
            String key = prefix + i;
            if (member.instance().getPartitionService().getPartition(key).getOwner().localMember()) {
                return key;
            }
        }
    }

    ClusterMember member(int index) {
        return members.get(index);
    }

    List<ClusterMember> members() {
        return List.copyOf(members);
    }

    /** The modules every member runs, registered on each before it joined. */
    Modules modules() {
        return modules;
    }

    ClusterProperties properties(int port) {
        List<String> all = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        return new ClusterProperties(true, name, port, "127.0.0.1", all, new ClusterProperties.Kubernetes(""),
                minMembers, heartbeatTimeout, true);
    }

    private Config config(int port) {
        ClusterProperties properties = properties(port);
        Config config = MemberConfig.of(properties)
                .addMapConfig(ReplicatedIdempotencyStore.mapConfig(IDEMPOTENCY_KEYS, properties));
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.partition.count", "31");
        return config;
    }

    @Override
    public void close() {
        members.stream().filter(ClusterMember::isJoined)
                .forEach(member -> member.instance().getLifecycleService().terminate());
    }
}
