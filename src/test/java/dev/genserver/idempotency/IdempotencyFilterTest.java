package dev.genserver.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.OutcomeUnknownException;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.idempotency.IdempotencyStore.Claim;
import dev.genserver.testing.GoneClient;
import dev.genserver.testing.MutableClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** What the filter keeps of an answer, and what it does when the chain fails or the client is gone. */
class IdempotencyFilterTest {

    private static final String KEY = "\"k\"";

    private final InMemoryIdempotencyStore store =
            new InMemoryIdempotencyStore(2, Long.MAX_VALUE, Duration.ofHours(1),
                    MutableClock.startingAt("2026-01-01T00:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final IdempotencyFilter filter = new IdempotencyFilter(store, JsonMapper.builder().build(), meters);
    private final AtomicInteger applied = new AtomicInteger();

    @Test
    void withoutTheHeader_theRequestPassesUntouched() throws Exception {
        MockHttpServletRequest request = post();
        request.removeHeader(IdempotencyFilter.HEADER);
        FilterChain chain = (req, res) -> assertThat(req).isSameAs(request);

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(store.heldKeys()).isZero();
    }

    /** What became of each request with a key, counted by outcome: a replay looks otherwise like any answer. */
    @Test
    void eachOutcome_isCounted() throws Exception {
        filter.doFilter(post(), new MockHttpServletResponse(), answering(201, "{}"));
        filter.doFilter(post(), new MockHttpServletResponse(), answering(201, "{}"));
        filter.doFilter(post(), new MockHttpServletResponse(), answering(201, "{}"));
        MockHttpServletRequest other = post();
        other.setContent("{\"a\":2}".getBytes(StandardCharsets.UTF_8));
        filter.doFilter(other, new MockHttpServletResponse(), answering(201, "{}"));
        MockHttpServletRequest malformed = post();
        malformed.removeHeader(IdempotencyFilter.HEADER);
        malformed.addHeader(IdempotencyFilter.HEADER, "\"unterminated");
        filter.doFilter(malformed, new MockHttpServletResponse(), answering(201, "{}"));

        assertThat(applied).hasValue(1);
        assertThat(outcomes()).containsExactlyInAnyOrderEntriesOf(Map.of("handled", 1.0, "replayed", 2.0,
                "reused", 1.0, "malformed_key", 1.0, "in_use", 0.0, "unreadable_form", 0.0, "store_full", 0.0,
                "store_unreachable", 0.0));
    }

    private Map<String, Double> outcomes() {
        return meters.find("genserver.idempotency.requests").counters().stream().collect(
                Collectors.toMap(counter -> counter.getId().getTag("outcome"), Counter::count));
    }

    /** Cluster mode: a store that cannot be reached was a 500 out of the filter; nothing is applied either way. */
    @Test
    void aStoreThatCannotBeReached_isA503Problem_andTheRequestIsNotHandled() throws Exception {
        IdempotencyStore unreachable = new IdempotencyStore() {
            @Override
            public Claim reserve(String key, String fingerprint) {
                throw new ServiceUnavailableException("cluster (too few members in sight to write)");
            }

            @Override
            public void complete(String key, String fingerprint, StoredAnswer answer) {
            }

            @Override
            public void release(String key, String fingerprint) {
            }

            @Override
            public long heldKeys() {
                return 0;
            }

            @Override
            public long answerBytes() {
                return 0;
            }
        };
        MockHttpServletResponse response = new MockHttpServletResponse();

        new IdempotencyFilter(unreachable, JsonMapper.builder().build(), meters).doFilter(post(), response,
                answering(201, "{}"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString()).contains("\"error\":\"unavailable\"");
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(applied).hasValue(0);
    }

    /**
     * Cluster mode: a member holding the key lost after the request was applied. Its answer goes out (it was a 500
     * out of the filter), and the key is not released, so a retry cannot apply the request a second time.
     */
    @Test
    void anAnswerTheStoreCannotTake_stillReachesTheClient_andTheKeyStaysHeld() throws Exception {
        IdempotencyFilter losing =
                new IdempotencyFilter(new StoreLosingWrites(store), JsonMapper.builder().build(), meters);
        MockHttpServletResponse first = new MockHttpServletResponse();
        losing.doFilter(post(), first, answering(201, "{\"id\":\"1\"}"));

        MockHttpServletResponse retry = new MockHttpServletResponse();
        losing.doFilter(post(), retry, answering(201, "{\"id\":\"2\"}"));

        assertThat(first.getStatus()).isEqualTo(201);
        assertThat(first.getContentAsString()).isEqualTo("{\"id\":\"1\"}");
        assertThat(retry.getStatus()).isEqualTo(409);
        assertThat(retry.getContentAsString()).contains("idempotency_key_in_use");
        assertThat(applied).hasValue(1);
    }

    /** A key the store cannot release (an answer not kept) waits for its lease; the answer is unchanged. */
    @Test
    void aKeyTheStoreCannotRelease_leavesTheAnswerAsItWas() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        new IdempotencyFilter(new StoreLosingWrites(store), JsonMapper.builder().build(), meters)
                .doFilter(post(), response, answering(503, "{\"error\":\"unavailable\"}"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentAsString()).contains("unavailable");
        assertThat(store.heldKeys()).isEqualTo(1);
    }

    /** Reserves as {@code inner} does, and fails every complete and release as a lost member does. */
    private record StoreLosingWrites(IdempotencyStore inner) implements IdempotencyStore {

        @Override
        public Claim reserve(String key, String fingerprint) {
            return inner.reserve(key, fingerprint);
        }

        @Override
        public void complete(String key, String fingerprint, StoredAnswer answer) {
            throw new OutcomeUnknownException();
        }

        @Override
        public void release(String key, String fingerprint) {
            throw new OutcomeUnknownException();
        }

        @Override
        public long heldKeys() {
            return inner.heldKeys();
        }

        @Override
        public long answerBytes() {
            return inner.answerBytes();
        }
    }

    @Test
    void theStoredAnswer_hasTheHeadersSetWhileHandled_notThoseSetBefore() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        response.setHeader("X-Outer", "1");
        filter.doFilter(post(), response, answering(201, "{\"id\":\"1\"}"));

        MockHttpServletResponse replay = new MockHttpServletResponse();
        filter.doFilter(post(), replay, answering(201, "{\"id\":\"2\"}"));

        assertThat(applied).hasValue(1);
        assertThat(replay.getStatus()).isEqualTo(201);
        assertThat(replay.getHeader("Location")).isEqualTo("/api/things/1");
        assertThat(replay.getHeader("X-Outer")).isNull();
        assertThat(replay.getContentType()).isEqualTo("application/json");
        assertThat(replay.getContentAsString()).isEqualTo("{\"id\":\"1\"}");
        assertThat(replay.getHeader(IdempotencyFilter.REPLAYED)).isEqualTo("true");
    }

    @Test
    void theContainersHeaders_areNotKept_sinceItAddsThemToTheReplayAgain() throws Exception {
        FilterChain chunked = (req, res) -> {
            HttpServletResponse response = (HttpServletResponse) res;
            answering(200, "{}").doFilter(req, res);
            response.setHeader("Transfer-Encoding", "chunked"); // as Tomcat does when it commits a long answer
            response.setHeader("Date", "Thu, 01 Jan 2026 00:00:00 GMT");
            response.setHeader("Connection", "keep-alive");
        };
        filter.doFilter(post(), new MockHttpServletResponse(), chunked);

        MockHttpServletResponse replay = new MockHttpServletResponse();
        filter.doFilter(post(), replay, chunked);

        assertThat(replay.getHeaderNames()).containsExactlyInAnyOrder("Location", "Content-Type", "Content-Length",
                IdempotencyFilter.REPLAYED);
    }

    @Test
    void answersThatAskForARetry_andBodilessErrors_areNotKept() throws Exception {
        for (int status : List.of(500, 503, 504, 429)) {
            filter.doFilter(post(), new MockHttpServletResponse(), answering(status, "{\"error\":\"x\"}"));
        }
        filter.doFilter(post(), new MockHttpServletResponse(), answering(404, ""));

        assertThat(applied).hasValue(5);
        assertThat(store.reserve("k", "any")).isEqualTo(new Claim.Reserved());
    }

    @Test
    void aFormTheContainerParses_isFingerprintedByItsParameters_whichTheHandlerStillSees() throws Exception {
        FilterChain handler = (req, res) -> {
            assertThat(req.getParameter("permits")).isEqualTo("3");
            answering(200, "{}").doFilter(req, res);
        };
        filter.doFilter(form("3"), new MockHttpServletResponse(), handler);

        MockHttpServletResponse other = new MockHttpServletResponse();
        filter.doFilter(form("4"), other, handler);
        MockHttpServletResponse same = new MockHttpServletResponse();
        filter.doFilter(form("3"), same, handler);

        assertThat(applied).hasValue(1);
        assertThat(other.getStatus()).isEqualTo(422);
        assertThat(same.getHeader(IdempotencyFilter.REPLAYED)).isEqualTo("true");
    }

    @Test
    void aFailingChain_releasesTheKey() {
        FilterChain failing = (req, res) -> {
            throw new IllegalStateException("boom");
        };

        assertThatThrownBy(() -> filter.doFilter(post(), new MockHttpServletResponse(), failing))
                .hasMessage("boom");
        assertThat(store.heldKeys()).isZero();
    }

    @Test
    void aClientThatIsGone_stillLeavesTheWholeAnswer_forItsRetry() throws Exception {
        filter.doFilter(post(), new GoneClient(new MockHttpServletResponse()), answering(200, "{\"value\":1}"));

        MockHttpServletResponse retry = new MockHttpServletResponse();
        filter.doFilter(post(), retry, answering(200, "{\"value\":2}"));

        assertThat(applied).hasValue(1);
        assertThat(retry.getContentAsString()).isEqualTo("{\"value\":1}");
    }

    @Test
    void aStoreFullOfRequestsBeingHandled_isUnavailable_withRetryAfter() throws Exception {
        store.reserve("a", "f");
        store.reserve("b", "f");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(post(), response, answering(200, "{}"));

        assertThat(applied).hasValue(0);
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentAsString()).contains("\"error\":\"unavailable\"");
    }

    /**
     * Once the handler has run, a failure while its answer is copied to be kept (the heap running out: the copy is
     * the largest allocation) leaves the key held: releasing it let the retry apply the request a second time.
     */
    @Test
    void aFailureCopyingTheAnswerAfterTheHandlerRan_leavesTheKeyHeld_soTheRetryDoesNotApplyItAgain() throws Exception {
        assertThatThrownBy(() -> filter.doFilter(post(), outOfMemoryOnCopy(), answering(201, "{}")))
                .isInstanceOf(OutOfMemoryError.class);
        MockHttpServletResponse retry = new MockHttpServletResponse();
        filter.doFilter(post(), retry, answering(201, "{}"));

        assertThat(applied).as("applied once").hasValue(1);
        assertThat(retry.getStatus()).isEqualTo(409);
    }

    /** An answer that asks for a retry is released however its copy fails: nothing was applied to hold it for. */
    @Test
    void aRetryAnswer_isReleasedEvenWhereCopyingItWouldFail() throws Exception {
        filter.doFilter(post(), outOfMemoryOnCopy(), answering(503, "{}"));
        MockHttpServletResponse retry = new MockHttpServletResponse();
        filter.doFilter(post(), retry, answering(201, "{}"));

        assertThat(retry.getStatus()).as("handled as a first request").isEqualTo(201);
        assertThat(applied).hasValue(2);
    }

    /**
     * Spring resets the buffer of an answer not yet committed before it resolves a handler's exception
     * ({@code DispatcherServlet.processHandlerException}); what was written before that is no part of the answer, in
     * the kept copy either, whether it went through the stream or the writer.
     */
    @Test
    void whatWasWrittenBeforeAReset_isInNeitherTheAnswerNorItsKeptCopy() throws Exception {
        for (boolean resetAll : List.of(false, true)) {
            FilterChain resetting = (req, res) -> {
                applied.incrementAndGet();
                HttpServletResponse response = (HttpServletResponse) res;
                response.setStatus(200);
                response.getOutputStream().write("{\"half\":".getBytes(StandardCharsets.UTF_8));
                response.getWriter().write("[1,"); // the mock takes both; a container, one of the two
                if (resetAll) {
                    response.reset();
                } else {
                    response.resetBuffer();
                }
                response.setStatus(409);
                response.setContentType("application/problem+json");
                response.getWriter().write("{\"error\":\"conflict\"}");
                response.flushBuffer();
            };
            String key = "\"reset-" + resetAll + "\"";
            Answers answers = answersTo(() -> post(key), resetting);
            MockHttpServletResponse first = answers.first();
            MockHttpServletResponse replay = answers.retry();

            assertThat(first.getContentAsString()).as("reset() " + resetAll).isEqualTo("{\"error\":\"conflict\"}");
            assertThat(replay.getHeader(IdempotencyFilter.REPLAYED)).isEqualTo("true");
            assertThat(replay.getStatus()).isEqualTo(409);
            assertThat(replay.getContentAsString()).as("reset() " + resetAll).isEqualTo("{\"error\":\"conflict\"}");
        }
        assertThat(applied).hasValue(2);
    }

    /** What the writer is given reaches the client and the copy whole, a line break from println too. */
    @Test
    void anAnswerWrittenByTheWriter_isKeptWhole_lineBreaksIncluded() throws Exception {
        FilterChain printing = (req, res) -> {
            applied.incrementAndGet();
            HttpServletResponse response = (HttpServletResponse) res;
            response.setStatus(200);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().print("{\"emoji\":\"\uD83D");
            response.getWriter().print("\uDE00\"}");
            response.getWriter().println();
        };
        Answers answers = answersTo(IdempotencyFilterTest::post, printing);

        String whole = "{\"emoji\":\"\uD83D\uDE00\"}" + System.lineSeparator();
        assertThat(answers.bodies()).containsExactly(whole, whole);
        assertThat(applied).hasValue(1);
    }

    /** Half a surrogate pair the writer held before a reset is no part of the answer written after it. */
    @Test
    void halfACharacterWrittenBeforeAReset_isNotInTheAnswer() throws Exception {
        FilterChain resetting = (req, res) -> {
            applied.incrementAndGet();
            HttpServletResponse response = (HttpServletResponse) res;
            response.setCharacterEncoding("UTF-8");
            response.getWriter().print("\uD83D");
            response.resetBuffer();
            response.setStatus(409);
            response.setContentType("application/problem+json");
            response.getWriter().print("{}");
            response.getWriter().flush();
        };
        assertThat(answersTo(IdempotencyFilterTest::post, resetting).bodies()).containsExactly("{}", "{}");
    }

    /** The answers to a request and to its retry, each a fresh request with the same key. */
    private Answers answersTo(Supplier<MockHttpServletRequest> request, FilterChain chain)
            throws Exception {
        Answers answers = new Answers(new MockHttpServletResponse(), new MockHttpServletResponse());
        filter.doFilter(request.get(), answers.first(), chain);
        filter.doFilter(request.get(), answers.retry(), chain);
        return answers;
    }

    private record Answers(MockHttpServletResponse first, MockHttpServletResponse retry) {
        List<String> bodies() throws UnsupportedEncodingException {
            return List.of(first.getContentAsString(StandardCharsets.UTF_8),
                    retry.getContentAsString(StandardCharsets.UTF_8));
        }
    }

    /** A response whose headers cannot be read, as the answer's copy reads them: the heap ran out there. */
    private static MockHttpServletResponse outOfMemoryOnCopy() {
        return new MockHttpServletResponse() {
            @Override
            public List<String> getHeaders(String name) {
                throw new OutOfMemoryError("the probe's failure, struck as the answer is copied");
            }
        };
    }

    private static MockHttpServletRequest post() {
        return post(KEY);
    }

    private static MockHttpServletRequest post(String key) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
        request.addHeader(IdempotencyFilter.HEADER, key);
        request.setContentType("application/json");
        request.setContent("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        return request;
    }

    private static MockHttpServletRequest form(String permits) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/things");
        request.addHeader(IdempotencyFilter.HEADER, KEY);
        request.setContentType("application/x-www-form-urlencoded");
        request.addParameter("permits", permits); // as the container parses it from the body
        return request;
    }

    /** A handler that applies once per call and answers {@code status} with {@code body} and a Location. */
    private FilterChain answering(int status, String body) {
        return (req, res) -> {
            applied.incrementAndGet();
            HttpServletResponse response = (HttpServletResponse) res;
            response.setStatus(status);
            response.setHeader("Location", "/api/things/1");
            response.setContentType("application/json");
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            response.flushBuffer();
        };
    }
}
