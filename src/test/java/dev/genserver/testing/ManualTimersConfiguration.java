package dev.genserver.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Replaces the runtime's timers ({@code Process.send_after}, idle timeouts) and the monotonic clock of the request
 * guard's body timeout with ones tests move by hand (inject {@link ManualTimers}). The runtime's bounded waits
 * count on it too: a call's timeout, a stop's, and the shutdown bounds when the context closes pass only when a
 * test moves time past them.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ManualTimersConfiguration {

    @Bean
    ManualTimers manualTimers() {
        return new ManualTimers();
    }
}
