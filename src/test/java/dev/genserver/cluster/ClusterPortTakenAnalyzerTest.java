package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastException;
import java.net.BindException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.context.ApplicationContextException;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

/**
 * A taken cluster port ended the start with Spring's stack trace after Hazelcast's, naming no setting: Boot's
 * failure report now names it, as the analyzers registered in spring.factories find it.
 */
class ClusterPortTakenAnalyzerTest {

    private static final String HAZELCASTS = "Cannot bind to a given address: /127.0.0.1. Hazelcast cannot start. "
            + "Port [5701] is already in use and auto-increment is disabled.";

    @Test
    void aTakenClusterPort_isReportedWithTheSettingToChange() {
        FailureAnalysis analysis = analysis(new HazelcastException(HAZELCASTS, new BindException("in use")))
                .orElseThrow();

        assertThat(analysis.getDescription()).contains("genserver.cluster.port").endsWith(HAZELCASTS);
        assertThat(analysis.getAction()).contains("set genserver.cluster.port to a free one");
    }

    /** An address of another machine was reported as a taken port, with the advice to change the port. */
    @Test
    void anAddressNotOfThisMachine_isReportedAsSuch_notAsATakenPort() {
        String hazelcasts = "Cannot bind to a given address: /192.0.2.77. Hazelcast cannot start. Port [21475] is "
                + "already in use and auto-increment is disabled.";
        FailureAnalysis analysis = analysis(new HazelcastException(hazelcasts,
                new BindException("Cannot assign requested address"))).orElseThrow();

        assertThat(analysis.getDescription()).contains("genserver.cluster.address", "not an address of this machine");
        assertThat(analysis.getAction()).contains("Set genserver.cluster.address").doesNotContain("free one");
    }

    @Test
    void anotherFailureOfHazelcasts_isLeftAsItIs() {
        assertThat(analysis(new HazelcastException("something else"))).isEmpty();
    }

    private static Optional<FailureAnalysis> analysis(HazelcastException failure) {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation().load(
                FailureAnalyzer.class, FailureHandler.handleMessage((message, error) -> { }));
        Throwable atStart = new ApplicationContextException("Failed to start bean 'clusterMember'", failure);
        return analyzers.stream().map(analyzer -> analyzer.analyze(atStart)).filter(Objects::nonNull).findFirst();
    }
}
