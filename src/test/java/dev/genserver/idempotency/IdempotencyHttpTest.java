package dev.genserver.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import dev.genserver.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Retries with an {@code Idempotency-Key} over real HTTP: a repeat answers the first answer and applies nothing,
 * on calls, casts, creates and deletes; reuse for another request is 422, a repeat during the first is 409, a bad
 * key is 400 and changes nothing. The context is shared, so every test uses its own keys and processes.
 */
@IntegrationTest
class IdempotencyHttpTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private JsonMapper json;
    @Autowired
    private MutableClock clock;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private IdempotencyProperties properties;
    @Autowired
    private ProcessRuntime runtime;
    @Autowired
    private ProcessTree tree;
    @Autowired
    private IdempotencyStore store;
    @Autowired
    private ManagementServer management;

    @Test
    void counterIncrement_repeated_answersTheFirstValue_andIncrementsOnce() {
        long start = json("GET", "/api/counter").path("value").asLong();
        String key = key();

        EntityExchangeResult<String> first = send(HttpMethod.POST, "/api/counter/increment", key, null);
        EntityExchangeResult<String> repeat = send(HttpMethod.POST, "/api/counter/increment", key, null);

        assertThat(first.getStatus().value()).isEqualTo(200);
        assertThat(first.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isNull();
        assertThat(repeat.getStatus().value()).isEqualTo(200);
        assertThat(repeat.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(repeat.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
        assertThat(repeat.getResponseBody()).isEqualTo(first.getResponseBody()).isEqualTo("{\"value\":" + (start + 1) + "}");
        assertThat(json("GET", "/api/counter").path("value").asLong()).isEqualTo(start + 1);
    }

    @Test
    void stackCreate_repeated_answers201WithTheSameLocationAndId_andCreatesOneStack() {
        String key = key();
        String body = "{\"items\": [1, 2]}";

        EntityExchangeResult<String> first = send(HttpMethod.POST, "/api/stacks", key, body);
        EntityExchangeResult<String> repeat = send(HttpMethod.POST, "/api/stacks", key, body);

        assertThat(first.getStatus().value()).isEqualTo(201);
        assertThat(repeat.getStatus().value()).isEqualTo(201);
        String id = json.readTree(first.getResponseBody()).path("id").asString();
        assertThat(first.getResponseHeaders().getLocation()).hasToString("/api/stacks/" + id);
        assertThat(repeat.getResponseHeaders().getLocation()).isEqualTo(first.getResponseHeaders().getLocation());
        assertThat(repeat.getResponseBody()).isEqualTo(first.getResponseBody());
        assertThat(repeat.getResponseHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING)
                && repeat.getResponseHeaders().containsHeader(HttpHeaders.CONTENT_LENGTH))
                .as("a replay is framed one way, by Content-Length").isFalse();
        assertThat(json("GET", "/api/stacks").path("ids").values().stream().map(JsonNode::asString)
                .filter(id::equals)).hasSize(1);
    }

    @Test
    void stackPush_repeated_isQueuedOnce() {
        String stack = "/api/stacks/" + create("/api/stacks");
        String key = key();

        assertThat(send(HttpMethod.POST, stack + "/push", key, "{\"item\": 7}").getStatus().value()).isEqualTo(202);
        EntityExchangeResult<String> repeat = send(HttpMethod.POST, stack + "/push", key, "{\"item\": 7}");

        assertThat(repeat.getStatus().value()).isEqualTo(202);
        assertThat(repeat.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(json("GET", stack + "/size").path("size").asInt()).isOne();
    }

    @Test
    void kvPut_replayed_afterAnotherWrite_doesNotOverwriteIt() {
        String entry = "/api/kv/" + create("/api/kv") + "/entries/a";
        String key = key();

        assertThat(send(HttpMethod.PUT, entry, key, "1").getStatus().value()).isEqualTo(202);
        assertThat(send(HttpMethod.PUT, entry, null, "2").getStatus().value()).isEqualTo(202);
        assertThat(send(HttpMethod.PUT, entry, key, "1").getStatus().value()).isEqualTo(202);

        assertThat(json("GET", entry).path("value").asInt()).isEqualTo(2);
    }

    @Test
    void kvDelete_repeated_answersTheDeletedValueAgain_notNotFound() {
        String entry = "/api/kv/" + create("/api/kv") + "/entries/a";
        send(HttpMethod.PUT, entry, null, "{\"x\": 1}");
        String key = key();

        EntityExchangeResult<String> first = send(HttpMethod.DELETE, entry, key, null);
        EntityExchangeResult<String> repeat = send(HttpMethod.DELETE, entry, key, null);

        assertThat(first.getStatus().value()).isEqualTo(200);
        assertThat(repeat.getStatus().value()).isEqualTo(200);
        assertThat(repeat.getResponseBody()).isEqualTo(first.getResponseBody()).contains("\"x\":1");
        assertThat(send(HttpMethod.DELETE, entry, key(), null).getStatus().value()).isEqualTo(404);
    }

    @Test
    void stackDelete_repeated_isNoContentBothTimes() {
        String stack = "/api/stacks/" + create("/api/stacks");
        String key = key();

        assertThat(send(HttpMethod.DELETE, stack, key, null).getStatus().value()).isEqualTo(204);
        EntityExchangeResult<String> repeat = send(HttpMethod.DELETE, stack, key, null);

        assertThat(repeat.getStatus().value()).isEqualTo(204);
        assertThat(repeat.getResponseBody()).isNull();
        assertThat(send(HttpMethod.DELETE, stack, null, null).getStatus().value()).isEqualTo(404);
    }

    @Test
    void aProblemAnswer_isStoredAndReplayed_likeAnyOther() {
        String stack = "/api/stacks/" + create("/api/stacks");
        String key = key();

        EntityExchangeResult<String> first = send(HttpMethod.POST, stack + "/pop", key, null);
        send(HttpMethod.POST, stack + "/push", null, "{\"item\": 1}");
        EntityExchangeResult<String> repeat = send(HttpMethod.POST, stack + "/pop", key, null);

        assertThat(first.getStatus().value()).isEqualTo(409);
        assertThat(repeat.getStatus().value()).isEqualTo(409);
        assertThat(repeat.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(repeat.getResponseBody()).isEqualTo(first.getResponseBody()).contains("\"error\":\"empty\"");
        assertThat(json("GET", stack + "/size").path("size").asInt()).isOne();
    }

    @Test
    void theKey_forAnotherBodyPathOrMethod_isUnprocessable_andAppliesNothing() {
        String stack = "/api/stacks/" + create("/api/stacks");
        String key = key();
        send(HttpMethod.POST, stack + "/push", key, "{\"item\": 1}");

        for (EntityExchangeResult<String> reuse : List.of(
                send(HttpMethod.POST, stack + "/push", key, "{\"item\": 2}"),
                send(HttpMethod.POST, stack + "/pop", key, null),
                send(HttpMethod.DELETE, stack, key, null),
                send(HttpMethod.POST, stack + "/push?x=1", key, "{\"item\": 1}"))) {
            assertThat(reuse.getStatus().value()).isEqualTo(422);
            assertThat(reuse.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(json.readTree(reuse.getResponseBody()).path("error").asString())
                    .isEqualTo("idempotency_key_reused");
        }
        assertThat(json("GET", stack + "/size").path("size").asInt()).isOne();
    }

    /**
     * The counter is suspended, so the first request waits in its mailbox, its key held, for as long as the test
     * needs: no timing window. (A suspended process queues messages and handles none until resumed.)
     */
    @Test
    void aRepeatWhileTheFirstIsHandled_isConflict_withRetryAfter_thenTheReplay() {
        String key = key();
        Pid counter = runtime.whereis("counter").orElseThrow();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<EntityExchangeResult<String>> first;
            EntityExchangeResult<String> during;
            runtime.suspend(counter, Duration.ofSeconds(5));
            try {
                first = CompletableFuture.supplyAsync(
                        () -> send(HttpMethod.POST, "/api/counter/increment", key, null), clients);
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                        .until(() -> runtime.info(counter).mailbox() == 1);

                during = send(HttpMethod.POST, "/api/counter/increment", key, null);
            } finally {
                runtime.resume(counter, Duration.ofSeconds(5));
            }

            assertThat(during.getStatus().value()).isEqualTo(409);
            assertThat(during.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(json.readTree(during.getResponseBody()).path("error").asString())
                    .isEqualTo("idempotency_key_in_use");
            EntityExchangeResult<String> answered = first.join();
            assertThat(answered.getStatus().value()).isEqualTo(200);
            assertThat(send(HttpMethod.POST, "/api/counter/increment", key, null).getResponseBody())
                    .isEqualTo(answered.getResponseBody());
        }
    }

    /**
     * A 504 is not stored, so the retry is handled as a first request; but the timed-out increment is still queued
     * behind the suspended counter, and the retry must not queue a second one. It waits for the first instead and
     * answers its reply. The first request takes the 5 s call timeout for certain: the counter handles nothing.
     */
    @Test
    void theRetryAfterA504_answersTheTimedOutCallsReply_andIncrementsOnce() {
        String name = UUID.randomUUID().toString();
        String counter = "/api/counters/" + name;
        send(HttpMethod.POST, counter + "/increment", null, null);
        Pid pid = tree.registries().stream().filter(registry -> registry.name().equals("counters")).findFirst()
                .orElseThrow().whereis(name).orElseThrow();
        String key = key();
        runtime.suspend(pid, Duration.ofSeconds(5));
        EntityExchangeResult<String> first;
        try {
            first = send(HttpMethod.POST, counter + "/increment", key, null);
        } finally {
            runtime.resume(pid, Duration.ofSeconds(5));
        }
        assertThat(first.getStatus().value()).isEqualTo(504);

        EntityExchangeResult<String> retry = send(HttpMethod.POST, counter + "/increment", key, null);

        assertThat(retry.getStatus().value()).isEqualTo(200);
        assertThat(json.readTree(retry.getResponseBody()).path("value").asLong()).isEqualTo(2);
        assertThat(json("GET", counter).path("value").asLong()).as("incremented once").isEqualTo(2);
        assertThat(send(HttpMethod.POST, counter + "/increment", key, null).getResponseHeaders()
                .getFirst(IdempotencyFilter.REPLAYED)).as("the retry's answer is stored").isEqualTo("true");
    }

    @Test
    void concurrentRepeats_applyExactlyOnce_andEachGetsTheReplayOrConflict() throws Exception {
        int threads = 16;
        String counter = "/api/counters/" + UUID.randomUUID() + "/increment";
        String key = key();
        CyclicBarrier start = new CyclicBarrier(threads);
        List<EntityExchangeResult<String>> results;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<EntityExchangeResult<String>>> sent = IntStream.range(0, threads)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        arrive(start);
                        return send(HttpMethod.POST, counter, key, null);
                    }, clients))
                    .toList();
            results = sent.stream().map(CompletableFuture::join).toList();
        }

        List<EntityExchangeResult<String>> applied = results.stream()
                .filter(result -> result.getStatus().value() == 200
                        && result.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED) == null)
                .toList();
        assertThat(applied).hasSize(1);
        assertThat(json.readTree(applied.getFirst().getResponseBody()).path("value").asLong()).isOne();
        assertThat(results).allSatisfy(result -> assertThat(result.getStatus().value() == 409
                || result.getResponseBody().equals(applied.getFirst().getResponseBody())).isTrue());
        assertThat(json("GET", counter.replace("/increment", "")).path("value").asLong()).isOne();
    }

    @Test
    void aBadKey_isABadRequestProblem_andAppliesNothing() {
        String counter = "/api/counters/" + UUID.randomUUID();
        for (String bad : List.of("", "\"\"", "\"open", "\"a\";p=1", "a b", "a,b", "k".repeat(257), "\"a\\x\"")) {
            EntityExchangeResult<String> answer = send(HttpMethod.POST, counter + "/increment", bad, null);

            assertThat(answer.getStatus().value()).as("key %s", bad).isEqualTo(400);
            assertThat(answer.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(json.readTree(answer.getResponseBody()).path("error").asString())
                    .isEqualTo("invalid_idempotency_key");
        }
        EntityExchangeResult<String> twice = client.post().uri(counter + "/increment")
                .header(IdempotencyFilter.HEADER, "\"a\"", "\"a\"").exchange().returnResult(String.class);
        assertThat(twice.getStatus().value()).isEqualTo(400);
        client.get().uri(counter).exchange().expectStatus().isNotFound();
    }

    @Test
    void aRateLimitedAnswer_isNotStored_soTheRetryIsApplied() {
        String acquire = "/api/rate-limits/" + UUID.randomUUID() + "/acquire";
        send(HttpMethod.POST, acquire + "?permits=10", null, null);
        String key = key();

        assertThat(send(HttpMethod.POST, acquire, key, null).getStatus().value()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));
        EntityExchangeResult<String> retry = send(HttpMethod.POST, acquire, key, null);

        assertThat(retry.getStatus().value()).isEqualTo(200);
        assertThat(retry.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isNull();
        assertThat(retry.getResponseHeaders().getFirst("RateLimit-Remaining")).isEqualTo("9");
        assertThat(send(HttpMethod.POST, acquire, key, null).getResponseHeaders().getFirst("RateLimit-Remaining"))
                .isEqualTo("9");
    }

    /**
     * The fingerprint leaves Accept and Content-Type out, so an answer about them must not be kept for the key. (A
     * write with a body to refuse: one answering without a body admits any Accept.)
     */
    @Test
    void aNotAcceptableAnswer_isNotStored_soTheCorrectedRetryIsApplied() {
        String name = UUID.randomUUID().toString();
        String increment = "/api/counters/" + name + "/increment";
        String once = "{\"name\":\"" + name + "\",\"value\":1}";
        String key = key();

        int refused = client.post().uri(increment).header(IdempotencyFilter.HEADER, key)
                .header(HttpHeaders.ACCEPT, MediaType.TEXT_PLAIN_VALUE).exchange().returnResult(String.class)
                .getStatus().value();
        EntityExchangeResult<String> corrected = send(HttpMethod.POST, increment, key, null);
        EntityExchangeResult<String> repeated = send(HttpMethod.POST, increment, key, null);

        assertThat(refused).isEqualTo(406);
        assertThat(corrected.getStatus().value()).isEqualTo(200);
        assertThat(corrected.getResponseBody()).isEqualTo(once);
        assertThat(corrected.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isNull();
        assertThat(repeated.getResponseBody()).isEqualTo(once);
        assertThat(repeated.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
    }

    /** The fingerprint leaves If-Match out too: a 412 kept for the key would answer the retry without it for good. */
    @Test
    void aPreconditionFailedAnswer_isNotStored_soTheRetryWithoutTheConditionIsApplied() {
        String name = UUID.randomUUID().toString();
        String increment = "/api/counters/" + name + "/increment";
        String key = key();

        int refused = client.post().uri(increment).header(IdempotencyFilter.HEADER, key)
                .header(HttpHeaders.IF_MATCH, "\"v1\"").exchange().returnResult(String.class).getStatus().value();
        EntityExchangeResult<String> retried = send(HttpMethod.POST, increment, key, null);

        assertThat(refused).isEqualTo(412);
        assertThat(retried.getStatus().value()).isEqualTo(200);
        assertThat(retried.getResponseBody()).isEqualTo("{\"name\":\"" + name + "\",\"value\":1}");
        assertThat(retried.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isNull();
    }

    /**
     * A 400 refuses the request before anything is applied: kept, it answered the corrected request under the same
     * key 422 {@code idempotency_key_reused} for a day.
     */
    @Test
    void aBadRequestAnswer_isNotStored_soTheCorrectedRequestMayUseTheSameKey() {
        String entry = "/api/cache/entries/" + UUID.randomUUID();
        String key = key();

        int refused = send(HttpMethod.PUT, entry, key, "{\"unclosed\": ").getStatus().value();

        assertThat(refused).isEqualTo(400);
        assertTheCorrectedPut_isAppliedUnder(entry, key);
        assertThat(send(HttpMethod.PUT, entry, key, "{\"unclosed\": ").getStatus().value()).as("now another request")
                .isEqualTo(422);
    }

    /** A put of 7 under {@code key}, after a refusal: handled as a first request, then replayed to its repeat. */
    private void assertTheCorrectedPut_isAppliedUnder(String entry, String key) {
        EntityExchangeResult<String> corrected = send(HttpMethod.PUT, entry, key, "7");
        assertThat(corrected.getStatus().value()).isEqualTo(202);
        assertThat(corrected.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isNull();
        assertThat(send(HttpMethod.PUT, entry, key, "7").getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED))
                .isEqualTo("true");
    }

    @Test
    void aPostedForm_keepsItsParameters_andAnotherFormIsAnotherRequest() {
        String acquire = "/api/rate-limits/" + UUID.randomUUID() + "/acquire";
        String key = key();

        EntityExchangeResult<String> first = client.post().uri(acquire).header(IdempotencyFilter.HEADER, key)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body("permits=3").exchange()
                .returnResult(String.class);
        EntityExchangeResult<String> other = client.post().uri(acquire).header(IdempotencyFilter.HEADER, key)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).body("permits=4").exchange()
                .returnResult(String.class);

        assertThat(json.readTree(first.getResponseBody()).path("remaining").asInt()).isEqualTo(7);
        assertThat(other.getStatus().value()).isEqualTo(422);
    }

    @Test
    void multipartBodiesDifferingOnlyInAFilePart_areDifferentRequests() {
        String increment = "/api/counters/" + UUID.randomUUID() + "/increment";
        String key = key();

        EntityExchangeResult<String> first = sendMultipart(increment, key, "AAA");
        EntityExchangeResult<String> other = sendMultipart(increment, key, "BBB");
        EntityExchangeResult<String> retry = sendMultipart(increment, key, "AAA");

        assertThat(first.getStatus().is2xxSuccessful()).isTrue();
        assertThat(other.getStatus().value()).as("another file under the same key").isEqualTo(422);
        assertThat(retry.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(json("GET", increment.replace("/increment", "")).path("value").asLong()).isOne();
    }

    /**
     * A raw body that spells out how a form's parameters are fingerprinted is not that form: the form's acquire of 3
     * permits, under the key of a plain-text acquire of 1, is refused 422, never told its 3 were granted.
     */
    @Test
    void aRawBodySpellingAFormsFingerprint_isAnotherRequest_thanThatForm() {
        String acquire = "/api/rate-limits/" + UUID.randomUUID() + "/acquire";
        String key = key();

        EntityExchangeResult<String> raw = client.post().uri(acquire).header(IdempotencyFilter.HEADER, key)
                .header(HttpHeaders.CONTENT_TYPE, "text/plain").body("7:permits1:3\n").exchange()
                .returnResult(String.class);
        EntityExchangeResult<String> form = sendForm(acquire, key, "permits=3");

        assertThat(raw.getStatus().value()).isEqualTo(200);
        assertThat(form.getStatus().value()).isEqualTo(422);
        assertThat(form.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isNull();
    }

    /** A form is compared by its parameters, not its bytes: the same parameters in another order are one request. */
    @Test
    void aUrlEncodedForm_isTheSameRequest_withItsParametersInAnotherOrderOrSpelling() {
        String acquire = "/api/rate-limits/" + UUID.randomUUID() + "/acquire";
        String key = key();

        EntityExchangeResult<String> first = sendForm(acquire, key, "permits=3&note=x");
        EntityExchangeResult<String> reordered = sendForm(acquire, key, "note=%78&&permits=3&");

        assertThat(first.getStatus().value()).isEqualTo(200);
        assertThat(reordered.getStatus().value()).isEqualTo(200);
        assertThat(reordered.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(sendForm(acquire, key, "permits=2&note=x").getStatus().value()).as("other parameters")
                .isEqualTo(422);
    }

    private EntityExchangeResult<String> sendForm(String path, String key, String form) {
        return client.post().uri(path).header(IdempotencyFilter.HEADER, key)
                .header(HttpHeaders.CONTENT_TYPE, "application/x-www-form-urlencoded").body(form)
                .exchange().returnResult(String.class);
    }

    private EntityExchangeResult<String> sendMultipart(String path, String key, String fileContent) {
        String body = "--xx\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + fileContent + "\r\n--xx--\r\n";
        return client.post().uri(path).header(IdempotencyFilter.HEADER, key)
                .header(HttpHeaders.CONTENT_TYPE, "multipart/form-data; boundary=xx").body(body)
                .exchange().returnResult(String.class);
    }

    @Test
    void aBrokenMultipartBody_withAKey_isABadRequestProblem_notAServerError() {
        String acquire = "/api/rate-limits/" + UUID.randomUUID() + "/acquire";

        EntityExchangeResult<String> answer = client.post().uri(acquire).header(IdempotencyFilter.HEADER, key())
                .header(HttpHeaders.CONTENT_TYPE, "multipart/form-data; boundary=xx").body("--xx\r\nbroken")
                .exchange().returnResult(String.class);

        assertThat(answer.getStatus().value()).isEqualTo(400);
        assertThat(json.readTree(answer.getResponseBody()).path("error").asString()).isEqualTo("invalid_request");
    }

    @Test
    void anOversizedBody_isRefusedBeforeTheKeyIsTaken() {
        String stack = "/api/stacks/" + create("/api/stacks");
        String key = key();

        EntityExchangeResult<String> tooLarge = send(HttpMethod.POST, stack + "/push", key,
                "{\"item\": \"" + "x".repeat(1024 * 1024) + "\"}");

        assertThat(tooLarge.getStatus().value()).isEqualTo(413);
        assertThat(send(HttpMethod.POST, stack + "/push", key, "{\"item\": 1}").getResponseHeaders()
                .getFirst(IdempotencyFilter.REPLAYED)).isNull();
        assertThat(json("GET", stack + "/size").path("size").asInt()).isOne();
    }

    @Test
    void aReplay_isTimedUnderTheRouteOfTheFirstAnswer() {
        String route = "/api/counters/{name}/increment";
        long before = timed(route);
        String counter = "/api/counters/" + UUID.randomUUID() + "/increment";
        String key = key();

        send(HttpMethod.POST, counter, key, null);
        EntityExchangeResult<String> replay = send(HttpMethod.POST, counter, key, null);

        assertThat(replay.getResponseHeaders().getFirst(IdempotencyFilter.REPLAYED)).isEqualTo("true");
        assertThat(json("GET", counter.replace("/increment", "")).path("value").asLong()).isOne();
        await().atMost(Duration.ofSeconds(5)).until(() -> timed(route) == before + 2);
    }

    @Test
    void reads_ignoreTheHeader() {
        EntityExchangeResult<String> read = client.get().uri("/api/counter")
                .header(IdempotencyFilter.HEADER, "not a key").exchange().returnResult(String.class);

        assertThat(read.getStatus().value()).isEqualTo(200);
    }

    private long timed(String route) {
        Timer timer = meters.find("http.server.requests")
                .tags("uri", route, "method", "POST", "status", "200").timer();
        return timer == null ? 0 : timer.count();
    }

    /** Unguessable, as the README asks of clients. */
    private static String key() {
        return "\"" + UUID.randomUUID() + "\"";
    }

    /**
     * The operator's view of how full the store is, scraped as Prometheus names it. What the store counts is
     * {@link InMemoryIdempotencyStoreTest}'s; the context is shared, and another test's last keyed request may still
     * be completing, so the figures are compared with the store's own rather than with a baseline.
     */
    @Test
    void theStoresFill_isScraped_asTheKeysItHolds_andWhatTheirAnswersCount() {
        EntityExchangeResult<String> created = send(HttpMethod.POST, "/api/stacks", key(), "{\"items\": [1]}");
        long cost = created.getResponseBodyContent().length + StoredAnswer.ENTRY_OVERHEAD;

        // the answer is flushed to the client as it is written, so it may arrive a moment before it is kept
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String scraped = management.client().get().uri("/actuator/prometheus").exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
            assertThat(scraped).contains("genserver_idempotency_keys " + (double) store.heldKeys(),
                    "genserver_idempotency_answers_bytes " + (double) store.answerBytes(),
                    "genserver_idempotency_keys_max " + (double) properties.maxEntries(),
                    "genserver_idempotency_answers_max_bytes "
                            + (double) properties.maxBytes(Runtime.getRuntime().maxMemory()),
                    "genserver_idempotency_requests_total{outcome=\"handled\"}");
            assertThat(store.answerBytes()).isGreaterThanOrEqualTo(cost);
        });
    }

    private EntityExchangeResult<String> send(HttpMethod method, String uri, String key, String body) {
        RestTestClient.RequestBodySpec request = client.method(method).uri(uri);
        if (key != null) {
            request.header(IdempotencyFilter.HEADER, key);
        }
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        return request.exchange().returnResult(String.class);
    }

    private JsonNode json(String method, String uri) {
        return json.readTree(send(HttpMethod.valueOf(method), uri, null, null).getResponseBody());
    }

    private String create(String uri) {
        return json.readTree(send(HttpMethod.POST, uri, null, null).getResponseBody()).path("id").asString();
    }

    private static void arrive(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
