package dev.genserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;

@IntegrationTest
class GenServerApplicationTests {

    @Autowired
    private ManagementServer management;

    @Test
    void health_overRealHttp_isUp() {
        management.client().get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void tests_runOnJava25OrNewer() {
        assertThat(Runtime.version().feature()).isGreaterThanOrEqualTo(25);
    }
}
