package dev.genserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.genserver.observability.ObservabilityProperties;
import dev.genserver.testing.CapturedLog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.env.MockEnvironment;

/**
 * Actuator on the API's port serves the actions without their rule against DNS rebinding and no observer: actions
 * on refuse to start there, and without them it is said in a warning; on its own port nothing is said.
 */
class SharedManagementPortTest {

    @RegisterExtension
    final CapturedLog log = new CapturedLog(SharedManagementPort.class);

    @Test
    void actionsOn_withActuatorOnTheApisPort_refuseToStart() {
        MockEnvironment shared = new MockEnvironment().withProperty("server.port", "8080")
                .withProperty("management.server.port", "8080");

        assertThatExceptionOfType(SettingsConflict.class).isThrownBy(() -> new SharedManagementPort(shared,
                observability(true)))
                .withMessageContaining("genserver.observability.allow-kill=true needs actuator on its own port");
    }

    /** Boot refused the pair with a stack trace alone, though the warning below and the README suggest the address. */
    @Test
    void anAddressOfActuatorsOwn_withActuatorOnTheApisPort_refusesToStart_namingBothSettings() {
        MockEnvironment shared = new MockEnvironment().withProperty("server.port", "8080")
                .withProperty("management.server.port", "8080").withProperty("management.server.address", "127.0.0.1");

        assertThatExceptionOfType(SettingsConflict.class).isThrownBy(() -> new SharedManagementPort(shared,
                observability(false)))
                .withMessageStartingWith("management.server.address is set, but actuator shares the API's port")
                .satisfies(conflict -> assertThat(conflict.action()).contains("management.server.port"));
        new SharedManagementPort(new MockEnvironment().withProperty("server.port", "8080")
                .withProperty("management.server.port", "8081").withProperty("management.server.address",
                        "127.0.0.1"), observability(false)); // its own port: the address is its own
    }

    @Test
    void actionsOff_withActuatorOnTheApisPort_orNoPortOfItsOwn_isWarnedAbout() {
        new SharedManagementPort(new MockEnvironment().withProperty("server.port", "9000")
                .withProperty("management.server.port", "9000"), observability(false));
        new SharedManagementPort(new MockEnvironment(), observability(false));

        assertThat(log.messages()).hasSize(2).allSatisfy(message -> assertThat(message)
                .startsWith("actuator shares the API's port").contains("the observer is not served"));
    }

    @Test
    void actuatorOnItsOwnPort_orOff_isNotMentioned_evenWithActionsOn() {
        for (String port : List.of("8081", "0", "-1")) {
            new SharedManagementPort(new MockEnvironment().withProperty("server.port", "8080")
                    .withProperty("management.server.port", port), observability(true));
        }

        assertThat(log.messages()).isEmpty();
    }

    private static ObservabilityProperties observability(boolean allowKill) {
        return new ObservabilityProperties(allowKill, Duration.ofSeconds(1), List.of(), List.of());
    }
}
