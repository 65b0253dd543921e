package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.GenServerApplication;
import dev.genserver.testing.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code logging.structured.format.console=ecs}, as the README tells an operator who ships logs, every line
 * the service writes is one JSON object, the runtime's own reports included (they go through
 * {@code System.Logger}, which Boot bridges): a crash report's stack trace is a field of its line, not lines of its
 * own that a log shipper would take for events. In a JVM of its own, as logging is set up once per JVM.
 */
class StructuredLogsTest {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final List<String> LINES = new ArrayList<>();
    private static Process service;
    private static int port;
    private static int managementPort;

    @BeforeAll
    static void start() throws IOException {
        port = FreePorts.next();
        managementPort = FreePorts.next();
        service = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-Xmx384m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                GenServerApplication.class.getName(), "--server.address=127.0.0.1", "--server.port=" + port,
                "--management.server.address=127.0.0.1", "--management.server.port=" + managementPort,
                "--logging.structured.format.console=ecs", "--genserver.observability.allow-kill=true")
                .redirectErrorStream(true).start();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = service.inputReader(StandardCharsets.UTF_8)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    synchronized (LINES) {
                        LINES.add(line);
                    }
                }
            } catch (IOException ended) {
                // the service is gone
            }
        });
        awaitLine("the start", line -> line.contains("Started GenServerApplication"));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.destroyForcibly();
        }
    }

    @Test
    void everyLineIsOneJsonObject_crashReportsWithTheirStackTraceInside() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/processes/counter")).DELETE())).as("kill the counter").isEqualTo(204);
        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"durationMs\": 1, \"fail\": true}"))))
                .as("a job that fails, its worker crashing").isEqualTo(202);

        String crash = awaitLine("the worker's crash report",
                line -> line.contains("\"level\":\"ERROR\"") && line.contains("jobs-worker"));
        awaitLine("the supervisor's report of the kill", line -> line.contains("exited: killed"));

        List<String> lines;
        synchronized (LINES) {
            lines = List.copyOf(LINES);
        }
        assertThat(lines).filteredOn(line -> !line.isBlank()).isNotEmpty().allSatisfy(line -> {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.path("@timestamp").isString()).as(line).isTrue();
            assertThat(event.path("log").path("level").isString()).as(line).isTrue();
            assertThat(event.path("message").isString()).as(line).isTrue();
        });
        JsonNode report = JSON.readTree(crash);
        assertThat(report.path("log").path("logger").stringValue()).startsWith("dev.genserver.runtime.");
        assertThat(report.path("error").path("stack_trace").stringValue()).as("the stack trace, inside the line")
                .contains("\n\tat ");
    }

    /**
     * Tomcat reports a request it cannot parse with the request target or header line quoted, a session id or an
     * Idempotency-Key in it (found by a probe of the jar, at INFO once per request processor, which this JVM's are
     * still fresh for): the client gets its 400, the log gets nothing of it.
     */
    @Test
    void requestsTomcatCannotParse_areAnswered_butWhatTheyCarryIsNotLogged() throws Exception {
        String session = "sessionMark" + System.nanoTime();
        String key = "keyMark" + System.nanoTime();
        for (String head : List.of("GET /api/sessions/" + session + "?x=| HTTP/1.1\r\nHost: x",
                "POST /api/counter/increment HTTP/1.1\r\nHost: x\r\nIdempotency-Key: " + key + "\u007f",
                "GET /api/stacks/" + session + "/{} HTTP/1.1\r\nHost: x")) {
            assertThat(new dev.genserver.web.RawHttp(port).exchange(head, new byte[0]).status()).as(head)
                    .isEqualTo(400);
        }
        // the output is read on another thread: a kill logged after them marks where their lines would be by then
        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/processes/calculator")).DELETE())).as("kill the calculator").isEqualTo(204);
        awaitLine("the calculator's kill", line -> line.contains("calculator") && line.contains("killed"));
        List<String> lines;
        synchronized (LINES) {
            lines = List.copyOf(LINES);
        }
        assertThat(lines).noneMatch(line -> line.contains(session) || line.contains(key));
    }

    /**
     * A stack's id is the capability to use it: an operator's kill of a stack logged it in the supervisor's report
     * of the exit ({@code child #PID<0.32.0 stacks:<id>> ... exited: killed}; found by a log probe of the jar).
     */
    @Test
    void aKeyedProcessKilled_isReportedWithoutItsKey() throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/stacks")).header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString("{\"items\": [1]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");

        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/processes/stacks:" + id)).DELETE())).as("kill the stack").isEqualTo(204);

        awaitLine("the supervisor's report of the stack's exit",
                line -> line.contains("stacks:") && line.contains("killed") && line.contains("child"));
        List<String> lines;
        synchronized (LINES) {
            lines = List.copyOf(LINES);
        }
        assertThat(lines).noneMatch(line -> line.contains(id));
    }

    private static int send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String awaitLine(String what, Predicate<String> matches) {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() - end < 0) {
            Optional<String> found;
            synchronized (LINES) {
                found = LINES.stream().filter(matches).findFirst();
            }
            if (found.isPresent()) {
                return found.get();
            }
            if (!service.isAlive()) {
                break;
            }
            LockSupport.parkNanos(10_000_000);
        }
        synchronized (LINES) {
            throw new AssertionError("no " + what + " within " + DEADLINE + "; output:\n" + String.join("\n", LINES));
        }
    }
}
