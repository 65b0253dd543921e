package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code genserver.cluster.*} binding: off by default, the documented defaults, and refusals at start-up. */
class ClusterPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ClusterProperties.class)
    static class Config {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

    @Test
    void defaults_areOff_port5701_oneMember_a10SecondHeartbeat_andConfirmedReads() {
        runner.run(context -> assertThat(context.getBean(ClusterProperties.class)).isEqualTo(new ClusterProperties(
                false, "genserver-boot", 5701, "", List.of(), new ClusterProperties.Kubernetes(""), 1,
                Duration.ofSeconds(10), true)));
        runner.withPropertyValues("genserver.cluster.confirmed-reads=false")
                .run(context -> assertThat(context.getBean(ClusterProperties.class).confirmedReads()).isFalse());
    }

    @Test
    void aMemberList_orKubernetesDns_binds_butNotBoth() {
        runner.withPropertyValues("genserver.cluster.members=10.0.0.1:5701,10.0.0.2:65535,10.0.0.3",
                        "genserver.cluster.heartbeat-timeout=30")
                .run(context -> {
                    ClusterProperties properties = context.getBean(ClusterProperties.class);
                    assertThat(properties.members()).containsExactly("10.0.0.1:5701", "10.0.0.2:65535", "10.0.0.3");
                    assertThat(properties.heartbeatTimeout()).hasSeconds(30);
                });
        runner.withPropertyValues("genserver.cluster.kubernetes.service-dns=hz.default.svc.cluster.local")
                .run(context -> assertThat(context.getBean(ClusterProperties.class).kubernetes().serviceDns())
                        .isEqualTo("hz.default.svc.cluster.local"));
        // Hazelcast would use the DNS name and drop the list without a word
        runner.withPropertyValues("genserver.cluster.enabled=true", "genserver.cluster.members=10.0.0.1:5701",
                        "genserver.cluster.kubernetes.service-dns=hz.default.svc.cluster.local")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("two ways to find the other members"));
        runner.withPropertyValues("genserver.cluster.members=10.0.0.1:5701",
                        "genserver.cluster.kubernetes.service-dns=hz.default.svc.cluster.local")
                .run(context -> assertThat(context).as("not used off cluster mode").hasNotFailed());
    }

    /**
     * Hazelcast counts the heartbeat in whole seconds, and sends one every second (MemberConfig): a timeout of one or
     * two would suspect live members between two heartbeats.
     */
    @Test
    void aHeartbeatTimeoutBelowThreeSecondsOrPast49Days_failsStartup_namingTheSetting() {
        for (String bad : List.of("0", "-1", "500ms", "1", "2", "2999ms", "50d")) {
            runner.withPropertyValues("genserver.cluster.heartbeat-timeout=" + bad).run(context -> assertThat(context)
                    .getFailure().rootCause().hasMessageContaining("heartbeatTimeout"));
        }
        runner.withPropertyValues("genserver.cluster.heartbeat-timeout=3").run(context -> assertThat(context)
                .getBean(ClusterProperties.class).extracting(ClusterProperties::heartbeatTimeout)
                .isEqualTo(Duration.ofSeconds(3)));
    }

    /** Hazelcast binds the address: one that does not resolve ended startup in its stack trace, naming nothing. */
    @Test
    void anAddressThatDoesNotResolve_failsStartupInClusterMode_namingTheSetting() {
        runner.withPropertyValues("genserver.cluster.enabled=true", "genserver.cluster.address=no-such-host.invalid")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("address must be an IP address or a host name this machine resolves"));
        runner.withPropertyValues("genserver.cluster.enabled=true", "genserver.cluster.address=127.0.0.1")
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("genserver.cluster.address=no-such-host.invalid")
                .run(context -> assertThat(context).as("not used off cluster mode").hasNotFailed());
    }

    @Test
    void aBadPort_memberOrMinimum_failsStartup_namingTheSetting() {
        runner.withPropertyValues("genserver.cluster.port=70000")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("port"));
        for (String member : List.of("host:port:extra", "host:99999", "host:0", "host:65536", "host:",
                // a path, a URL's scheme or a user started with a warning that the name does not resolve
                "127.0.0.1/x", "tcp://10.0.0.1:5701", "user@10.0.0.1")) {
            runner.withPropertyValues("genserver.cluster.members=" + member).run(context -> assertThat(context)
                    .getFailure().rootCause().as(member).hasMessageContaining("members"));
        }
        runner.withPropertyValues("genserver.cluster.min-members=0")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("minMembers"));
    }
}
