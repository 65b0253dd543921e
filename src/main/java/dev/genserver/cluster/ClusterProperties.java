package dev.genserver.cluster;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.cluster.*}: whether this instance joins a cluster, and how it finds the others.
 *
 * @param enabled          start an embedded member and route stateful processes through the cluster
 * @param name             the cluster's name: members join only a cluster of the same name (not a secret)
 * @param port             this member's cluster port (TCP)
 * @param address          the address this member binds and advertises (e.g. 127.0.0.1, or the pod IP);
 *                         empty: Hazelcast picks one of the host's interfaces
 * @param members          the other members, {@code host:port}, for TCP-IP discovery
 * @param kubernetes       DNS discovery in Kubernetes instead of {@code members} (not both)
 * @param minMembers       fewer members than this in sight: messages to replicated processes (reads included),
 *                         writes with an Idempotency-Key and jobs are refused with 503 (split-brain protection) and
 *                         readiness goes down; 1 turns the protection off
 * @param heartbeatTimeout how long a silent member (host lost, long pause) is waited for before it is declared
 *                         dead (3 s to 49 days, in whole seconds: a fraction is dropped; heartbeats go every second,
 *                         so a pause up to a second shorter is waited out); a member whose process dies is noticed at
 *                         once, as its sockets close
 * @param confirmedReads   a read of a process answers only once the backup has confirmed the state it read, so no
 *                         value read is taken back by the owner's loss; false: the owner answers alone, for about
 *                         twice the reads a second, and a read may show a write that the owner's loss takes back
 */
@Validated
@ConfigurationProperties("genserver.cluster")
public record ClusterProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("genserver-boot") @NotBlank String name,
        @DefaultValue("5701") @Min(1) @Max(65535) int port,
        @DefaultValue("") String address,
        @DefaultValue({}) List<@Pattern(regexp = "[^\\s:/?#@]+(:" + PORT + ")?",
                message = "must be host or host:port, the port 1 to 65535, without a scheme, path or user")
                String> members,
        @DefaultValue @Valid Kubernetes kubernetes,
        @DefaultValue("1") @Min(1) int minMembers,
        @DefaultValue("10") @DurationUnit(ChronoUnit.SECONDS) @NotNull @DurationMin(seconds = 3) @DurationMax(days = 49)
        Duration heartbeatTimeout,
        @DefaultValue("true") boolean confirmedReads) {

    /** 1 to 65535. */
    private static final String PORT = "([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}"
            + "|655[0-2][0-9]|6553[0-5])";

    /**
     * Checked at startup in cluster mode: with both, Hazelcast would use the DNS name and drop the list without a
     * word. Off it, settings shared with the cluster's instances are left alone.
     */
    @AssertTrue(message = "members and kubernetes.service-dns are two ways to find the other members: set one")
    boolean isOneWayToFindMembers() {
        return !enabled || members == null || members.isEmpty() || kubernetes == null
                || kubernetes.serviceDns().isBlank();
    }

    /**
     * Checked at startup in cluster mode: Hazelcast binds this address, and one that does not resolve ended startup
     * in its stack trace, naming no setting.
     */
    @AssertTrue(message = "address must be an IP address or a host name this machine resolves")
    boolean isAddressResolvable() {
        if (!enabled || address == null || address.isBlank()) {
            return true;
        }
        try {
            InetAddress.getByName(address);
            return true;
        } catch (UnknownHostException unresolvable) {
            return false;
        }
    }

    /** @param serviceDns the headless service's DNS name, e.g. {@code genserver.default.svc.cluster.local} */
    public record Kubernetes(@DefaultValue("") String serviceDns) {
    }
}
