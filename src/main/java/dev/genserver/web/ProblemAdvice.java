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
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.InvalidFileNameException;
import org.apache.tomcat.util.http.fileupload.MultipartStream;
import org.apache.tomcat.util.http.fileupload.impl.InvalidContentTypeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.AbstractJacksonHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure into RFC 9457 problem+json with an {@code error} property, as {@link Failure} declares it:
 * client APIs' {@link Refusal}s, the runtime's failures ({@link NoProcessException} is {@code noproc},
 * {@link CallTimeoutException} {@code timeout}, …), and the framework's (unreadable JSON, wrong method, wrong media
 * type, unknown path), which keep their status. No body ever carries a stack trace.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    /**
     * A read's {@code indeterminate}, also one sent as a write to move a breaker or bucket on in time: nothing the
     * client asked for was applied, so it may simply ask again (docs/architecture.md, "Cluster mode").
     */
    static final String READ_LOST = "the instance handling this read was lost, or could not confirm what it read "
            + "with its backup, before it answered; a read changes nothing: ask again after Retry-After";
    static final String INVALID_CONTENT = "the request body breaks a field's constraint";
    static final String NOT_WELL_FORMED = "the request body is not well-formed JSON";
    static final String INVALID_PARAMETER = "parameter '%s' has an invalid value";
    static final String UNPARSABLE_MULTIPART = "the multipart body cannot be parsed, or its Content-Type names no "
            + "boundary";
    static final String OUT_OF_RANGE = "a number in the request body is out of range for its field";
    private static final String FILE_ITEM_ITERATOR = "org.apache.tomcat.util.http.fileupload.impl."
            + "FileItemIteratorImpl";
    private static final String HEALTH_ENDPOINT_SUPPORT = "org.springframework.boot.health.actuate.endpoint."
            + "HealthEndpointSupport";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemAdvice.class);
    private static final List<HttpMethod> ALLOW_ORDER = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
            HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);

    /** A client gone while its answer was written: DEBUG here (trace at TRACE), so no client can fill the log. */
    static final String DISCONNECTED_CLIENTS = "dev.genserver.web.DisconnectedClients";
    private static final DisconnectedClientHelper DISCONNECTED = new DisconnectedClientHelper(DISCONNECTED_CLIENTS);
    private static final Logger DISCONNECTED_LOG = LoggerFactory.getLogger(DISCONNECTED_CLIENTS);

    /** All but the framework's exceptions (the superclass's handlers); one nothing names is logged with its trace. */
    @ExceptionHandler(Exception.class)
    ErrorResponse answer(Exception e, HttpServletRequest request, HttpServletResponse response) {
        if (clientGone(e, response)) {
            return null;
        }
        return switch (e) {
            case Refusal refusal -> Failure.of(refusal.reason()).exception(refusal.getMessage());
            case ServiceUnavailableException restarting -> Failure.UNAVAILABLE.exception(restarting.getMessage());
            case OutcomeUnknownException lost -> Preconditions.isRead(request)
                    ? Failure.INDETERMINATE.exception(READ_LOST) : Failure.INDETERMINATE.worded();
            case NoProcessException noproc -> Failure.NOPROC.worded();
            case CallTimeoutException timeout -> Failure.TIMEOUT.worded(timeout.timeout().toMillis());
            case ProcessExitException exit -> {
                LOG.warn("request failed because {} exited: {}", exit.pid(), exit.reason());
                yield Failure.EXIT.worded();
            }
            case MailboxFullException full -> Failure.OVERLOADED.worded();
            case MaxChildrenException max -> Failure.MAX_CHILDREN.worded(max.maxChildren());
            case GenServerException other -> {
                LOG.error("unexpected runtime failure", other);
                ErrorResponseException internal = Failure.INTERNAL.worded();
                internal.getBody().setProperty("error", other.error()); // a runtime atom the table does not name
                yield internal;
            }
            // Tomcat raises it when the parameters are first read, which for actuator endpoints is after routing.
            case InvalidParameterException query -> Failure.INVALID_REQUEST.exception(
                    RequestGuard.UNDECODABLE_PARAMETERS);
            // jackson-core 3.1 lets an exponent beyond an int (1e2147483648) escape as a bare NumberFormatException,
            // not a StreamReadException: raised while the converter reads the body, it is the body's fault.
            case NumberFormatException number when readingTheBody(number) ->
                    Failure.INVALID_JSON.exception(OUT_OF_RANGE);
            // Spring Boot 4.0.7's HealthEndpointSupport.getContributor asserts instead of answering "none" when a
            // path goes on past a component it does not know: GET /actuator/health/unknown/more. That is a 404.
            case IllegalStateException assertion when isBootsHealthPathAssertion(assertion) ->
                    Failure.UNKNOWN_ENDPOINT.worded();
            // the client's bad multipart body; the same exception wraps the server's own failures, which stay 500s
            case MultipartException broken when isMalformed(broken) ->
                    Failure.INVALID_REQUEST.exception(UNPARSABLE_MULTIPART);
            default -> {
                LOG.error("unhandled exception", e);
                yield Failure.INTERNAL.worded();
            }
        };
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return answer(Failure.INVALID_REQUEST.exception(INVALID_PARAMETER.formatted(ex.getPropertyName())), request);
    }

    /**
     * RFC 9110, 15.5.6: a 405's Allow lists every method the resource supports. Spring lists the mapped ones only,
     * though it answers HEAD wherever GET is mapped, and OPTIONS everywhere.
     */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Set<HttpMethod> mapped = ex.getSupportedHttpMethods();
        if (mapped != null && !mapped.isEmpty()) {
            headers = HttpHeaders.copyOf(headers);
            headers.set(HttpHeaders.ALLOW, allow(mapped));
        }
        return super.handleHttpRequestMethodNotSupported(ex, headers, status, request);
    }

    /** {@link #allow(Set)} for an {@code Allow} Spring or Tomcat wrote ({@code DELETE,GET,HEAD,OPTIONS}). */
    static String allow(String written) {
        return allow(Arrays.stream(written.split(",")).map(method -> HttpMethod.valueOf(method.strip()))
                .collect(Collectors.toSet()));
    }

    /** {@code Allow} for the mapped methods, with HEAD where GET is, and OPTIONS, as the observer's routes write it. */
    static String allow(Set<HttpMethod> mapped) {
        return ALLOW_ORDER.stream().filter(method -> mapped.contains(method)
                || method == HttpMethod.HEAD && mapped.contains(HttpMethod.GET) || method == HttpMethod.OPTIONS)
                .map(HttpMethod::name).collect(Collectors.joining(", "));
    }

    /**
     * Spring's detail for a body sent without a type reads "Content-Type 'null' is not supported" (an operation
     * that declares what it consumes) or names the type Spring assumed, {@code application/octet-stream}.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (request.getHeader(HttpHeaders.CONTENT_TYPE) == null) {
            ex.getBody().setDetail("the request has no Content-Type: send its body as application/json");
        }
        return super.handleHttpMediaTypeNotSupported(ex, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(Failure.INVALID_JSON.exception(describe(ex)), request);
    }

    /**
     * A handler parameter that breaks its constraint: a {@link PathKey} the key rule ({@code invalid_key}), any
     * other (a query parameter's range) {@code invalid_request}. Named, never echoed.
     */
    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ParameterValidationResult broken = ex.getParameterValidationResults().getFirst();
        MessageSourceResolvable error = broken.getResolvableErrors().getFirst();
        Class<?> constraint = broken.unwrap(error, ConstraintViolation.class).getConstraintDescriptor().getAnnotation()
                .annotationType();
        Failure failure = constraint == PathKey.class ? Failure.INVALID_KEY : Failure.INVALID_REQUEST;
        return answer(failure.exception(broken.getMethodParameter().getParameterName() + " "
                + error.getDefaultMessage()), request);
    }

    /**
     * The one place every framework problem passes once its body exists: it gets its {@code error}, and its
     * {@code Retry-After} if that failure carries one (a 503 {@code unavailable}: an async request timed out), as
     * the service's own have.
     */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("error"))) {
            String wait = Failure.retryAfter(Failure.named(problem));
            if (wait != null && headers.getFirst(HttpHeaders.RETRY_AFTER) == null) {
                headers = HttpHeaders.copyOf(headers);
                headers.set(HttpHeaders.RETRY_AFTER, wait);
            }
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** A body that breaks a field's constraint ({@code @NotBlank}, {@code @Size}): the first such field, by name. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        FieldError broken = ex.getFieldError();
        return answer(Failure.INVALID_REQUEST.exception(broken == null ? INVALID_CONTENT
                : "field '" + broken.getField() + "' " + rule(broken)), request);
    }

    /**
     * The broken constraint in the service's own words: the validator's message follows the request's
     * Accept-Language (and the JVM's locale), while every other detail is English.
     */
    private static String rule(FieldError broken) {
        Object[] arguments = broken.getArguments(); // the field, then the constraint's attributes by name
        String code = String.valueOf(broken.getCode());
        if ((code.equals("Size") || code.equals("CodePointLength")) && arguments != null && arguments.length >= 3) {
            return "must be " + (Integer.valueOf(0).equals(arguments[2]) ? "at most " : arguments[2] + " to ")
                    + arguments[1] + " characters long";
        }
        return switch (code) {
            case "NotBlank" -> "must not be blank";
            case "NotNull" -> "must not be null";
            default -> "breaks its " + code + " constraint";
        };
    }

    /** The framework's exceptions: a disconnected client's, as {@link #DISCONNECTED_CLIENTS} says. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        if (request instanceof ServletWebRequest servlet && (clientGone(ex, servlet.getResponse())
                || answerBegunOnAClientsMistake(ex, statusCode, servlet.getResponse()))) {
            return null;
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    /**
     * A client's mistake met once the answer has begun (logged at DEBUG if so): nothing more can be said to the
     * client, and Spring's WARN would put the request's words in the log, a path among them, once a request. Tomcat
     * commits the answer of a request whose multipart body the client abandoned before Spring routes it: 500 such
     * requests wrote 500 lines. A server's failure so met stays Spring's WARN.
     */
    private static boolean answerBegunOnAClientsMistake(Exception e, HttpStatusCode status,
            HttpServletResponse response) {
        if (response == null || !response.isCommitted() || !status.is4xxClientError()) {
            return false;
        }
        DISCONNECTED_LOG.debug("the answer had begun when the request's mistake was met: {}", e.getClass().getName());
        return true;
    }

    /**
     * Whether the client went away under {@code e} (logged at DEBUG if so): the container's word for it, or, once
     * the answer has begun, Spring's, which matches by name and message and so also takes a cluster member's reset
     * connection; answered before then, that would be an empty 200.
     */
    private static boolean clientGone(Exception e, HttpServletResponse response) {
        boolean mayBeGone = response != null && response.isCommitted();
        for (Throwable cause = e; cause != null && !mayBeGone; cause = cause.getCause()) {
            mayBeGone = cause instanceof ClientAbortException || cause instanceof AsyncRequestNotUsableException;
        }
        return mayBeGone && DISCONNECTED.checkAndLogClientDisconnectedException(e); // Spring's word, and its log
    }

    private ResponseEntity<Object> answer(ErrorResponseException e, WebRequest request) {
        return handleExceptionInternal(e, e.getBody(), e.getHeaders(), e.getStatusCode(), request);
    }

    /** Whether {@code e} was raised while the JSON converter read a request body. */
    private static boolean readingTheBody(NumberFormatException e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().equals(AbstractJacksonHttpMessageConverter.class.getName())
                    && frame.getMethodName().startsWith("read")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code e} is that assertion itself, raised by {@code Assert.state} right in {@code getContributor}:
     * a fault of a health indicator, which runs below the same class, stays a logged 500.
     */
    private static boolean isBootsHealthPathAssertion(IllegalStateException e) {
        StackTraceElement[] frames = e.getStackTrace();
        return frames.length > 1 && frames[0].getClassName().equals("org.springframework.util.Assert")
                && frameIs(e, 1, HEALTH_ENDPOINT_SUPPORT, "getContributor");
    }

    /**
     * Whether a multipart failure is the client's: a malformed stream, boundary, content type or file name, or a
     * multipart Content-Type without a boundary. Spring parses a multipart request before it is routed, body or
     * not, so the last is any request on any path; Tomcat reports it as a plain {@link FileUploadException} raised
     * in {@code FileItemIteratorImpl.init}, the class its server-side failures share.
     */
    private static boolean isMalformed(MultipartException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof MultipartStream.MalformedStreamException
                    || cause instanceof MultipartStream.IllegalBoundaryException
                    || cause instanceof InvalidContentTypeException || cause instanceof InvalidFileNameException
                    || cause.getClass() == FileUploadException.class
                            && frameIs(cause, 0, FILE_ITEM_ITERATOR, "init")) {
                return true;
            }
        }
        return false;
    }

    /** Whether frame {@code index} of {@code e}'s trace (0 where it was raised) is {@code className.method}. */
    private static boolean frameIs(Throwable e, int index, String className, String method) {
        StackTraceElement[] frames = e.getStackTrace();
        return frames.length > index && frames[index].getClassName().equals(className)
                && frames[index].getMethodName().equals(method);
    }

    /** Says what is wrong with an unreadable body without echoing it (bodies may hold anything). */
    private static String describe(HttpMessageNotReadableException ex) {
        return switch (ex.getCause()) {
            case null -> "the request body is missing";
            case StreamConstraintsException limits ->
                    "the request body exceeds a size limit (nesting, number or string length)";
            case InputCoercionException outOfRange -> OUT_OF_RANGE;
            case StreamReadException repeated when String.valueOf(repeated.getOriginalMessage())
                    .startsWith("Duplicate") -> "the request body repeats a field within one object";
            case StreamReadException malformed -> NOT_WELL_FORMED;
            case UnrecognizedPropertyException unknown -> unknownField(unknown);
            case MismatchedInputException empty when empty.getPath().isEmpty()
                    && String.valueOf(empty.getOriginalMessage()).startsWith("No content") ->
                    "the request body holds no JSON value";
            case MismatchedInputException trailing when String.valueOf(trailing.getOriginalMessage())
                    .startsWith("Trailing token") -> "the request body goes on after its JSON value";
            case MismatchedInputException root when root.getPath().isEmpty() ->
                    "the request body must be a JSON object with this request's fields";
            case MismatchedInputException mismatch ->
                    "field '" + path(mismatch.getPath()) + "' is missing or has the wrong type";
            case DatabindException other -> "the request body does not match the expected structure";
            default -> "the request body could not be read";
        };
    }

    /**
     * Where the unknown field is and which fields are taken there, without its name: that is the client's, of any
     * length and content, and a detail never echoes a body.
     */
    private static String unknownField(UnrecognizedPropertyException unknown) {
        List<JacksonException.Reference> steps = unknown.getPath();
        String where = steps.size() <= 1 ? "the request body" : "field '" + path(steps.subList(0, steps.size() - 1))
                + "'";
        return Failure.unknownField(where, unknown.getKnownPropertyIds() == null ? List.of()
                : unknown.getKnownPropertyIds().stream().map(String::valueOf).toList());
    }

    /** {@code items[2].name}; {@code (root)} for the document itself. */
    private static String path(List<JacksonException.Reference> steps) {
        String path = steps.stream().map(step -> step.getPropertyName() != null ? "." + step.getPropertyName()
                : step.getIndex() >= 0 ? "[" + step.getIndex() + "]" : "").collect(Collectors.joining());
        return path.isEmpty() ? "(root)" : path.startsWith(".") ? path.substring(1) : path;
    }
}
