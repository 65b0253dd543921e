package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import dev.genserver.app.Refusal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Every problem+json answer the service gives, declared once: its status (whose reason phrase is the title), its
 * {@code error} (the seed's atoms, the runtime's and the framework's), whether it carries {@code Retry-After}, and
 * the detail's wording where the service always words it the same (a {@code %s} is filled in where it is used).
 * The advice, the request filter and the OpenAPI document all read it; every body is built here.
 */
public enum Failure {

    NOT_FOUND(HttpStatus.NOT_FOUND, false, null),
    EMPTY(HttpStatus.CONFLICT, false, null),
    FULL(HttpStatus.CONFLICT, false, null),
    EXPIRED(HttpStatus.GONE, false, null),
    NOT_CANCELLABLE(HttpStatus.CONFLICT, false, null),
    DIVISION_BY_ZERO(HttpStatus.UNPROCESSABLE_CONTENT, false, null),
    MAX_SESSIONS(HttpStatus.SERVICE_UNAVAILABLE, true, null),
    CIRCUIT_OPEN(HttpStatus.SERVICE_UNAVAILABLE, true, null),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, true, "not enough tokens for %s permit(s); %s available"),
    FORBIDDEN(HttpStatus.FORBIDDEN, false, null),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, false, null),
    INVALID_KEY(HttpStatus.BAD_REQUEST, false, null),
    INVALID_JSON(HttpStatus.BAD_REQUEST, false, null),
    BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, false, "the request body exceeds %s bytes"),
    REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, false, "the request body did not arrive whole within %s ms"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, false, null),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, false, null),
    PRECONDITION_UNSUPPORTED(HttpStatus.NOT_IMPLEMENTED, false, null),
    UNKNOWN_ENDPOINT(HttpStatus.NOT_FOUND, false, "no endpoint matches this path"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, false, null),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, false, null),
    NOPROC(HttpStatus.NOT_FOUND, false, "no such process"),
    TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, false, "the process did not answer within %s ms"),
    EXIT(HttpStatus.INTERNAL_SERVER_ERROR, false, "the process exited before it answered: it crashed, handling this "
            + "request or one queued before it, or was killed"),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, true, "the process has too many messages waiting; retry later"),
    MAX_CHILDREN(HttpStatus.SERVICE_UNAVAILABLE, true, "the limit of %s processes is reached"),
    INSUFFICIENT_STORAGE(HttpStatus.INSUFFICIENT_STORAGE, true, "the instance's heap would be %s %% full with this "
            + "request's body and what is stored since the last collection: nothing more is stored until deletes, pops "
            + "and expiry make room"),
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, true, null),
    INDETERMINATE(HttpStatus.SERVICE_UNAVAILABLE, true,
            "the instance handling this write was lost, or its backup did not confirm it, before it answered; it may "
            + "or may not have been applied"),
    INVALID_IDEMPOTENCY_KEY(HttpStatus.BAD_REQUEST, false, "Idempotency-Key must be one structured-field string "
            + "(\"...\") or token of 1 to %s printable ASCII characters"),
    IDEMPOTENCY_KEY_IN_USE(HttpStatus.CONFLICT, true, "a request with this Idempotency-Key is still being "
            + "processed; retry after Retry-After seconds"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, false, "this Idempotency-Key was used for a different "
            + "request: another method, path, query or body"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, false, "internal error");

    /**
     * The detail of a number outside its range, as Bean Validation's {@code @Range(min, max, message = BETWEEN)}
     * words it after the parameter's name. A template of its own, so the detail reads the same whatever the
     * request's {@code Accept-Language}: Hibernate Validator's default message is translated.
     */
    public static final String BETWEEN = "must be between {min} and {max}";

    /** What a refused client is told to wait when nothing better is known: a restart or a free slot is that near. */
    private static final Duration RETRY_SOON = Duration.ofSeconds(1);

    private final HttpStatus status;
    private final boolean retryAfter;
    private final String detail;

    Failure(HttpStatus status, boolean retryAfter, String detail) {
        this.status = status;
        this.retryAfter = retryAfter;
        this.detail = detail;
    }

    public HttpStatus status() {
        return status;
    }

    /** The {@code error} clients switch on: the name in lower case, as the seed's atoms are. */
    public String error() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean retryAfter() {
        return retryAfter;
    }

    /** The detail as the service words it, {@code arguments} filled in; null if it varies with the use. */
    public String detail(Object... arguments) {
        return detail == null ? null : String.format(Locale.ROOT, detail, arguments);
    }

    /**
     * The detail of a body with a field its request does not take: where it is and the fields taken there, never
     * the field's own name, which is the client's, of any length and content.
     */
    public static String unknownField(String where, Collection<String> taken) {
        String fields = taken.stream().map(field -> "'" + field + "'").sorted().collect(Collectors.joining(", "));
        return where + " has a field this request does not take" + (fields.isEmpty() ? "" : "; it takes " + fields);
    }

    /** The answer for a client API's refusal: the failure of the same name. */
    public static Failure of(Refusal.Reason reason) {
        return valueOf(reason.name());
    }

    public ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("error", error());
        return problem;
    }

    /** The answer worded as the service always words it ({@link #detail}). */
    ErrorResponseException worded(Object... arguments) {
        return exception(detail(arguments));
    }

    /** For a controller to throw; {@link ProblemAdvice} answers it like any other problem. */
    public ErrorResponseException exception(String detail) {
        return exception(detail, RETRY_SOON);
    }

    /**
     * For a controller to throw, telling the client to wait {@code wait} if this answer carries Retry-After. It is
     * an answer, not a fault: no stack trace, and problem+json whatever the request's Accept header says.
     */
    public ErrorResponseException exception(String detail, Duration wait) {
        ErrorResponseException exception = new ErrorResponseException(status, problem(detail), null) {
            @Override
            public synchronized Throwable fillInStackTrace() {
                return this;
            }
        };
        exception.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter) {
            exception.getHeaders().set(HttpHeaders.RETRY_AFTER, retryAfterSeconds(wait));
        }
        return exception;
    }

    /** The answer to a bare status from the framework or the container (an error page, an empty error answer). */
    public static ProblemDetail forStatus(int code) {
        HttpStatus status = Objects.requireNonNullElse(HttpStatus.resolve(code),
                code >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST);
        return named(ProblemDetail.forStatusAndDetail(status,
                status == INTERNAL.status ? INTERNAL.detail : status.getReasonPhrase()));
    }

    /** Gives a framework problem its {@code error} ({@code http_401}, {@code http_505} for a status without a name). */
    static ProblemDetail named(ProblemDetail problem) {
        Failure failure = switch (problem.getStatus()) {
            case 400 -> INVALID_REQUEST;
            case 404 -> UNKNOWN_ENDPOINT;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> REQUEST_TIMEOUT; // Tomcat's, for a body that stopped arriving (its connection-timeout)
            case 412 -> PRECONDITION_FAILED; // Swagger UI's files have modification dates, and Spring judges them
            case 413 -> BODY_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> UNAVAILABLE;
            case 500 -> INTERNAL;
            default -> null; // 501 for an unknown Transfer-Encoding, 505 for HTTP/2.0 on this port: not our fault
        };
        problem.setProperty("error", failure == null ? "http_" + problem.getStatus() : failure.error());
        if (failure == UNKNOWN_ENDPOINT) {
            problem.setDetail(UNKNOWN_ENDPOINT.detail);
        }
        return problem;
    }

    /** Writes this answer where no controller runs (a filter), with Retry-After if it carries one. */
    public void write(HttpServletRequest request, HttpServletResponse response, JsonMapper json, String detail)
            throws IOException {
        write(request, response, json, problem(detail));
    }

    /**
     * Writes {@code problem} in place of anything buffered, unless the answer has gone out; its {@code instance}, if
     * it has none, is the request's path, as in the problems Spring writes. It carries Retry-After if its failure
     * does ({@link #retryAfter(ProblemDetail)}), unless the answer has one already.
     */
    static void write(HttpServletRequest request, HttpServletResponse response, JsonMapper json,
            ProblemDetail problem) throws IOException {
        if (problem.getInstance() == null) {
            problem.setInstance(instance(request.getRequestURI()));
        }
        if (!response.isCommitted()) {
            retryAfter(problem, response);
            response.resetBuffer();
            response.setStatus(problem.getStatus());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            byte[] body = json.writeValueAsBytes(problem);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    /**
     * The Retry-After a problem written where no controller runs carries (a bare 503 from the container is
     * {@code unavailable}, which tells the client when to retry); null if its failure carries none.
     */
    public static String retryAfter(ProblemDetail problem) {
        Object error = problem.getProperties() == null ? null : problem.getProperties().get("error");
        return Arrays.stream(values()).anyMatch(failure -> failure.retryAfter && failure.error().equals(error))
                ? retryAfterSeconds(RETRY_SOON) : null;
    }

    /** Sets {@link #retryAfter(ProblemDetail)} on {@code response}, unless it has a Retry-After already. */
    public static void retryAfter(ProblemDetail problem, HttpServletResponse response) {
        String wait = retryAfter(problem);
        if (wait != null && response.getHeader(HttpHeaders.RETRY_AFTER) == null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, wait);
        }
    }

    /** The path as the client sent it; null if it is not a URI reference (Tomcat lets a few such through). */
    public static URI instance(String path) {
        try {
            return path == null ? null : URI.create(path);
        } catch (IllegalArgumentException notAUri) {
            return null;
        }
    }

    /** {@code Retry-After} is whole seconds, at least one: a client must never be told to retry at once. */
    public static String retryAfterSeconds(Duration wait) {
        return Long.toString(Math.max(1, (Math.max(0, wait.toMillis()) + 999) / 1000));
    }
}
