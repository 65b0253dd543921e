package dev.genserver.observability;

import dev.genserver.testing.ManagementServer;
import dev.genserver.testing.ManagementServerConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Cluster mode's hook: a {@link Members} bean of its own replaces the single instance, and the observer shows
 * every member it reports, in the members view and as this instance in the overview.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
@Import({ManagementServerConfiguration.class, ObserverMembersTest.TwoMembers.class})
class ObserverMembersTest {

    @TestConfiguration(proxyBeanMethods = false)
    static class TwoMembers {
        @Bean
        Members members() {
            return () -> List.of(new Members.Member("node-a", true, "up", 10, List.of("counter")),
                    new Members.Member("node-b", false, "down", 0, List.of()));
        }
    }

    @Autowired
    private ManagementServer management;

    @Test
    void aMembersBean_replacesTheSingleInstance() {
        management.client().get().uri("/observer/api/members").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$[*].name").isEqualTo(List.of("node-a", "node-b"))
                .jsonPath("$[1].status").isEqualTo("down");
        management.client().get().uri("/observer/api/overview").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.member.name").isEqualTo("node-a");
    }
}
