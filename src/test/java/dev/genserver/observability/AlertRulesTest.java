package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.AlertRules;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The alerting rules of {@code docs/prometheus/alerts.yml} watch series this service exports: every metric a
 * rule's expression names is in a scrape, with every label it groups or selects by, and every label value it
 * names literally among that label's values, so that no rule waits for a series that never comes (a renamed
 * metric, a misspelt outcome). Their firing is unit-tested by promtool ({@code src/test/metrics/alerts-test.yml});
 * the cluster's metrics are checked in cluster mode ({@code ClusterModeHttpTest}); Prometheus's own {@code up}
 * is no metric of ours.
 */
@IntegrationTest
class AlertRulesTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;

    @Test
    void everyMetricLabelAndValueTheRulesName_isInTheScrape() {
        assertThat(AlertRules.read()).as("rules").hasSizeGreaterThanOrEqualTo(12)
                .allSatisfy(rule -> assertThat(rule.expr()).as(rule.name()).isNotBlank().isNotEqualTo("null"));
        int[] uses = {0};

        assertThat(AlertRules.problems(scrapeWithEverySeriesMade().text(),
                metric -> !metric.equals("up") && !metric.startsWith("genserver_cluster_"), uses)).isEmpty();
        assertThat(uses[0]).as("metric uses checked").isGreaterThanOrEqualTo(11);
    }

    /**
     * Traffic that makes every series the rules name exist: an API answer, a job worker's process, an open
     * breaker's refusal (which the server-error rule leaves out).
     */
    private Prometheus scrapeWithEverySeriesMade() {
        client.get().uri("/api/counter").exchange().expectStatus().isOk();
        String breaker = "/api/circuit-breakers/alert-rules-" + UUID.randomUUID();
        for (int failure = 0; failure < 5; failure++) { // genserver.circuit-breaker.failure-threshold's default
            client.post().uri(breaker + "/failure").exchange().expectStatus().isAccepted();
        }
        client.post().uri(breaker + "/acquire").exchange().expectStatus().isEqualTo(503);
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).body("{\"durationMs\": 1}")
                .exchange().expectStatus().isAccepted();
        return Prometheus.awaitSeries(this::scrape,
                "genserver_process_exits_total{reason=\"crash\",service=\"jobs-worker\"}");
    }

    private Prometheus scrape() {
        return new Prometheus(management.client().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }
}
