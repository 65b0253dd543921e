package dev.genserver.reliability;

import dev.genserver.testing.ManagementServerConfiguration;
import dev.genserver.testing.TestClockConfiguration;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The service on a random port with small limits, so that tests reach every limit in a few requests. Classes
 * using it share one application context: each cleans up the processes it can delete, and none relies on
 * fresh state. Rate-limit keys and circuit breakers cannot be deleted, so only {@code LimitsHttpTest} makes them.
 * {@link OverloadGate} adds a test-only process, whose handler a test can hold, behind test-only endpoints.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "genserver.stacks.max-count=" + ReliabilityTest.MAX_COUNT,
        "genserver.kv.max-count=" + ReliabilityTest.MAX_COUNT,
        "genserver.counters.max-count=" + ReliabilityTest.MAX_COUNT,
        "genserver.rate-limit.max-keys=" + ReliabilityTest.MAX_COUNT,
        "genserver.circuit-breaker.max-names=" + ReliabilityTest.MAX_COUNT,
        "genserver.stacks.max-items=" + ReliabilityTest.MAX_DATA,
        "genserver.kv.max-entries=" + ReliabilityTest.MAX_DATA,
        "genserver.sessions.max-count=" + ReliabilityTest.MAX_DATA,
        "genserver.test.overload-gate=true", "management.server.port=0"})
@AutoConfigureRestTestClient
@Import({TestClockConfiguration.class, ManagementServerConfiguration.class})
public @interface ReliabilityTest {

    /** Processes per service (stacks, stores, counters, rate-limit keys, breakers). */
    int MAX_COUNT = 20;

    /** Items per stack, entries per store, sessions. */
    int MAX_DATA = 5;
}
