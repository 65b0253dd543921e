package dev.genserver.idempotency;

import dev.genserver.app.OutcomeUnknownException;
import dev.genserver.app.RequestIds;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.idempotency.IdempotencyStore.Claim;
import dev.genserver.web.Failure;
import dev.genserver.web.RequestGuard;
import dev.genserver.web.WriteMethods;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes a write under {@code /api} (POST, PUT, PATCH, DELETE) with an {@code Idempotency-Key} safe to retry, as
 * draft-ietf-httpapi-idempotency-key-header has it. A request without the header costs one header lookup; one
 * with it is {@linkplain Fingerprint fingerprinted} and its key {@linkplain IdempotencyStore#reserve reserved}:
 * <ul>
 *   <li>first use: handled as usual, and its answer stored if it is final. Not final are 429 and 5xx, which tell
 *       the client to retry (nothing was applied, or a 504's call may still be applied later); 400, a request
 *       refused before anything was applied, whose corrected version may take the key; 406, 412 and 415, which
 *       answer the Accept, If-Match and Content-Type headers the fingerprint leaves out (a retry that corrects them
 *       must be handled, not told the same again); and an error without a body, which the container's error page
 *       completes after this filter;</li>
 *   <li>a repeat of an answered request: that answer again (status, headers, body, plus
 *       {@code Idempotent-Replayed: true}), and nothing applied;</li>
 *   <li>a repeat while the first is being handled: 409 {@code idempotency_key_in_use};</li>
 *   <li>the key with another method, path, query or body: 422 {@code idempotency_key_reused};</li>
 *   <li>a malformed key ({@link IdempotencyKey}): 400 {@code invalid_idempotency_key}, nothing applied; a form
 *       the container cannot parse ({@link RequestContent}): 400 {@code invalid_request};</li>
 *   <li>a store full of keys still being handled: 503 {@code unavailable} with Retry-After.</li>
 * </ul>
 * Registered for requests only (not error or async dispatches) after {@code web.RequestGuard}, which has judged
 * the body's size, and after Micrometer's observation filter, which therefore times replays too; a replay carries
 * the route it was first answered on, so its metrics are tagged as the first answer's were. Keys are one space for
 * all clients: there is no authentication to scope them by.
 */
final class IdempotencyFilter implements Filter {

    static final String HEADER = RequestGuard.IDEMPOTENCY_KEY;
    static final String REPLAYED = "Idempotent-Replayed";
    static final String STORE_FULL = "too many requests with an Idempotency-Key are being handled at once; retry later";

    private static final Logger LOG = LoggerFactory.getLogger(IdempotencyFilter.class);

    /**
     * What became of a request with a key, counted as {@code genserver_idempotency_requests_total{outcome}}: a
     * replay or a refusal of this filter's own otherwise looks like any other answer of its status.
     */
    enum Outcome {
        /** Reserved and handled as a first request, whether its answer was kept or not. */
        HANDLED,
        /** Answered with the answer kept for its key. */
        REPLAYED,
        /** 409 {@code idempotency_key_in_use}. */
        IN_USE,
        /** 422 {@code idempotency_key_reused}. */
        REUSED,
        /** 400 {@code invalid_idempotency_key}. */
        MALFORMED_KEY,
        /** 400 {@code invalid_request}: a form body the container cannot read, so no fingerprint. */
        UNREADABLE_FORM,
        /** 503: the store is full of keys still being handled. */
        STORE_FULL,
        /** 503, cluster mode: the store cannot be reached. */
        STORE_UNREACHABLE
    }

    private final IdempotencyStore store;
    private final JsonMapper json;
    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

    IdempotencyFilter(IdempotencyStore store, JsonMapper json, MeterRegistry registry) {
        this.store = store;
        this.json = json;
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("genserver.idempotency.requests")
                    .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                    .description("Writes with an Idempotency-Key, by what became of them").register(registry));
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (request.getHeader(HEADER) == null || !WriteMethods.isWrite(request.getMethod())) {
            chain.doFilter(req, res);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) res;
        String key = IdempotencyKey.parse(request.getHeaders(HEADER));
        if (key == null) {
            count(Outcome.MALFORMED_KEY);
            Failure.INVALID_IDEMPOTENCY_KEY.write(request, response, json,
                    Failure.INVALID_IDEMPOTENCY_KEY.detail(IdempotencyKey.MAX_LENGTH));
            return;
        }
        RequestContent content = RequestContent.read(request);
        if (content == null) {
            count(Outcome.UNREADABLE_FORM);
            Failure.INVALID_REQUEST.write(request, response, json, "the form in the request body cannot be read");
            return;
        }
        String fingerprint = Fingerprint.of(request, content);
        Claim claim;
        try {
            claim = store.reserve(key, fingerprint);
        } catch (ServiceUnavailableException | OutcomeUnknownException storeUnreachable) { // cluster mode
            count(Outcome.STORE_UNREACHABLE);
            Failure.UNAVAILABLE.write(request, response, json,
                    "the Idempotency-Key store cannot be reached; retry later");
            return;
        }
        switch (claim) {
            case Claim.Reserved reserved -> {
                count(Outcome.HANDLED);
                handle(RequestGuard.replaying(request, content.body()), response, chain, key, fingerprint);
            }
            case Claim.Replay(StoredAnswer answer) -> {
                count(Outcome.REPLAYED);
                replay(request, response, answer);
            }
            case Claim.InProgress inProgress -> {
                count(Outcome.IN_USE);
                Failure.IDEMPOTENCY_KEY_IN_USE.write(request, response, json, Failure.IDEMPOTENCY_KEY_IN_USE.detail());
            }
            case Claim.Mismatch mismatch -> {
                count(Outcome.REUSED);
                Failure.IDEMPOTENCY_KEY_REUSED.write(request, response, json, Failure.IDEMPOTENCY_KEY_REUSED.detail());
            }
            case Claim.Full full -> {
                count(Outcome.STORE_FULL);
                Failure.UNAVAILABLE.write(request, response, json, STORE_FULL);
            }
        }
    }

    private void count(Outcome outcome) {
        outcomes.get(outcome).increment();
    }


    private void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String key,
            String fingerprint) throws IOException, ServletException {
        Set<String> outside = Set.copyOf(response.getHeaderNames());
        CapturingResponse capturing = new CapturingResponse(response);
        boolean settled = false; // the answer stored, or the key left held: either way not released
        try {
            // the messages this request sends carry its identity, so a retry after a lost member is not applied twice
            try (RequestIds.Scope identity = RequestIds.open(key + ' ' + fingerprint)) {
                chain.doFilter(request, capturing);
                if (!request.isAsyncStarted()) { // no endpoint answers asynchronously; one that did would not be kept
                    if (capturing.isFinal()) {
                        // applied: a failure from here on (the heap running out as the answer is copied) leaves the
                        // key held, never free for the retry to apply the request a second time
                        settled = true;
                        complete(key, fingerprint, capturing.answer(outside, route(request)));
                    } else {
                        identity.forgetMessages(); // the retry this answer asks for is a first request
                    }
                }
            }
        } finally {
            if (!settled) {
                release(key, fingerprint);
            }
        }
    }

    /**
     * Stores the answer of a request that was handled. Cluster mode: if the store cannot take it (a member holding
     * the key lost mid-write, even after the store's own repeats), the request was still applied, so the client
     * gets its answer, not a failure, and the key is not released: it stays held until its lease ends, answering a
     * retry meanwhile {@code idempotency_key_in_use}, where a released key would let the retry apply it again.
     */
    private void complete(String key, String fingerprint, StoredAnswer answer) {
        try {
            store.complete(key, fingerprint, answer);
        } catch (ServiceUnavailableException | OutcomeUnknownException unrecorded) {
            LOG.warn("a handled request's answer could not be stored under its Idempotency-Key, which stays held "
                    + "until its lease ends: {}", unrecorded.toString());
        }
    }

    /** Frees the key of a request that left no answer to keep; one the store cannot free waits for its lease. */
    private void release(String key, String fingerprint) {
        try {
            store.release(key, fingerprint);
        } catch (ServiceUnavailableException | OutcomeUnknownException unreleased) {
            LOG.warn("an Idempotency-Key could not be released, and stays held until its lease ends: {}",
                    unreleased.toString());
        }
    }

    /** Whether an answer of {@code status} with a body of {@code bodyBytes} is kept to be given again. */
    static boolean isFinal(int status, int bodyBytes) {
        return keeps(status) && (status < 400 || bodyBytes > 0);
    }

    /**
     * Whether an answer of this status is kept to be given again: not one that asks for a retry (429, 5xx); nor a
     * 400, which refuses a request before anything is applied, so that the corrected request may use the same key
     * (as Stripe keeps a result only once the endpoint has begun); nor a 406, 412 or 415, whose headers are not
     * part of what a repeat must match (an error without a body is not kept either).
     */
    static boolean keeps(int status) {
        return status < 500 && status != 429 && status != 400 && status != 406 && status != 412 && status != 415;
    }

    private static void replay(HttpServletRequest request, HttpServletResponse response, StoredAnswer answer)
            throws IOException {
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(observation -> observation.setPathPattern(answer.route()));
        response.setStatus(answer.status());
        answer.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setHeader(REPLAYED, "true");
        if (answer.contentType() != null) {
            response.setContentType(answer.contentType());
        }
        response.setContentLength(answer.body().length);
        response.getOutputStream().write(answer.body());
    }

    private static String route(HttpServletRequest request) {
        return ServerHttpObservationFilter.findObservationContext(request)
                .map(ServerRequestObservationContext::getPathPattern).orElse(null);
    }
}
