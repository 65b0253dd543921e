package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.mock.env.MockEnvironment;

/** A setting under its old name is named in a warning, with its new name, instead of being ignored silently. */
class RenamedSettingsTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(RenamedSettings.class);
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
    void theOldNameOfTheActionsSwitch_isWarnedAbout_withItsNewName() {
        new RenamedSettings(new MockEnvironment().withProperty("genserver.observability.allow-process-actions",
                "true"));

        assertThat(logged.list).singleElement().satisfies(event -> assertThat(event.getFormattedMessage())
                .isEqualTo("genserver.observability.allow-process-actions is ignored: it was renamed to "
                        + "genserver.observability.allow-kill"));
    }

    @Test
    void theNewName_isNot() {
        new RenamedSettings(new MockEnvironment().withProperty(ObservabilityProperties.ALLOW_KILL, "true"));

        assertThat(logged.list).isEmpty();
    }
}
