package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.genserver.GenServerApplication;
import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Result;
import dev.genserver.testing.Deadline;
import dev.genserver.web.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The one application of its own in the suite: actions on processes (kill, suspend, resume) are allowed here
 * ({@code allow-kill=true}), and the last test closes it to watch readiness during shutdown — neither
 * may happen to the shared test context.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessActionsHttpTest {

    private static final AtomicReference<DuringShutdown> SHUTDOWN = new AtomicReference<>();
    private static ConfigurableApplicationContext app;
    private static RestTestClient client;
    private static RestTestClient management;

    /** What was seen after the context began to close, while the web server still ran. */
    record DuringShutdown(int readiness, int liveness, int counter, boolean processesRunning) { }

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(GenServerApplication.class)
                .properties("server.port=0",
                        ObservabilityProperties.ALLOW_KILL + "=true",
                        "genserver.counter.initial-value=10", "spring.main.banner-mode=off",
                        // what must succeed here gets time on a loaded machine: a suspend, a restart awaited,
                        // and the root's restart still in its window when health is read
                        "genserver.observability.status-timeout=5s", "genserver.runtime.restart-period=60s",
                        "genserver.observability.action-hosts=Admin.Example",
                        // forward headers believed from internal addresses, loopback among them: as Boot does
                        // by itself in Kubernetes, where a rebound page could add X-Forwarded-Host
                        "server.forward-headers-strategy=native")
                .listeners((ApplicationListener<ContextClosedEvent>) closed -> SHUTDOWN.set(probeShutdown()))
                .run("--management.server.port=0"); // an argument: application.yml's 8081 outranks defaults
        client = RestTestClient.bindToServer()
                .baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.server.port")).build();
        management = RestTestClient.bindToServer()
                .baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.management.port")).build();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void killingTheCounter_restartsItFromItsInitialValue() {
        increment();
        assertThat(increment()).isEqualTo(12);
        long before = processId("counter");

        management.delete().uri("/actuator/processes/counter").exchange().expectStatus().isNoContent();

        client.get().uri("/api/counter").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.value").isEqualTo(10);
        management.get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").value(Long.class, id -> assertThat(id).isGreaterThan(before))
                .jsonPath("$.restarts").isEqualTo(1)
                .jsonPath("$.state.value").isEqualTo(10);
        management.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.supervision.details.supervisors.root.restartsInWindow")
                .isEqualTo(1);
        Prometheus metrics = new Prometheus(management.get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
        assertThat(metrics.value("genserver_supervisor_restarts_total{supervisor=\"root\"}")).isEqualTo(1);
        assertThat(metrics.value("genserver_process_exits_total{reason=\"kill\",service=\"counter\"}"))
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    void killingATemporaryStack_endsIt_andNobodyRestartsIt() {
        String id = client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON).body("{}")
                .exchange().expectStatus().isCreated()
                .expectBody(Created.class).returnResult().getResponseBody().id();

        management.delete().uri("/actuator/processes/{name}", "stacks:" + id).exchange().expectStatus().isNoContent();

        client.get().uri("/api/stacks/{id}", id).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("noproc");
        management.delete().uri("/actuator/processes/{name}", "stacks:" + id).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("noproc");
    }

    @Test
    @Order(3)
    void suspendingTheEventLog_queuesEvents_whileItsStateStaysReadable_untilResumedWhenTheyAreLogged() {
        management.post().uri("/actuator/processes/events/suspend").exchange().expectStatus().isNoContent();

        management.get().uri("/actuator/processes/events").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("suspended").jsonPath("$.state.total").isEqualTo(0);
        for (String type : List.of("first", "second")) {
            client.post().uri("/api/events").contentType(MediaType.APPLICATION_JSON)
                    .body("{\"type\":\"" + type + "\",\"payload\":null}").exchange().expectStatus().isAccepted();
        }
        management.get().uri("/actuator/processes/events").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("suspended").jsonPath("$.mailbox").isEqualTo(2)
                .jsonPath("$.state.total").isEqualTo(0);
        // Suspending a suspended process changes nothing, as in OTP.
        management.post().uri("/actuator/processes/events/suspend").exchange().expectStatus().isNoContent();

        management.post().uri("/actuator/processes/events/resume").exchange().expectStatus().isNoContent();

        client.get().uri("/api/events").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.events[*].type").isEqualTo(List.of("second", "first"));
        management.get().uri("/actuator/processes/events").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").value(String.class,
                        status -> assertThat(status).isIn("waiting", "running"))
                .jsonPath("$.mailbox").isEqualTo(0);
        // Neither does resuming a running one.
        management.post().uri("/actuator/processes/events/resume").exchange().expectStatus().isNoContent();
    }

    /** An action answers 204, no representation to choose: what Accept asks does not refuse it, as for a kill. */
    @Test
    @Order(4)
    void anAction_isTakenWhateverAcceptAsks_asItAnswersNoBody() {
        management.post().uri("/actuator/processes/calculator/suspend").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isNoContent().expectBody().isEmpty();
        management.get().uri("/actuator/processes/calculator").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("suspended");

        management.post().uri("/actuator/processes/calculator/resume").accept(MediaType.TEXT_PLAIN).exchange()
                .expectStatus().isNoContent().expectBody().isEmpty();
        management.get().uri("/actuator/processes/calculator").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").value(String.class,
                        status -> assertThat(status).isIn("waiting", "running"));
        management.post().uri("/actuator/processes/calculator/hibernate").accept(MediaType.TEXT_HTML).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("unknown_endpoint");
    }

    @Test
    @Order(4)
    void suspendingAnUnknownProcess_isNoproc_andAnUnknownAction_leadsNowhere() {
        management.post().uri("/actuator/processes/no-such-process/suspend").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("noproc");
        management.post().uri("/actuator/processes/counter/hibernate").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("unknown_endpoint");
        management.get().uri("/actuator/processes/counter/suspend").exchange()
                .expectStatus().isEqualTo(405)
                .expectBody().jsonPath("$.error").isEqualTo("method_not_allowed");
    }

    /** What the path names is what is read and acted on: a parameter or body of the same name is refused. */
    @Test
    @Order(4)
    void aSelectorGivenByAParameterOrBody_isRefused_andNothingIsDone() {
        management.get().uri("/actuator/processes/1?idOrName=counter").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request")
                .jsonPath("$.detail").isEqualTo("idOrName is given by the path only, not by a parameter or body");
        management.post().uri("/actuator/processes/calculator/resume?action=suspend").exchange()
                .expectStatus().isBadRequest();
        management.post().uri("/actuator/processes/calculator/suspend").contentType(MediaType.APPLICATION_JSON)
                .body("{\"idOrName\":\"counter\"}").exchange()
                .expectStatus().isBadRequest();
        long counter = processId("counter");
        management.delete().uri("/actuator/processes/calculator?idOrName=counter").exchange()
                .expectStatus().isBadRequest();

        assertThat(processId("counter")).as("not killed").isEqualTo(counter);
        management.get().uri("/actuator/processes/calculator").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("waiting");
        // a query agreeing with the path, hiding a body that does not
        management.post().uri("/actuator/processes/calculator/resume?action=resume&idOrName=calculator")
                .contentType(MediaType.APPLICATION_JSON).body("{\"action\":\"suspend\",\"idOrName\":\"counter\"}")
                .exchange().expectStatus().isBadRequest();
        management.get().uri("/actuator/processes/calculator").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("waiting");
    }

    /**
     * Actuator takes an action's arguments from a JSON body too, ignoring a field it does not declare, and reads no
     * DELETE's body: a start time sent there was dropped and the action done unconditionally (a suspend answered 204,
     * a kill of another process than a body's idOrName too). Any field but the path's own, as the path gives it, is
     * refused now, and nothing is done.
     */
    @Test
    @Order(4)
    void aFieldInAnActionsBody_wasIgnored_isRefused_andNothingIsDone() {
        long counter = processId("counter");
        String earlier = management.get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody(ProcessView.class).returnResult().getResponseBody().startedAt().minusMillis(1).toString();
        String condition = "{\"startedAt\":\"" + earlier + "\"}";

        management.post().uri("/actuator/processes/{id}/suspend", counter).contentType(MediaType.APPLICATION_JSON)
                .body(condition).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        management.post().uri("/actuator/processes/{id}/suspend", counter).contentType(MediaType.APPLICATION_JSON)
                .body("{\"misspelt\":\"x\"}").exchange()
                .expectStatus().isBadRequest();
        management.method(HttpMethod.DELETE).uri("/actuator/processes/{id}", counter)
                .contentType(MediaType.APPLICATION_JSON).body(condition).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        long calculator = processId("calculator");
        management.method(HttpMethod.DELETE).uri("/actuator/processes/calculator")
                .contentType(MediaType.APPLICATION_JSON).body("{\"idOrName\":\"counter\"}").exchange()
                .expectStatus().isBadRequest();

        assertThat(processId("counter")).as("not killed").isEqualTo(counter);
        management.get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("waiting");
        assertThat(processId("calculator")).as("not killed").isEqualTo(calculator);
        // a body naming the path's own process, or none, is served as before
        management.post().uri("/actuator/processes/calculator/resume").contentType(MediaType.APPLICATION_JSON)
                .body("{\"idOrName\":\"calculator\",\"action\":\"resume\"}").exchange()
                .expectStatus().isNoContent();
        management.post().uri("/actuator/processes/calculator/resume").contentType(MediaType.APPLICATION_JSON)
                .body("{}").exchange()
                .expectStatus().isNoContent();
    }

    /**
     * An action conditional on the start time of the process meant (the observer's, whose pid may name another
     * process after the instance restarted) is done only to a process that started then: 412 and nothing done
     * otherwise, 400 for a start time that is none.
     */
    @Test
    @Order(4)
    void anActionForAProcessThatStartedAtAnotherTime_isRefused_andNothingIsDone() {
        long counter = processId("counter");
        String startedAt = management.get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody(ProcessView.class).returnResult().getResponseBody().startedAt().toString();
        String earlier = java.time.Instant.parse(startedAt).minusMillis(1).toString();

        management.delete().uri("/actuator/processes/{id}?startedAt={at}", counter, earlier).exchange()
                .expectStatus().isEqualTo(412)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("precondition_failed")
                .jsonPath("$.detail").isEqualTo("process " + counter + " started at " + startedAt + ", not at "
                        + earlier + ": the kill was not done");
        management.post().uri("/actuator/processes/{id}/suspend?startedAt={at}", counter, earlier).exchange()
                .expectStatus().isEqualTo(412)
                .expectBody().jsonPath("$.error").isEqualTo("precondition_failed");
        management.post().uri("/actuator/processes/{id}/suspend?startedAt=yesterday", counter).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        management.delete().uri("/actuator/processes/{id}?startedAt=", counter).exchange()
                .expectStatus().isBadRequest();
        // misspelt, it would be ignored as Actuator ignores what it does not know, and the kill done unconditionally
        for (String misspelt : List.of("startedat", "started_at", "startedAt_")) {
            management.delete().uri("/actuator/processes/{id}?{name}={at}", counter, misspelt, earlier).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        }
        management.post().uri("/actuator/processes/{id}/suspend?started_at={at}", counter, earlier).exchange()
                .expectStatus().isBadRequest();
        management.delete().uri("/actuator/processes/{id}?startedAt={at}&startedAt={at}", counter, startedAt, startedAt)
                .exchange().expectStatus().isBadRequest();
        assertThat(processId("counter")).as("not killed").isEqualTo(counter);
        management.get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("waiting");

        management.post().uri("/actuator/processes/{id}/suspend?startedAt={at}", counter, startedAt).exchange()
                .expectStatus().isNoContent();
        management.post().uri("/actuator/processes/{id}/resume?startedAt={at}", counter, startedAt).exchange()
                .expectStatus().isNoContent();
        management.get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("waiting");
    }

    /**
     * RFC 9110, 13.1.1 and 13.1.2: a process has no entity tag, so {@code If-Match} naming one holds for none, and
     * {@code If-None-Match: *} fails for one that exists; both must stop the action (an origin server MUST evaluate
     * them, 13.2.1), where they were ignored and the kill done. {@code If-Match: *} holds; a request refused anyway
     * (an unknown process) is refused as without them.
     */
    @Test
    @Order(4)
    void anActionWhoseIfMatchOrIfNoneMatchFails_isRefused_andNothingIsDone() {
        long counter = processId("counter");
        for (String[] condition : List.of(new String[] {"If-Match", "\"a\""}, new String[] {"If-Match", "W/\"a\""},
                new String[] {"If-Match", "\"a\", \"b\""}, new String[] {"If-None-Match", "*"},
                new String[] {"If-None-Match", "\"a\", *"})) {
            management.delete().uri("/actuator/processes/{id}", counter).header(condition[0], condition[1]).exchange()
                    .expectStatus().isEqualTo(412)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.error").isEqualTo("precondition_failed");
            management.post().uri("/actuator/processes/{id}/suspend", counter).header(condition[0], condition[1])
                    .exchange().expectStatus().isEqualTo(412);
        }
        assertThat(processId("counter")).as("not killed").isEqualTo(counter);
        management.get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("waiting");
        management.delete().uri("/actuator/processes/no-such-process").header("If-Match", "\"a\"").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");

        management.post().uri("/actuator/processes/{id}/suspend", counter).header("If-Match", "*")
                .header("If-None-Match", "\"a\"").exchange().expectStatus().isNoContent();
        management.get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("suspended");
        management.post().uri("/actuator/processes/{id}/resume", counter).header("If-Match", "*").exchange()
                .expectStatus().isNoContent();
        management.get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("waiting");
    }

    /** A process busy with a cast until {@code release} opens, after which it stops normally, as a job's worker. */
    private record EndsAfterItsWork(CountDownLatch entered, CountDownLatch release) implements GenServer<String> {

        @Override
        public Init<String> init() {
            return Init.ok("working");
        }

        @Override
        public Result<String> handleCast(Object message, String state) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Result.stop(ExitReason.NORMAL, state);
        }
    }

    /**
     * A suspend queued behind the work after which a process stops (a job's worker finishing) reaches a process that
     * is gone: 404, as for one that had already gone. It answered 500 {@code exit}, "the process crashed".
     */
    @Test
    @Order(4)
    void suspendingAProcessThatEndsBeforeItTakesTheRequest_isNoproc() throws Exception {
        ProcessRuntime runtime = app.getBean(ProcessTree.class).runtime();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Pid pid = runtime.start(new EndsAfterItsWork(entered, release));
        pid.cast("work");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<RestTestClient.ResponseSpec> suspend = CompletableFuture.supplyAsync(() ->
                management.post().uri("/actuator/processes/" + pid.id() + "/suspend").exchange());
        Deadline.until("the suspend waits behind the work", () -> runtime.info(pid).mailbox() == 1);
        release.countDown();

        suspend.get(10, TimeUnit.SECONDS).expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("noproc");
        assertThat(pid.isAlive()).isFalse();
    }

    @Test
    @Order(4)
    void theObserversProcessPanel_givesThePathItsActionsAreSentTo() {
        long id = processId("counter");

        management.get().uri("/observer/api/processes/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.actions").isEqualTo("/actuator/processes/" + id);
    }

    /**
     * Through a host name a browser's actions are refused on (DNS rebinding, below), the panel offers none: the page
     * showed buttons whose every use was 403. Through a configured name it offers them, and the panel's stream,
     * whose views are shared by key, keeps the two apart.
     */
    @Test
    @Order(4)
    void theProcessPanel_offersNoActionThroughAHostNameTheyAreRefusedThrough() throws IOException {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
        RawHttp raw = new RawHttp(port);
        long id = processId("counter");
        String panel = "GET /observer/api/processes/" + id + " HTTP/1.1\r\nHost: ";

        assertThat(raw.exchange(panel + "rebound.example:" + port, new byte[0]).body()).doesNotContain("\"actions\"");
        assertThat(raw.exchange(panel + "admin.example:" + port, new byte[0]).body())
                .contains("\"actions\":\"/actuator/processes/" + id + "\"");
        assertThat(firstPanelStreamed(port, id, "admin.example")).contains("\"actions\"");
        assertThat(firstPanelStreamed(port, id, "rebound.example")).doesNotContain("\"actions\"");
        assertThat(firstPanelStreamed(port, id, "admin.example")).contains("\"actions\"");
    }

    /** The data of the first event of a process view's stream asked for through {@code host}. */
    private static String firstPanelStreamed(int port, long id, String host) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /observer/stream?view=process&id=" + id + " HTTP/1.1\r\nHost: "
                    + host + ":" + port + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            BufferedReader lines = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data:")) {
                    return line; // chunked: the event's data line is whole inside its chunk
                }
            }
            throw new AssertionError("the stream ended before its first event");
        }
    }

    /**
     * A bodiless POST needs no CORS preflight: without this, any page an operator opened could suspend root, from a
     * sandboxed frame too (Origin: null, which a probe of the jar found served).
     */
    @Test
    @Order(4)
    void anActionFromAnotherSite_isForbidden_andChangesNothing_whileThisOriginsIsServed() {
        String here = "http://localhost:" + app.getEnvironment().getProperty("local.management.port");

        management.post().uri("/actuator/processes/calculator/suspend").header("Origin", "https://evil.example")
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.error").isEqualTo("forbidden");
        // this host on another port is another origin, and the refusal names the port that makes it one
        management.post().uri("/actuator/processes/calculator/suspend").header("Origin", "http://localhost:1")
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(detail -> assertThat(detail.toString())
                        .contains("Origin http://localhost:1)"));
        // a browser request that left its Origin out still says it came from elsewhere
        for (String site : new String[] {"cross-site", "same-site"}) {
            management.post().uri("/actuator/processes/calculator/suspend").header("Sec-Fetch-Site", site)
                    .exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.error").isEqualTo("forbidden");
        }
        // a sandboxed frame's page sends Origin: null (and says cross-site): no origin is this server's
        for (String origin : new String[] {"null", "not an origin", "http://"}) {
            management.post().uri("/actuator/processes/calculator/suspend").header("Origin", origin)
                    .exchange().expectStatus().isForbidden()
                    .expectBody().jsonPath("$.error").isEqualTo("forbidden");
        }
        // a browser that says the request comes from another site is believed, whatever Origin it gives
        management.post().uri("/actuator/processes/calculator/suspend").header("Origin", here)
                .header("Sec-Fetch-Site", "cross-site").exchange().expectStatus().isForbidden();
        management.post().uri("/actuator/processes/calculator/suspend").header("Origin", "null")
                .header("Sec-Fetch-Site", "cross-site").exchange().expectStatus().isForbidden();
        management.get().uri("/actuator/processes/calculator").exchange()
                .expectBody().jsonPath("$.status").isEqualTo("waiting");
        management.post().uri("/actuator/processes/calculator/suspend").header("Origin", here)
                .exchange().expectStatus().isNoContent();
        management.post().uri("/actuator/processes/calculator/resume").header("Origin", here)
                .exchange().expectStatus().isNoContent();
        // the observer's own page, whose no-referrer policy may make a browser send Origin: null, still acts
        management.post().uri("/actuator/processes/calculator/suspend").header("Origin", "null")
                .header("Sec-Fetch-Site", "same-origin").exchange().expectStatus().isNoContent();
        management.post().uri("/actuator/processes/calculator/resume").header("Origin", "null")
                .header("Sec-Fetch-Site", "same-origin").exchange().expectStatus().isNoContent();
    }

    /**
     * DNS rebinding: a page on another site points its own host name at this server, and its requests are then
     * same-origin. A browser's action through a host name nobody configured is refused; through a configured name,
     * an IP address or localhost it is served.
     */
    @Test
    @Order(4)
    void anActionThroughAHostNameNotConfigured_isForbidden_evenFromThatOrigin() {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
        RawHttp raw = new RawHttp(port);

        RawHttp.Response rebound = raw.exchange(suspend("rebound.example:" + port), new byte[0]);
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(rebound.body()).contains("\"error\":\"forbidden\"", "'rebound.example' is not");
        management.get().uri("/actuator/processes/calculator").exchange()
                .expectBody().jsonPath("$.status").isEqualTo("waiting");

        for (String host : new String[] {"admin.example", "127.0.0.1", "[::1]", "localhost", "observer.localhost"}) {
            assertThat(raw.exchange(suspend(host + ":" + port), new byte[0]).status()).as(host).isEqualTo(204);
            assertThat(raw.exchange(suspend(host + ":" + port).replace("/suspend", "/resume"), new byte[0])
                    .status()).as(host).isEqualTo(204);
        }
        assertThat(raw.exchange("POST /actuator/processes/calculator/suspend HTTP/1.1\r\nHost: rebound.example:"
                + port + "\r\nSec-Fetch-Site: same-origin", new byte[0]).status())
                .as("a browser that leaves Origin out but says where it sends from").isEqualTo(403);
        assertThat(raw.exchange("POST /actuator/processes/calculator/suspend HTTP/1.1\r\nHost: rebound.example:"
                + port, new byte[0]).status()).as("not a browser: no Origin, no Sec-Fetch-Site").isEqualTo(204);
        assertThat(raw.exchange("POST /actuator/processes/calculator/resume HTTP/1.1\r\nHost: rebound.example:"
                + port, new byte[0]).status()).isEqualTo(204);
    }

    /**
     * A rebound page is same-origin, so it may add {@code X-Forwarded-Host} to its requests without a preflight, and
     * with forward headers on Tomcat takes the server name from it (a security review of the jar killed root this
     * way): the host judged, for an action and for the panel's offer of one, is the {@code Host} header as sent.
     */
    @Test
    @Order(4)
    void aForwardedHostName_doesNotMakeAReboundHostOneThatMayAct() throws IOException {
        int port = Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
        RawHttp raw = new RawHttp(port);
        long id = processId("counter");

        for (String forwarded : new String[] {"localhost", "127.0.0.1", "admin.example"}) {
            RawHttp.Response action = raw.exchange(suspend("rebound.example:" + port) + "\r\nX-Forwarded-Host: "
                    + forwarded, new byte[0]);
            assertThat(action.status()).as(forwarded).isEqualTo(403);
            assertThat(action.body()).contains("'rebound.example' is not");
            assertThat(raw.exchange("GET /observer/api/processes/" + id + " HTTP/1.1\r\nHost: rebound.example:" + port
                    + "\r\nX-Forwarded-Host: " + forwarded, new byte[0]).body()).doesNotContain("\"actions\"");
        }
        management.get().uri("/actuator/processes/calculator").exchange()
                .expectBody().jsonPath("$.status").isEqualTo("waiting");
        // and the other way round: a name that may act stays one whatever is forwarded beside it
        assertThat(raw.exchange(suspend("admin.example:" + port) + "\r\nX-Forwarded-Host: rebound.example",
                new byte[0]).status()).isEqualTo(204);
        assertThat(raw.exchange(suspend("admin.example:" + port).replace("/suspend", "/resume"), new byte[0])
                .status()).isEqualTo(204);
    }

    private static String suspend(String host) {
        return "POST /actuator/processes/calculator/suspend HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://"
                + host;
    }

    @Test
    @Order(5)
    void closing_takesReadinessDown_whileRequestsAreStillServedAndProcessesRun() {
        app.close();

        DuringShutdown seen = SHUTDOWN.get();
        assertThat(seen).as("probed while closing").isNotNull();
        assertThat(seen.readiness()).as("readiness refuses traffic").isEqualTo(503);
        assertThat(seen.liveness()).as("but the service is alive").isEqualTo(200);
        assertThat(seen.counter()).as("requests still reach their processes").isEqualTo(200);
        assertThat(seen.processesRunning()).isTrue();
    }

    private static DuringShutdown probeShutdown() {
        return new DuringShutdown(status("/actuator/health/readiness"), status("/actuator/health/liveness"),
                status("/api/counter"), app.getBean(ProcessTree.class).isRunning());
    }

    private static int status(String path) {
        RestTestClient port = path.startsWith("/actuator/") ? management : client;
        return port.get().uri(path).exchange().returnResult(String.class).getStatus().value();
    }

    private static long increment() {
        return client.post().uri("/api/counter/increment").exchange().expectStatus().isOk()
                .expectBody(Value.class).returnResult().getResponseBody().value();
    }

    private static long processId(String name) {
        return management.get().uri("/actuator/processes/{name}", name).exchange().expectStatus().isOk()
                .expectBody(ProcessId.class).returnResult().getResponseBody().id();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Created(String id) { }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProcessId(long id) { }

    record Value(long value) { }
}
