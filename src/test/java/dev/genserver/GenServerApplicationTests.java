package dev.genserver;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

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
}
