package dev.genserver.testing;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Adds {@link ManagementServer}; use it with {@code management.server.port=0}. */
@TestConfiguration(proxyBeanMethods = false)
public class ManagementServerConfiguration {

    @Bean
    ManagementServer managementServer() {
        return new ManagementServer();
    }
}
