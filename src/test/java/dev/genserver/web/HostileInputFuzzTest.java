package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Over two thousand malformed requests, planned from a fixed seed, against every endpoint the application maps,
 * on the API port and on the management port (actuator, in its own context with its own filters):
 * broken bodies to those that read one, odd methods, paths, queries and headers everywhere. Every answer must be
 * whole (no dropped connection), below 500, problem+json when it is a 4xx (a request Tomcat refuses before the
 * application sees it too: {@code server.ProblemErrorReportValve}), and free of stack traces; and the data a
 * correct client wrote before, which the never-valid bodies are aimed at, must be exactly as it was.
 */
@IntegrationTest
class HostileInputFuzzTest {

    private static final long SEED = 20_260_101L;
    /**
     * Each path takes its turn of the odd segments and of the junk queries and headers: with about twenty
     * patterns with variables and fifty paths, every item is sent several times, in a few seconds.
     * Bodies go only to mappings that read one with a method other than GET (actuator's read operations declare
     * a body parameter they ignore).
     */
    private static final int SEGMENTS_PER_VARIABLE = 20;
    private static final int QUERIES_AND_HEADERS_PER_PATH = 16;
    private static final int CLIENTS = 4;

    @LocalServerPort
    private int port;
    @Autowired
    private ApplicationContext context;
    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;

    @Test
    void malformedRequestsToEveryEndpoint_areRefusedCleanly_andChangeNothing() throws Exception {
        List<EndpointCatalog.Endpoint> endpoints = EndpointCatalog.of(context);
        List<EndpointCatalog.Endpoint> actuator = EndpointCatalog.of(management.context());
        assertThat(EndpointCatalog.patterns(endpoints)).as("the catalog sees the controllers")
                .contains("/api/kv/{id}/entries/{key}", "/api/stacks/{id}/push");
        assertThat(EndpointCatalog.patterns(actuator)).as("the management port's catalog sees actuator")
                .contains("/actuator/health", "/actuator/processes/{idOrName}");
        CorrectClient victim = CorrectClient.writeState(client);
        // springdoc builds the document on its first request, which on a loaded machine can outlast RawHttp's read
        // timeout; the fuzz judges answers to malformed requests, not that one-time cost
        client.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
        FuzzVerdicts api = send(port, plan(endpoints, victim));
        FuzzVerdicts managementPort = send(management.port(), plan(actuator, victim));

        System.out.println("hostile input fuzz, API port: " + api.summary());
        System.out.println("hostile input fuzz, management port: " + managementPort.summary());
        assertThat(api.count()).as("requests sent to the API port").isGreaterThan(2000);
        assertThat(managementPort.count()).as("requests sent to the management port").isGreaterThan(200);
        assertThat(api.failures()).as("answers of the API port that broke a rule").isEmpty();
        assertThat(managementPort.failures()).as("answers of the management port that broke a rule").isEmpty();
        victim.assertIntact(client);
    }

    /** The malformed requests for these endpoints, from the fixed seed. */
    private static List<Planned> plan(List<EndpointCatalog.Endpoint> endpoints, CorrectClient victim) {
        Random random = new Random(SEED);
        List<Planned> plan = new ArrayList<>();
        for (EndpointCatalog.Endpoint endpoint : endpoints) {
            if (endpoint.takesBody() && endpoint.method() != null && !endpoint.method().equals("GET")) {
                String target = endpoint.path(variable -> victim.valueFor(endpoint.pattern(), variable));
                for (HostileBodies.Body body : HostileBodies.neverValid()) {
                    plan.add(new Planned(withBody(endpoint.method(), target, body, "never-valid"), false));
                }
                String pooled = HostileRequests.pooled(endpoint.pattern());
                for (HostileBodies.Body body : HostileBodies.wrongShapes(random, 40)) {
                    plan.add(new Planned(withBody(endpoint.method(), pooled, body, "wrong shape"), true));
                }
            }
        }
        int turn = 0;
        for (String pattern : EndpointCatalog.patterns(endpoints)) {
            String method = methodOf(endpoints, pattern);
            String pooled = HostileRequests.pooled(pattern);
            List<HostileRequests.Request> requests = new ArrayList<>(HostileRequests.methods(pooled));
            requests.addAll(HostileRequests.segments(method, pattern, turn, SEGMENTS_PER_VARIABLE));
            requests.addAll(HostileRequests.queriesAndHeaders(method, pooled, turn, QUERIES_AND_HEADERS_PER_PATH));
            requests.forEach(request -> plan.add(new Planned(request, true)));
            turn++;
        }
        return plan;
    }

    /** A request, and whether it may legitimately change state (else it must be refused). */
    private record Planned(HostileRequests.Request request, boolean mayChangeState) { }

    /**
     * Sends the plan from a few client threads, as concurrent clients would; the plan itself is fixed. Every
     * request is judged: a check that throws fails the test rather than leaving its request uncounted.
     */
    private static FuzzVerdicts send(int port, List<Planned> plan) throws Exception {
        RawHttp http = new RawHttp(port);
        FuzzVerdicts verdicts = new FuzzVerdicts();
        List<Future<?>> checks = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            plan.forEach(planned -> checks.add(clients.submit(
                    () -> verdicts.check(http, planned.request(), planned.mayChangeState()))));
        }
        for (Future<?> check : checks) {
            check.get();
        }
        assertThat(verdicts.count()).as("requests judged").isEqualTo(plan.size());
        return verdicts;
    }

    private static HostileRequests.Request withBody(String method, String target, HostileBodies.Body body,
                                                    String kind) {
        List<String> headers = new ArrayList<>();
        if (body.contentType() != null) {
            headers.add("Content-Type: " + body.contentType());
        }
        headers.add("Content-Length: " + body.bytes().length);
        HostileRequests.Request bare = HostileRequests.request(kind + " " + body.label(), method, target, headers,
                false);
        return new HostileRequests.Request(bare.label(), bare.head(), body.bytes(), false);
    }

    /** A method the pattern is mapped for, preferring GET (the least likely to change anything). */
    private static String methodOf(List<EndpointCatalog.Endpoint> endpoints, String pattern) {
        List<String> methods = endpoints.stream().filter(e -> e.pattern().equals(pattern))
                .map(e -> e.method() == null ? "GET" : e.method()).toList();
        return methods.contains("GET") ? "GET" : methods.getFirst();
    }
}
