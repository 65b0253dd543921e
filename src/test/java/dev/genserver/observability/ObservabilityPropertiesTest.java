package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservabilityPropertiesTest {

    /** Action hosts are compared with a request's host name: a URL or a port there would never match, unsaid. */
    @Test
    void actionHosts_areHostNames_withoutSchemePortOrPath() {
        for (String notAName : List.of("http://ops.example", "ops.example:8081", "ops.example/", "", "-ops.example",
                "ops..example", "ops_example")) {
            assertThatThrownBy(() -> withActionHosts(notAName)).as(notAName)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("action-hosts");
        }

        // an empty entry, two commas in a row, is shown as such: the message ended in a colon and nothing
        assertThatThrownBy(() -> withActionHosts("")).hasMessageEndingWith(": ''");

        assertThat(withActionHosts("ops.example.com").actionHosts()).containsExactly("ops.example.com");
        assertThat(withActionHosts("observer").actionHosts()).containsExactly("observer");
    }

    private static ObservabilityProperties withActionHosts(String host) {
        return new ObservabilityProperties(true, Duration.ofSeconds(1), List.of(), List.of(host));
    }
}
