package dev.genserver.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.util.List;
import org.apache.catalina.LifecycleState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The {@code apiPort} contributor: the API port's connector and its two threads, found as the port opened (on a
 * random port too, whose name Tomcat makes differently), in the health endpoint and both probe groups.
 */
@IntegrationTest
class ApiPortHealthHttpTest {

    @Autowired
    private ManagementServer management;

    @LocalServerPort
    private int port;

    @Test
    void bothProbes_includeTheApiPort_withItsAcceptorAndPoller() {
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            management.client().get().uri(probe).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.components.apiPort.status").isEqualTo("UP")
                    .jsonPath("$.components.apiPort.details.port").isEqualTo(port)
                    .jsonPath("$.components.apiPort.details.connector").isEqualTo("STARTED")
                    .jsonPath("$.components.apiPort.details.threads.length()").isEqualTo(2)
                    .jsonPath("$.components.apiPort.details.threads[?(@ =~ /.*-Acceptor$/)]").exists()
                    .jsonPath("$.components.apiPort.details.threads[?(@ =~ /.*-Poller$/)]").exists();
        }
    }

    /** A thread of the port that ended (an OutOfMemoryError ends Tomcat's poller) takes the port DOWN, named. */
    @Test
    void anEndedThread_orAConnectorNotStarted_isDown() throws InterruptedException {
        Thread poller = Thread.ofPlatform().name("http-nio-test-Poller").start(() -> { });
        poller.join();
        Thread acceptor = Thread.ofPlatform().name("http-nio-test-Acceptor").start(() -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException ended) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            Health health = ApiPortHealthIndicator.judge(LifecycleState.STARTED, 8080, List.of(acceptor, poller));
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("ended", List.of("http-nio-test-Poller"));

            assertThat(ApiPortHealthIndicator.judge(LifecycleState.STOPPED, 8080, List.of(acceptor)).getStatus())
                    .isEqualTo(Status.DOWN);
            assertThat(ApiPortHealthIndicator.judge(LifecycleState.STARTED, 8080, List.of(acceptor)).getStatus())
                    .isEqualTo(Status.UP);
        } finally {
            acceptor.interrupt();
        }
    }
}
