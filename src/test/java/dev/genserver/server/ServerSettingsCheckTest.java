package dev.genserver.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.genserver.GenServerApplication;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Ports and a connection cap that Boot and Tomcat took without a word, for "no port" and "no cap", or refused with a
 * stack trace naming no setting: refused as the service starts, naming the setting and what to set.
 */
class ServerSettingsCheckTest {

    @Test
    void aNegativePort_isRefused_sayingWhatBootWouldHaveDone() {
        assertThatExceptionOfType(SettingsConflict.class).isThrownBy(() -> check(Map.of("server.port", "-5")))
                .withMessage("server.port=-5 is not a port, and Boot takes it for none: the API would not be served "
                        + "while its health says UP")
                .satisfies(conflict -> assertThat(conflict.action())
                        .isEqualTo("Set server.port to a port from 1 to 65535, or 0 for a free one."));
        assertThatExceptionOfType(SettingsConflict.class)
                .isThrownBy(() -> check(Map.of("management.server.port", "-1")))
                .withMessageContaining("health, Prometheus and the observer would not be served")
                .satisfies(conflict -> assertThat(conflict.action())
                        .endsWith("bind them to one address instead (management.server.address=127.0.0.1)."));
    }

    @Test
    void aPortPast65535_isRefused() {
        assertThatExceptionOfType(SettingsConflict.class)
                .isThrownBy(() -> check(Map.of("management.server.port", "70000")))
                .withMessage("management.server.port=70000 is not a port");
        assertThatExceptionOfType(SettingsConflict.class).isThrownBy(() -> check(Map.of("server.port", "65536")));
    }

    @Test
    void aConnectionCapBelowOne_isRefused() {
        for (String cap : new String[] {"0", "-1"}) {
            assertThatExceptionOfType(SettingsConflict.class)
                    .isThrownBy(() -> check(Map.of(ServerSettingsCheck.MAX_CONNECTIONS, cap)))
                    .withMessageStartingWith("server.tomcat.max-connections=" + cap + " takes off Tomcat's cap");
        }
    }

    @Test
    void portsFrom0To65535_andACapOfOne_start() {
        assertThatCode(() -> check(Map.of("server.port", "0", "management.server.port", "65535",
                ServerSettingsCheck.MAX_CONNECTIONS, "1"))).doesNotThrowAnyException();
        assertThatCode(() -> check(Map.of())).as("none set").doesNotThrowAnyException();
    }

    /** In the application: its start fails with the conflict, which Boot's failure report tells with its action. */
    @Test
    void theApplication_refusesToStart_withABadPort() {
        assertThatExceptionOfType(Exception.class).isThrownBy(() -> new SpringApplicationBuilder(
                        GenServerApplication.class).properties("spring.main.banner-mode=off")
                        .run("--server.port=-5", "--management.server.port=0", "--server.address=127.0.0.1"))
                .satisfies(failure -> assertThat(rootConflict(failure)).isNotNull());
    }

    private static SettingsConflict rootConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SettingsConflict conflict) {
                return conflict;
            }
        }
        return null;
    }

    private static void check(Map<String, String> settings) {
        ServerSettingsCheck.check(new Binder(new MapConfigurationPropertySource(settings)));
    }
}
