package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.idempotency.IdempotencyStore;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.testing.AlertRules;
import dev.genserver.testing.FreePorts;
import dev.genserver.testing.ManagementServer;
import dev.genserver.testing.ManagementServerConfiguration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The application with {@code genserver.cluster.enabled}: a one-member cluster of its own, serving the API through
 * replicated processes, with the {@code cluster} health component in readiness.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.server.port=0", "genserver.cluster.enabled=true",
                "genserver.cluster.address=127.0.0.1", "genserver.sessions.max-count=2"})
@AutoConfigureRestTestClient
@Import(ManagementServerConfiguration.class)
class ClusterModeHttpTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;
    @Autowired
    private ProcessDirectory directory;
    @Autowired
    private org.springframework.context.ApplicationContext context;

    @DynamicPropertySource
    static void ownCluster(DynamicPropertyRegistry registry) {
        int port = FreePorts.next();
        registry.add("genserver.cluster.port", () -> port);
        registry.add("genserver.cluster.members", () -> "127.0.0.1:" + port);
        registry.add("genserver.cluster.name", () -> "test-" + UUID.randomUUID());
    }

    @Test
    void theDirectoryIsTheCluster_andHealthShowsTheMember() {
        assertThat(directory).isInstanceOf(ClusterProcessDirectory.class);
        management.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.cluster.status").isEqualTo("UP")
                .jsonPath("$.components.cluster.details.members.length()").isEqualTo(1)
                .jsonPath("$.components.cluster.details.partitions").isNotEmpty()
                // the master itself: its clock read twice, a millisecond apart at most
                .jsonPath("$.components.cluster.details.clockOffsetMillis")
                .value(offset -> assertThat(((Number) offset).longValue()).isBetween(-1L, 0L));
    }

    @Test
    void replicatedServices_answerAsOnOneInstance() {
        String name = "c-" + UUID.randomUUID();
        client.post().uri("/api/counters/{name}/increment", name).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.value").isEqualTo(1);
        client.post().uri("/api/counters/{name}/increment", name).exchange().expectBody()
                .jsonPath("$.value").isEqualTo(2);
        client.post().uri("/api/counters/{name}/reset", name).exchange().expectStatus().isAccepted();
        client.get().uri("/api/counters/{name}", name).exchange().expectBody().jsonPath("$.value").isEqualTo(0);

        String id = client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON)
                .body("{\"items\":[1]}").exchange().expectStatus().isCreated()
                .returnResult(StackCreated.class).getResponseBody().id();
        client.post().uri("/api/stacks/{id}/push", id).contentType(MediaType.APPLICATION_JSON)
                .body("{\"item\":\"two\"}").exchange().expectStatus().isAccepted();
        client.post().uri("/api/stacks/{id}/pop", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.item").isEqualTo("two");
        client.post().uri("/api/stacks/{id}/pop", id).exchange().expectBody().jsonPath("$.item").isEqualTo(1);
        client.post().uri("/api/stacks/{id}/pop", id).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.error").isEqualTo("empty");
        client.post().uri("/api/stacks/{id}/pop", "no-such-stack").exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("noproc");
    }

    /**
     * The services the cluster's directory keeps in each instance are processes of this instance's tree, under its
     * root, and answer; a replicated one is not a process here.
     */
    @Test
    void theServicesKeptInEachInstance_areThisInstancesProcesses_andAnswer() {
        client.post().uri("/api/calculator/divide").contentType(MediaType.APPLICATION_JSON)
                .body("{\"a\":7,\"b\":2}").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.result").isEqualTo(3);
        client.post().uri("/api/slow-operations").contentType(MediaType.APPLICATION_JSON).body("{\"delayMs\":0}")
                .exchange().expectStatus().isOk();
        client.get().uri("/api/jobs/stats").exchange().expectStatus().isOk();
        for (String local : new String[] {"calculator", "jobs", "slow-operations"}) {
            management.client().get().uri("/actuator/processes/{name}", local).exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.supervisor").isEqualTo("root");
        }
        management.client().get().uri("/actuator/processes/{name}", "counter").exchange().expectStatus()
                .isNotFound();
    }

    @Test
    void theApiDocument_listsTheIndeterminateAnswerOfClusterMode() {
        client.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/counters/{name}/increment'].post.responses['503']"
                        + ".content['application/problem+json'].examples.indeterminate.value.error")
                .isEqualTo("indeterminate");
        client.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/circuit-breakers/{name}'].get.responses['503']"
                        + ".content['application/problem+json'].examples.indeterminate.value.detail")
                .value(detail -> assertThat((String) detail).contains("read", "ask again"));
    }

    @Test
    void theObserversMembers_areTheClustersMembers_andTheProcessListNamesThisOne() {
        management.client().get().uri("/observer/api/members").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].local").isEqualTo(true)
                .jsonPath("$[0].name").value(name -> assertThat((String) name).startsWith("127.0.0.1:"));
        management.client().get().uri("/actuator/processes").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.member").value(name -> assertThat((String) name).startsWith("127.0.0.1:"));
    }

    @Test
    void aRepeatedWriteWithAnIdempotencyKey_isReplayed_fromTheClusterStore() {
        String name = "i-" + UUID.randomUUID();
        String key = "\"" + UUID.randomUUID() + "\"";
        for (int i = 0; i < 3; i++) {
            client.post().uri("/api/counters/{name}/increment", name).header("Idempotency-Key", key).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.value").isEqualTo(1);
        }
        client.get().uri("/api/counters/{name}", name).exchange().expectBody().jsonPath("$.value").isEqualTo(1);
        assertThat(context.getBean(IdempotencyStore.class)).isInstanceOf(ReplicatedIdempotencyStore.class);
    }

    /**
     * A 503 tells the client to retry, and the README promises the retry with the same key is handled as a first
     * request. The session store remembered the refused create's message, and answered the retry with the same
     * refusal for as long as it remembered it, though a session had been deleted and there was room.
     */
    @Test
    void aKeyedRetry_afterA503Refusal_isHandledAsAFirstRequest() {
        String key = "\"" + UUID.randomUUID() + "\"";
        String first = createSession(null).expectStatus().isCreated().returnResult(String.class)
                .getResponseHeaders().getLocation().getPath();
        createSession(null).expectStatus().isCreated();
        createSession(key).expectStatus().isEqualTo(503).expectBody().jsonPath("$.error").isEqualTo("max_sessions");

        client.delete().uri(first).exchange().expectStatus().isNoContent();

        createSession(key).expectStatus().isCreated().expectHeader().doesNotExist("Idempotent-Replayed");
        createSession(key).expectStatus().isCreated().expectHeader().valueEquals("Idempotent-Replayed", "true");
    }

    private RestTestClient.ResponseSpec createSession(String idempotencyKey) {
        RestTestClient.RequestBodySpec request = client.post().uri("/api/sessions")
                .contentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.body("{\"userId\": \"u1\"}").exchange();
    }

    @Test
    void metricsCountTheMembers_activations_andTheRouteOfEachMessage() {
        client.post().uri("/api/counters/{name}/increment", "m-" + UUID.randomUUID()).exchange().expectStatus().isOk();
        client.post().uri("/api/stacks").exchange().expectStatus().isCreated();
        client.post().uri("/api/kv").exchange().expectStatus().isCreated();

        management.client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("genserver_cluster_members 1.0")
                        .containsPattern("genserver_cluster_clock_offset_seconds -?0\\.00?1?\n")
                        .containsPattern("genserver_cluster_activations_total\\{cause=\"first_use\",service=\"counters\"} [1-9]")
                        .contains("genserver_cluster_partitions_taken_total{cause=\"failover\"}")
                        .containsPattern("genserver_cluster_messages_seconds_count\\{route=\"local\",service=\"counters\"} [1-9]")
                        // a create starts its process from its module too, and writes it through its route
                        .containsPattern("genserver_cluster_activations_total\\{cause=\"create\",service=\"stacks\"} [1-9]")
                        .containsPattern("genserver_cluster_activations_total\\{cause=\"create\",service=\"kv\"} [1-9]")
                        .containsPattern("genserver_cluster_messages_seconds_count\\{route=\"local\",service=\"kv\"} [1-9]"));
    }

    /** The alerting rules' cluster metrics are in a cluster member's scrape, with the labels the rules use. */
    @Test
    void theAlertRulesClusterMetrics_areInTheScrape() {
        String scrape = management.client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        int[] uses = {0};

        assertThat(AlertRules.problems(scrape, metric -> metric.startsWith("genserver_cluster_"), uses)).isEmpty();
        assertThat(uses[0]).as("cluster metric uses checked").isPositive();
    }

    record StackCreated(String id, int size) { }
}
