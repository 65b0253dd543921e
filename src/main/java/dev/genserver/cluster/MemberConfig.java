package dev.genserver.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.GlobalSerializerConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.spi.merge.DiscardMergePolicy;
import java.util.UUID;

/** The embedded member's Hazelcast configuration, made from {@link ClusterProperties} alone. */
final class MemberConfig {

    static final String SPLIT_BRAIN_PROTECTION = "genserver-min-members";
    /**
     * The member attribute naming this instance for as long as it runs. A member's UUID changes when it joins
     * again after being declared dead while alive (it merges back as a new member); this stays, so what the
     * instance recorded about itself (the jobs it runs) still points at it.
     */
    static final String INSTANCE = "genserver-instance";

    private MemberConfig() {
    }

    static Config of(ClusterProperties properties) {
        Config config = new Config().setClusterName(properties.name());
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.shutdownhook.enabled", "false"); // Spring's context closes the member
        // A write in flight when its member dies fails instead of being sent again: it may have run already.
        config.setProperty("hazelcast.operation.fail.on.indeterminate.state", "true");
        // With that, a write whose backup was sent to a member that has just died waits for the backup timeout
        // (5 s by default) before it fails as indeterminate: Hazelcast does not end it when the member leaves
        // (InvocationMonitor.OnMemberLeftTask completes pending backups only when it need not fail on an
        // indeterminate state). Such a write stalled its caller for 5.7 s after a SIGKILL; with 1 s it ends 1-2 s
        // after its owner answered, because InvocationMonitor looks for timed-out backups once a second, a period
        // fixed in its code (no property). Reads wait for their backup too (Read confirms the state it read, unless
        // confirmed-reads is off), so this bounds the callers of reads in flight as well; a read is then asked
        // again. A backup slower than this (a long GC pause) makes its write indeterminate, never lost.
        config.setProperty("hazelcast.operation.backup.timeout.millis", "1000");
        // Detection of a member whose process died: its connections close, every reconnection is refused, and the
        // connection's error handler (TcpServerConnectionErrorHandler) suspects the member once it has counted more
        // than max.faults failures, counting one only when the interval has passed since the last one. Hazelcast's
        // 3 and 100 ms take four failures over 300 ms or more (the member left 370 ms after a SIGKILL); 1 takes two,
        // at least 100 ms apart: the close itself, then a refused reconnection (about 150 ms). What it trades: a
        // member whose connection broke and that still refuses one interval later is declared dead, where it had
        // 300 ms to come back; it then has to join again as a new member, its partitions migrating twice. A silent
        // member (no refusal, no close) is still left to the heartbeat timeout.
        config.setProperty("hazelcast.connection.monitor.interval", "100");
        config.setProperty("hazelcast.connection.monitor.max.faults", "1");
        // A message whose partition has no live owner yet (the owner just died, its backup not yet promoted) or is
        // migrating (the lost backups being copied anew, up to a second after a kill) is retried by Hazelcast with
        // a pause doubling from 1 ms up to retry.pause (Invocation.handleRetry; 500 ms by default): so a process
        // answered up to 500 ms after it could have. 100 ms caps that wait; the count keeps Hazelcast's patience
        // (250 tries of 500 ms, about 2 minutes) at 1200 of 100 ms. What it trades: a message waiting on a partition
        // costs ten retries a second instead of two, each one operation.
        config.setProperty("hazelcast.invocation.retry.pause.millis", "100");
        // A backup copy that missed a backup is copied anew from the owner once Hazelcast sees the gap in the
        // partition's versions: at the partition's next backup that runs, or when the owner compares versions with
        // its backups, every 30 s by default. A message whose backup would run on such a copy is refused there
        // (DivergedBackupException), and a refused backup leaves the versions as they were, so a process written to
        // alone waits for the comparison, each message meanwhile 503 indeterminate: 5 s bounds that wait. What it
        // trades: each member sends its backups one version check per partition it owns every 5 s, not every 30.
        config.setProperty("hazelcast.partition.backup.sync.interval", "5");
        config.setProperty("hazelcast.invocation.max.retry.count", "1200");
        // A member is suspected once its last heartbeat is older than the timeout, and Hazelcast sends one every 5 s
        // by default: a member paused for 8 s was declared dead against the 10 s timeout (its last heartbeat 4 s
        // older than the pause), and with a timeout of 5 s or less an idle cluster fell apart into members of one.
        // Sent every second, a pause up to the timeout less a second is waited out, as heartbeat-timeout says. What
        // it trades: one small packet a second from each member to each other. ClusterProperties bounds the timeout
        // to 3 s or more, two heartbeats and some delay.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds",
                Long.toString(properties.heartbeatTimeout().toSeconds()));
        config.getMemberAttributeConfig().setAttribute(INSTANCE, UUID.randomUUID().toString());
        config.getNetworkConfig().setPort(properties.port()).setPortAutoIncrement(false);
        if (!properties.address().isEmpty()) {
            config.setProperty("hazelcast.local.localAddress", properties.address());
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        join(config.getNetworkConfig().getJoin(), properties);
        config.addMapConfig(replicatedMap(ClusterConfiguration.MAP_PREFIX + "*", properties)
                // handlers work on the object itself; nothing is serialized per message but the message
                .setInMemoryFormat(InMemoryFormat.OBJECT));
        config.addMapConfig(replicatedMap(ClusterJobHomes.MAP, properties));
        config.addMapConfig(replicatedMap(ReplicatedProcesses.CREATED, properties)); // not under the prefix's name
        // every Serializable the member sends or backs up, with its JSON values' digits kept
        config.getSerializationConfig().setGlobalSerializerConfig(new GlobalSerializerConfig()
                .setImplementation(new ExactJavaSerialization()).setOverrideJavaSerialization(true));
        if (protection(properties) != null) {
            config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(SPLIT_BRAIN_PROTECTION, true,
                    properties.minMembers()));
        }
        config.addListenerConfig(new ListenerConfig(new MajorityWatch(properties.minMembers())));
        return config;
    }

    /**
     * A map of state that must survive the loss of a member: one synchronous backup (an answer leaves once the write
     * is on two members), behind the split-brain protection if {@code min-members} asks for one.
     *
     * <p>With that protection, a side too small for it refuses every write, so when a split heals the side that
     * merges in (the smaller) holds nothing acknowledged that the other lacks, as long as {@code min-members} is a
     * majority (as its documentation asks; short of one, both sides of a split may write, and the smaller side's
     * writes are lost): its entries are discarded. Hazelcast's default, {@code PutIfAbsentMergePolicy}, put back
     * every key the other side had removed meanwhile, which no tombstone outlives, a merge coming minutes later: a
     * member paused past the heartbeat timeout brought back, once merged, every process deleted while it was away
     * (found by a chaos probe of three members).
     */
    static MapConfig replicatedMap(String name, ClusterProperties properties) {
        String protection = protection(properties);
        MapConfig map = new MapConfig(name).setBackupCount(1).setAsyncBackupCount(0)
                .setSplitBrainProtectionName(protection);
        if (protection != null) {
            map.setMergePolicyConfig(new MergePolicyConfig(DiscardMergePolicy.class.getName(),
                    MergePolicyConfig.DEFAULT_BATCH_SIZE));
        }
        return map;
    }

    /** The split-brain protection's name; null, none, unless {@code min-members} asks for more than one member. */
    private static String protection(ClusterProperties properties) {
        return properties.minMembers() > 1 ? SPLIT_BRAIN_PROTECTION : null;
    }

    private static void join(JoinConfig join, ClusterProperties properties) {
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        String dns = properties.kubernetes().serviceDns();
        if (!dns.isEmpty()) {
            join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", dns);
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(properties.members());
        }
    }
}
