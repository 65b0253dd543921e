package dev.genserver.web;

import dev.genserver.app.OutcomeUnknownException;
import dev.genserver.app.Refusal;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.GenServerException;
import dev.genserver.runtime.MailboxFullException;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.ProcessExitException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every failure into RFC 9457 problem+json with an {@code error} property, as {@link Failure} declares it:
 * client APIs' {@link Refusal}s, the runtime's failures ({@link NoProcessException} is {@code noproc},
 * {@link CallTimeoutException} {@code timeout}, …), and the framework's (unreadable JSON, wrong method, wrong media
 * type, unknown path), which keep their status. No body ever carries a stack trace.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(Refusal.class)
    ResponseEntity<Object> refusal(Refusal e) {
        return Failure.of(e.reason()).response(e.getMessage());
    }

    @ExceptionHandler(GenServerException.class)
    ResponseEntity<Object> runtime(GenServerException e) {
        return switch (e) {
            case NoProcessException noproc -> Failure.NOPROC.response(Failure.NOPROC.detail());
            case CallTimeoutException timeout ->
                    Failure.TIMEOUT.response(Failure.TIMEOUT.detail(timeout.timeout().toMillis()));
            case ProcessExitException exit -> {
                LOG.warn("request failed because {} exited: {}", exit.pid(), exit.reason());
                yield Failure.EXIT.response(Failure.EXIT.detail());
            }
            case MailboxFullException full -> Failure.OVERLOADED.response(Failure.OVERLOADED.detail());
            case MaxChildrenException max ->
                    Failure.MAX_CHILDREN.response(Failure.MAX_CHILDREN.detail(max.maxChildren()));
            default -> {
                LOG.error("unexpected runtime failure", e);
                ProblemDetail problem = Failure.INTERNAL.problem(Failure.INTERNAL.detail());
                problem.setProperty("error", e.error()); // a runtime atom the table does not name
                yield Failure.answer(problem, false);
            }
        };
    }

    @ExceptionHandler(ServiceUnavailableException.class)
    ResponseEntity<Object> unavailable(ServiceUnavailableException e) {
        return Failure.UNAVAILABLE.response(e.getMessage());
    }

    @ExceptionHandler(OutcomeUnknownException.class)
    ResponseEntity<Object> indeterminate(OutcomeUnknownException e) {
        return Failure.INDETERMINATE.response(Failure.INDETERMINATE.detail());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        return Failure.INVALID_REQUEST.response(typeMismatchDetail(e.getName()));
    }

    static String typeMismatchDetail(String parameter) {
        return "parameter '" + parameter + "' has an invalid value";
    }

    /**
     * A query string Tomcat cannot decode ({@code ?a=%}, {@code ?x=%ff}) or one with more than 1,000 parameters:
     * Tomcat raises it when the parameters are first read, which for actuator endpoints is after routing.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> invalidParameters(InvalidParameterException e) {
        return Failure.INVALID_REQUEST.response("the query string cannot be decoded or has too many parameters");
    }

    /** The last resort: logged with its stack trace, answered without one. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        LOG.error("unhandled exception", e);
        return Failure.INTERNAL.response(Failure.INTERNAL.detail());
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return Failure.INVALID_JSON.response(describe(ex));
    }

    /** A {@link PathKey} that breaks the key rule, the one constraint on handler parameters. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ParameterValidationResult broken = ex.getParameterValidationResults().getFirst();
        return Failure.INVALID_KEY.response(PathKeys.detail(broken.getMethodParameter().getParameterName(),
                broken.getResolvableErrors().getFirst().getDefaultMessage()));
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
            problem.setProperty("error", Failure.errorFor(statusCode.value()));
            if (statusCode.value() == 404) {
                problem.setDetail(Failure.UNKNOWN_ENDPOINT.detail());
            }
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** Says what is wrong with an unreadable body without echoing it (bodies may hold anything). */
    private static String describe(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        return switch (cause) {
            case null -> "the request body is missing";
            case StreamConstraintsException limits -> "the request body exceeds a size limit (nesting, number or "
                    + "string length)";
            case StreamReadException malformed -> "the request body is not well-formed JSON";
            case MismatchedInputException mismatch -> "field '" + path(mismatch) + "' is missing or has the wrong "
                    + "type";
            case DatabindException other -> "the request body does not match the expected structure";
            default -> "the request body could not be read";
        };
    }

    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "(root)" : path.toString();
    }
}
