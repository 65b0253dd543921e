package dev.genserver.server;

import dev.genserver.observability.ObservabilityProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * What the service gives up when actuator shares the API's port ({@code management.server.port} set to
 * {@code server.port}, which Boot allows): the observer is not served (it lives in the management port's own
 * context), and neither is the host rule for actions on processes ({@link ActionHosts}), so a page an
 * operator opens could kill a process through their browser by DNS rebinding. With actions off that is said in a
 * warning; with them on, the application does not start.
 */
@Component
class SharedManagementPort {

    private static final Logger LOG = LoggerFactory.getLogger(SharedManagementPort.class);
    private static final String ADDRESS = "management.server.address";

    SharedManagementPort(Environment environment, ObservabilityProperties observability) {
        if (ManagementPortType.get(environment) != ManagementPortType.SAME) {
            return;
        }
        if (environment.getProperty(ADDRESS) != null) { // Boot refuses it too, with a bare stack trace
            throw new SettingsConflict(ADDRESS + " is set, but actuator shares the API's port (management.server.port "
                    + "unset or equal to server.port), where it has no address of its own.", "Set "
                    + "management.server.port to another port than server.port, or remove " + ADDRESS
                    + " (server.address then applies to both).");
        }
        if (observability.allowKill()) {
            throw new SettingsConflict(ObservabilityProperties.ALLOW_KILL + "=true needs actuator on its own port: "
                    + "on the API's port (management.server.port unset or equal to server.port) the actions would be "
                    + "served without their rule against DNS rebinding.", "Set management.server.port to another "
                    + "port than server.port, or " + ObservabilityProperties.ALLOW_KILL + " to false.");
        }
        LOG.warn("actuator shares the API's port (management.server.port unset or equal to server.port): the "
                + "observer is not served, and /actuator is reachable wherever the API is");
    }
}
