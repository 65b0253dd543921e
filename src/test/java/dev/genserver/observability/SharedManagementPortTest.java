package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.mock.env.MockEnvironment;

/**
 * Actuator on the API's port serves the actions without their same-origin rule and no observer: actions on refuse
 * to start there, and without them it is said in a warning; on its own port nothing is said.
 */
class SharedManagementPortTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(SharedManagementPort.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listen() {
        logged.start();
        logger.addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logged);
    }

    @Test
    void actionsOn_withActuatorOnTheApisPort_refuseToStart() {
        MockEnvironment shared = new MockEnvironment().withProperty("server.port", "8080")
                .withProperty("management.server.port", "8080");

        assertThatIllegalStateException().isThrownBy(() -> new SharedManagementPort(shared, observability(true)))
                .withMessageContaining("genserver.observability.allow-kill=true needs actuator on its own port");
    }

    @Test
    void actionsOff_withActuatorOnTheApisPort_orNoPortOfItsOwn_isWarnedAbout() {
        new SharedManagementPort(new MockEnvironment().withProperty("server.port", "9000")
                .withProperty("management.server.port", "9000"), observability(false));
        new SharedManagementPort(new MockEnvironment(), observability(false));

        assertThat(logged.list).hasSize(2).allSatisfy(event -> assertThat(event.getFormattedMessage())
                .startsWith("actuator shares the API's port").contains("the observer is not served"));
    }

    @Test
    void actuatorOnItsOwnPort_orOff_isNotMentioned_evenWithActionsOn() {
        for (String port : List.of("8081", "0", "-1")) {
            new SharedManagementPort(new MockEnvironment().withProperty("server.port", "8080")
                    .withProperty("management.server.port", port), observability(true));
        }

        assertThat(logged.list).isEmpty();
    }

    private static ObservabilityProperties observability(boolean allowKill) {
        return new ObservabilityProperties(allowKill, Duration.ofSeconds(1), List.of(), List.of());
    }
}
