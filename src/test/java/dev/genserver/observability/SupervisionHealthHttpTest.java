package dev.genserver.observability;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The {@code supervision} contributor as the application wires it: in the health endpoint and both probe groups. */
@IntegrationTest
class SupervisionHealthHttpTest {

    @Autowired
    private ManagementServer management;

    @Test
    void health_showsSupervision_withTheRootAndTheServicesSupervisors() {
        management.client().get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.supervision.status").isEqualTo("UP")
                .jsonPath("$.components.supervision.details.supervisors.root.strategy").isEqualTo("one_for_one")
                .jsonPath("$.components.supervision.details.supervisors.root.maxRestarts").isEqualTo(3)
                .jsonPath("$.components.supervision.details.supervisors.root.period").isEqualTo("PT5S")
                .jsonPath("$.components.supervision.details.supervisors.root.restartsInWindow").isNumber()
                .jsonPath("$.components.supervision.details.supervisors['stacks-supervisor'].children").isNumber()
                .jsonPath("$.components.supervision.details.supervisors.counter").doesNotExist();
    }

    /** Once the root has given up every API call answers 503: readiness must say so, not only liveness. */
    @Test
    void readiness_includesSupervision() {
        management.client().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.components.supervision.status").isEqualTo("UP")
                .jsonPath("$.components.readinessState.status").isEqualTo("UP");
    }

    @Test
    void liveness_includesSupervision() {
        management.client().get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.supervision.status").isEqualTo("UP")
                .jsonPath("$.components.livenessState.status").isEqualTo("UP");
    }
}
