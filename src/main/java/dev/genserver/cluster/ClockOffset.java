package dev.genserver.cluster;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * How far this member's clock is from its cluster's, which Hazelcast sets from each heartbeat of the master (every
 * second): the master's clock, as it reached this member. Members' clocks must agree, because every message to a
 * replicated process carries the time of the instance it came through and the states keep it: a member 15 s ahead
 * ended sessions and idle processes 15 s early, through it, and a counter started again from 1 (README, "Run a
 * cluster"). Past a second this member says so in its log, once a minute while it lasts; the offset is in the
 * {@code cluster} health component and in {@code genserver_cluster_clock_offset_seconds}. On the master it is 0:
 * a master whose clock is off shows as every other member off by as much.
 */
final class ClockOffset {

    /** NTP keeps clocks within milliseconds; a second is a clock not kept, and is within every timeout's scale. */
    static final Duration TOLERATED = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(ClockOffset.class);

    private final ClusterMember member;
    private final LongSupplier localMillis;
    private final LogThrottle throttle;

    /** {@code localMillis}: the clock the services stamp messages with; a test's may run off on purpose. */
    ClockOffset(ClusterMember member, LongSupplier localMillis, LogThrottle throttle) {
        this.member = member;
        this.localMillis = localMillis;
        this.throttle = throttle;
    }

    /** The cluster's time less this member's, in milliseconds; empty before it has joined. */
    OptionalLong millis() {
        if (!member.isJoined()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(member.instance().getCluster().getClusterTime() - localMillis.getAsLong());
    }

    /** Logs a warning while the offset is past {@link #TOLERATED}, at most once a minute. */
    @Scheduled(fixedDelay = 10_000, initialDelay = 10_000)
    void check() {
        OptionalLong offset = millis();
        if (offset.isEmpty() || Math.abs(offset.getAsLong()) <= TOLERATED.toMillis()) {
            return;
        }
        if (throttle.admit() >= 0) { // else held back: one warning a minute says enough
            LOG.warn(warning(offset.getAsLong()));
        }
    }

    static String warning(long offsetMillis) {
        return String.format(Locale.ROOT, "this member's clock is %.1f s %s the cluster's master's: the times its "
                + "messages carry move the sessions, breakers, idle timeouts and buckets they touch by as much, for "
                + "the whole cluster (README, \"Run a cluster\"); keep the members' clocks in agreement (NTP)",
                Math.abs(offsetMillis) / 1000.0, offsetMillis < 0 ? "ahead of" : "behind");
    }
}
