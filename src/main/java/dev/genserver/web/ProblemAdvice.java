package dev.genserver.web;

import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.GenServerException;
import dev.genserver.runtime.MailboxFullException;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.ProcessExitException;
import java.time.Duration;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into RFC 9457 problem+json with an {@code error} property:
 * <table>
 *   <caption>runtime failures</caption>
 *   <tr><th>failure</th><th>status</th><th>error</th></tr>
 *   <tr><td>{@link NoProcessException}</td><td>404</td><td>noproc</td></tr>
 *   <tr><td>{@link CallTimeoutException}</td><td>504</td><td>timeout</td></tr>
 *   <tr><td>{@link ProcessExitException}</td><td>500</td><td>exit</td></tr>
 *   <tr><td>{@link MailboxFullException}</td><td>503 + Retry-After</td><td>overloaded</td></tr>
 *   <tr><td>{@link MaxChildrenException}</td><td>503 + Retry-After</td><td>max_children</td></tr>
 *   <tr><td>{@link ServiceUnavailableException}</td><td>503 + Retry-After</td><td>unavailable</td></tr>
 * </table>
 * Domain answers come as {@link ApiException}. Framework errors (unreadable JSON, wrong method, wrong media type,
 * unknown path) keep their status and get an {@code error} too. No body ever carries a stack trace.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final Duration RETRY_SOON = Duration.ofSeconds(1);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e) {
        return Problems.response(e.status(), e.error(), e.getMessage(), e.retryAfter());
    }

    @ExceptionHandler(GenServerException.class)
    ResponseEntity<Object> runtime(GenServerException e) {
        return switch (e) {
            case NoProcessException noproc ->
                    Problems.response(HttpStatus.NOT_FOUND, "noproc", "no such process", null);
            case CallTimeoutException timeout ->
                    Problems.response(HttpStatus.GATEWAY_TIMEOUT, "timeout",
                            "the process did not answer within " + timeout.timeout().toMillis() + " ms", null);
            case ProcessExitException exit -> {
                LOG.warn("request failed because {} exited: {}", exit.pid(), exit.reason());
                yield Problems.response(HttpStatus.INTERNAL_SERVER_ERROR, "exit",
                        "the process crashed while handling the request", null);
            }
            case MailboxFullException full ->
                    Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
                            "the process has too many messages waiting; retry later", RETRY_SOON);
            case MaxChildrenException max ->
                    Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "max_children",
                            "the limit of " + max.maxChildren() + " processes is reached", RETRY_SOON);
            default -> {
                LOG.error("unexpected runtime failure", e);
                yield Problems.response(HttpStatus.INTERNAL_SERVER_ERROR, e.error(), "internal error", null);
            }
        };
    }

    @ExceptionHandler(ServiceUnavailableException.class)
    ResponseEntity<Object> unavailable(ServiceUnavailableException e) {
        return Problems.response(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", e.getMessage(), RETRY_SOON);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        return Problems.response(HttpStatus.BAD_REQUEST, "invalid_request",
                "parameter '" + e.getName() + "' has an invalid value", null);
    }

    /**
     * A query string Tomcat cannot decode ({@code ?a=%}, {@code ?x=%ff}) or one with more than 1,000 parameters:
     * Tomcat raises it when the parameters are first read, which for actuator endpoints is after routing.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> invalidParameters(InvalidParameterException e) {
        return Problems.response(HttpStatus.BAD_REQUEST, "invalid_request",
                "the query string cannot be decoded or has too many parameters", null);
    }

    /** The last resort: logged with its stack trace, answered without one. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        LOG.error("unhandled exception", e);
        return Problems.response(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "internal error", null);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return Problems.response(HttpStatus.BAD_REQUEST, "invalid_json", JsonErrors.describe(ex), null);
    }

    /**
     * Gives the framework's own problems (405, 415, 404 for unknown paths, …) an {@code error} property. This is
     * the one place every framework problem passes after its body exists.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("error"))) {
            problem.setProperty("error", ErrorNames.forStatus(statusCode.value()));
            if (statusCode.value() == 404) {
                problem.setDetail("no endpoint matches this path");
            }
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }
}
