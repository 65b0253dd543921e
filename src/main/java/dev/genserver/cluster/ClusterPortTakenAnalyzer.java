package dev.genserver.cluster;

import com.hazelcast.core.HazelcastException;
import java.net.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A member whose cluster port is taken, told in Boot's "APPLICATION FAILED TO START" block with the setting to
 * change, as a taken API or management port is, instead of Spring's stack trace after Hazelcast's (registered in
 * spring.factories). Hazelcast's own ERROR line says which port and address it could not bind.
 */
class ClusterPortTakenAnalyzer extends AbstractFailureAnalyzer<HazelcastException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, HazelcastException failure) {
        if (findCause(failure, BindException.class) == null) {
            return null; // another failure of Hazelcast's: Boot reports it as it is
        }
        return new FailureAnalysis("This member could not listen for the others on its cluster port "
                + "(genserver.cluster.port, on genserver.cluster.address): " + failure.getMessage(),
                "Stop what holds the port, or set genserver.cluster.port to a free one and name it in the other "
                        + "members' genserver.cluster.members.", failure);
    }
}
