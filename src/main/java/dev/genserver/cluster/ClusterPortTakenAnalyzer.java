package dev.genserver.cluster;

import com.hazelcast.core.HazelcastException;
import java.net.BindException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A member whose cluster port is taken, or whose cluster address is not this machine's, told in Boot's
 * "APPLICATION FAILED TO START" block with the setting to change, as a taken API or management port is, instead of
 * Spring's stack trace after Hazelcast's (registered in spring.factories). Hazelcast's own ERROR line says which
 * port and address it could not bind.
 */
class ClusterPortTakenAnalyzer extends AbstractFailureAnalyzer<HazelcastException> {

    /** The JDK's message for a bind to an address no interface of this machine has (EADDRNOTAVAIL). */
    private static final String NOT_HERE = "Cannot assign requested address";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, HazelcastException failure) {
        BindException bind = findCause(failure, BindException.class);
        if (bind == null) {
            return null; // another failure of Hazelcast's: Boot reports it as it is
        }
        if (String.valueOf(bind.getMessage()).contains(NOT_HERE)) { // EADDRNOTAVAIL, which Hazelcast calls in use
            return new FailureAnalysis("This member could not listen for the others on genserver.cluster.address, "
                    + "which is not an address of this machine (" + bind.getMessage()
                    + "; Hazelcast says it as a port in use: " + failure.getMessage() + ")",
                    "Set genserver.cluster.address to an address of one of this machine's network interfaces, the "
                            + "one the other members reach it by.", failure);
        }
        return new FailureAnalysis("This member could not listen for the others on its cluster port "
                + "(genserver.cluster.port, on genserver.cluster.address): " + failure.getMessage(),
                "Stop what holds the port, or set genserver.cluster.port to a free one and name it in the other "
                        + "members' genserver.cluster.members.", failure);
    }
}
