package dev.genserver.web;

import dev.genserver.app.Refusal;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.GenServerException;
import dev.genserver.runtime.MailboxFullException;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.ProcessExitException;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
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

    static final String NOT_WELL_FORMED = "the request body is not well-formed JSON";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(Refusal.class)
    ErrorResponse refusal(Refusal e) {
        return Failure.of(e.reason()).exception(e.getMessage());
    }

    @ExceptionHandler(GenServerException.class)
    ErrorResponse runtime(GenServerException e) {
        return switch (e) {
            case NoProcessException noproc -> Failure.NOPROC.worded();
            case CallTimeoutException timeout -> Failure.TIMEOUT.worded(timeout.timeout().toMillis());
            case ProcessExitException exit -> {
                LOG.warn("request failed because {} exited: {}", exit.pid(), exit.reason());
                yield Failure.EXIT.worded();
            }
            case MailboxFullException full -> Failure.OVERLOADED.worded();
            case MaxChildrenException max -> Failure.MAX_CHILDREN.worded(max.maxChildren());
            default -> {
                LOG.error("unexpected runtime failure", e);
                ErrorResponseException internal = Failure.INTERNAL.worded();
                internal.getBody().setProperty("error", e.error()); // a runtime atom the table does not name
                yield internal;
            }
        };
    }

    @ExceptionHandler(ServiceUnavailableException.class)
    ErrorResponse unavailable(ServiceUnavailableException e) {
        return Failure.UNAVAILABLE.exception(e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ErrorResponse typeMismatch(MethodArgumentTypeMismatchException e) {
        return Failure.INVALID_REQUEST.exception(typeMismatchDetail(e.getName()));
    }

    static String typeMismatchDetail(String parameter) {
        return "parameter '" + parameter + "' has an invalid value";
    }

    /**
     * A query string Tomcat cannot decode ({@code ?a=%}, {@code ?x=%ff}) or one with more than 1,000 parameters:
     * Tomcat raises it when the parameters are first read, which for actuator endpoints is after routing.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ErrorResponse invalidParameters(InvalidParameterException e) {
        return Failure.INVALID_REQUEST.exception("the query string cannot be decoded or has too many parameters");
    }

    /** The last resort: logged with its stack trace, answered without one. */
    @ExceptionHandler(Exception.class)
    ErrorResponse unexpected(Exception e) {
        LOG.error("unhandled exception", e);
        return Failure.INTERNAL.worded();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(Failure.INVALID_JSON.exception(describe(ex)), request);
    }

    /** A {@link PathKey} that breaks the key rule, the one constraint on handler parameters. */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ParameterValidationResult broken = ex.getParameterValidationResults().getFirst();
        return answer(Failure.INVALID_KEY.exception(broken.getMethodParameter().getParameterName() + " "
                + broken.getResolvableErrors().getFirst().getDefaultMessage()), request);
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
            Failure.named(problem);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    private ResponseEntity<Object> answer(ErrorResponseException e, WebRequest request) {
        return handleExceptionInternal(e, e.getBody(), e.getHeaders(), e.getStatusCode(), request);
    }

    /** Says what is wrong with an unreadable body without echoing it (bodies may hold anything). */
    private static String describe(HttpMessageNotReadableException ex) {
        return switch (ex.getCause()) {
            case null -> "the request body is missing";
            case StreamConstraintsException limits -> "the request body exceeds a size limit (nesting, number or "
                    + "string length)";
            case StreamReadException malformed -> NOT_WELL_FORMED;
            case MismatchedInputException mismatch -> "field '" + path(mismatch) + "' is missing or has the wrong "
                    + "type";
            case DatabindException other -> "the request body does not match the expected structure";
            default -> "the request body could not be read";
        };
    }

    /** {@code items[2].name}; {@code (root)} for the document itself. */
    private static String path(DatabindException e) {
        String path = e.getPath().stream().map(step -> step.getPropertyName() != null ? "." + step.getPropertyName()
                : step.getIndex() >= 0 ? "[" + step.getIndex() + "]" : "").collect(Collectors.joining());
        return path.isEmpty() ? "(root)" : path.startsWith(".") ? path.substring(1) : path;
    }
}
