package dev.genserver.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;

/** The embedded member's Hazelcast configuration, made from {@link ClusterProperties} alone. */
final class MemberConfig {

    static final String SPLIT_BRAIN_PROTECTION = "genserver-min-members";

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
        // (5 s by default) before it fails as indeterminate: Hazelcast does not end it when the member leaves. Such
        // a write stalled its key for 5.7 s after a SIGKILL; with 1 s it ends 1-2 s after it began (Hazelcast
        // looks for timed-out backups once a second), see docs/performance.md. A backup slower than this (a long
        // GC pause) makes its write indeterminate, not lost.
        config.setProperty("hazelcast.operation.backup.timeout.millis", "1000");
        config.setProperty("hazelcast.max.no.heartbeat.seconds",
                Long.toString(Math.max(1, properties.heartbeatTimeout().toSeconds())));
        config.getNetworkConfig().setPort(properties.port()).setPortAutoIncrement(false);
        if (!properties.address().isEmpty()) {
            config.setProperty("hazelcast.local.localAddress", properties.address());
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        join(config.getNetworkConfig().getJoin(), properties);
        config.addMapConfig(new MapConfig(ClusterConfiguration.MAP_PREFIX + "*")
                // one synchronous backup: an answer leaves once the write is on two members
                .setBackupCount(1).setAsyncBackupCount(0)
                // handlers work on the object itself; nothing is serialized per message but the message
                .setInMemoryFormat(InMemoryFormat.OBJECT)
                .setSplitBrainProtectionName(properties.minMembers() > 1 ? SPLIT_BRAIN_PROTECTION : null));
        if (properties.minMembers() > 1) {
            config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(SPLIT_BRAIN_PROTECTION, true,
                    properties.minMembers()));
        }
        return config;
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
