package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.webjars.WebJarVersionLocator;

/**
 * What the service shows the network: actuator, on the management port only, exposes health, info, prometheus
 * (and the processes endpoint) and nothing else; ids that act as capabilities (stacks, stores, sessions, jobs)
 * are 128 random bits, with no sequence or shared structure between them.
 */
@IntegrationTest
class ExposureHttpTest {

    private static final List<String> EXPOSED = List.of("health", "info", "prometheus", "processes");
    private static final int IDS_PER_KIND = 30;

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;

    @Test
    @SuppressWarnings("unchecked")
    void actuatorIndex_linksOnlyTheExposedEndpoints() {
        Map<String, ?> links = (Map<String, ?>) management.client().get().uri("/actuator").exchange()
                .expectStatus().isOk()
                .returnResult(Map.class).getResponseBody().get("_links");

        assertThat(links.keySet()).allSatisfy(link -> assertThat(EXPOSED)
                .anyMatch(exposed -> link.equals("self") || link.toString().startsWith(exposed)));
        assertThat(links.keySet()).contains("health", "info", "prometheus");
        management.client().get().uri("/actuator/health").exchange().expectStatus().isOk();
        management.client().get().uri("/actuator/info").exchange().expectStatus().isOk();
        management.client().get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    /** An operator asks which build runs: the build's coordinates, from META-INF/build-info.properties. */
    @Test
    @SuppressWarnings("unchecked")
    void info_namesTheBuild() {
        Map<String, Object> build = (Map<String, Object>) management.client().get().uri("/actuator/info").exchange()
                .expectStatus().isOk()
                .returnResult(Map.class).getResponseBody().get("build");

        assertThat(build).containsEntry("artifact", "genserver-boot").containsEntry("group", "dev.genserver")
                .containsKeys("version", "time");
    }

    @Test
    void actuator_isServedOnTheManagementPortOnly_andTheApiOnTheApiPortOnly() {
        Problems.expect(client.get().uri("/actuator/health").exchange(), 404, "unknown_endpoint");
        Problems.expect(client.get().uri("/actuator").exchange(), 404, "unknown_endpoint");
        Problems.expect(client.get().uri("/actuator/prometheus").exchange(), 404, "unknown_endpoint");
        Problems.expect(client.get().uri("/actuator/processes").exchange(), 404, "unknown_endpoint");
        management.client().get().uri("/actuator/health").exchange().expectStatus().isOk();

        client.get().uri("/api/counter").exchange().expectStatus().isOk();
        Problems.expect(management.client().get().uri("/api/counter").exchange(), 404, "unknown_endpoint");
    }

    @ParameterizedTest
    @ValueSource(strings = {"env", "beans", "heapdump", "threaddump", "configprops", "loggers", "mappings",
            "metrics", "conditions", "scheduledtasks", "caches", "sbom", "startup", "logfile", "httpexchanges"})
    void otherActuatorEndpoints_areNotThere(String endpoint) {
        Problems.expect(management.client().get().uri("/actuator/" + endpoint).exchange(), 404, "unknown_endpoint");
    }

    /** Boot's default static mappings served every webjar on the classpath, Swagger UI's stock page included. */
    @ParameterizedTest
    @ValueSource(strings = {"swagger-ui/index.html", "uplot/dist/uPlot.esm.js"})
    void noWebjarIsServed_onEitherPort(String file) {
        String webjar = file.substring(0, file.indexOf('/'));
        String version = new WebJarVersionLocator().version(webjar);
        assertThat(version).as("the webjar is on the classpath, so a 404 is the mapping's doing").isNotNull();
        String path = "/webjars/" + webjar + "/" + version + file.substring(webjar.length());
        Problems.expect(client.get().uri(path).exchange(), 404, "unknown_endpoint");
        Problems.expect(management.client().get().uri(path).exchange(), 404, "unknown_endpoint");
    }

    /**
     * Swagger UI belongs to the API port, where its OpenAPI document is. The management port's child context picks
     * up the application's Spring MVC configurers, springdoc's among them, and served the UI's page with no
     * document behind it: a page that loads and shows only an error.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js",
            "/swagger-ui/swagger-ui.css"})
    void swaggerUi_isServedOnTheApiPortOnly(String path) {
        client.get().uri(path).exchange().expectStatus().isOk();
        Problems.expect(management.client().get().uri(path).exchange(), 404, "unknown_endpoint");
    }

    @Test
    void shutdownEndpoint_isNotThere() {
        Problems.expect(management.client().post().uri("/actuator/shutdown").exchange(), 404, "unknown_endpoint");
    }

    @Test
    void idsOfStacksStoresSessionsAndJobs_are128RandomBits() {
        List<byte[]> ids = new ArrayList<>();
        for (int i = 0; i < IDS_PER_KIND; i++) {
            ids.add(decode(created("/api/stacks", null)));
            ids.add(decode(created("/api/kv", null)));
            ids.add(decode(created("/api/sessions", "{\"userId\":\"exposure\"}")));
            ids.add(decode(created("/api/jobs", "{\"durationMs\":0}")));
        }

        assertThat(ids).allSatisfy(id -> assertThat(id).hasSize(16));
        long ones = 0;
        for (int i = 0; i < ids.size(); i++) {
            ones += bits(ids.get(i));
            for (int j = i + 1; j < ids.size(); j++) {
                // two independent 128-bit values differ in 64 ± 5.7 bits; 30 or 98 is six deviations out
                assertThat(distance(ids.get(i), ids.get(j))).as("bits differing between two ids").isBetween(30, 98);
            }
        }
        double share = ones / (ids.size() * 128.0);
        assertThat(share).as("share of one bits over every id").isBetween(0.47, 0.53);
    }

    private String created(String path, String json) {
        var request = client.post().uri(path);
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(json);
        }
        String location = request.exchange().returnResult(String.class).getResponseHeaders().getLocation().getPath();
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static byte[] decode(String id) {
        assertThat(id).matches("[A-Za-z0-9_-]{22}");
        return Base64.getUrlDecoder().decode(id);
    }

    private static int bits(byte[] id) {
        int count = 0;
        for (byte b : id) {
            count += Integer.bitCount(b & 0xff);
        }
        return count;
    }

    private static int distance(byte[] a, byte[] b) {
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            count += Integer.bitCount((a[i] ^ b[i]) & 0xff);
        }
        return count;
    }
}
