package dev.genserver.stack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * With {@code list-ids=false} the stacks' and stores' id lists are not served (an id is the capability to use what
 * it names), and the OpenAPI document leaves them out; everything else still works by id.
 */
@IntegrationTest
@TestPropertySource(properties = {"genserver.stacks.list-ids=false", "genserver.kv.list-ids=false"})
class ListIdsOffHttpTest {

    @Autowired
    private RestTestClient client;

    @Test
    void theIdListsAreNotServed_norDocumented_whileStacksAndStoresWorkByTheirIds() {
        for (String list : new String[] {"/api/stacks", "/api/kv"}) {
            client.get().uri(list).exchange().expectStatus().isEqualTo(405)
                    .expectHeader().valueMatches("Allow", "POST, ?OPTIONS")
                    .expectBody().jsonPath("$.error").isEqualTo("method_not_allowed");
        }
        String stack = client.post().uri("/api/stacks").exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        client.get().uri("/api/stacks/{id}", stack).exchange().expectStatus().isOk();

        Map<?, ?> paths = (Map<?, ?>) client.get().uri("/v3/api-docs").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("paths");
        assertThat(((Map<?, ?>) paths.get("/api/stacks")).keySet()).map(Object::toString).containsExactly("post");
        assertThat(((Map<?, ?>) paths.get("/api/kv")).keySet()).map(Object::toString).containsExactly("post");
    }
}
