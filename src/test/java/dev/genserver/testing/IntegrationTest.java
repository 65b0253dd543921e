package dev.genserver.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The service on a random port with a {@link MutableClock}, driven over real HTTP by an injected
 * {@code RestTestClient}; actuator on a second random port, reached through {@link ManagementServer}. Every test
 * class using this shares one application context (started once per suite), so tests must not assume fresh
 * state: use unique ids and keys, and compare counts before and after.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@AutoConfigureRestTestClient
@Import({TestClockConfiguration.class, ManagementServerConfiguration.class})
public @interface IntegrationTest {
}
