package dev.genserver.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Replaces the runtime's timers ({@code Process.send_after}, idle timeouts) and the monotonic clock of the request
 * guard's body timeout with ones tests move by hand (inject {@link ManualTimers}). Calls still wait by the real
 * clock.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ManualTimersConfiguration {

    @Bean
    ManualTimers manualTimers() {
        return new ManualTimers();
    }
}
