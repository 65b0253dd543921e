package dev.genserver.web;

import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * Works out, from a handler method alone, every problem+json answer it can give: the ones it declares
 * ({@link ProblemResponse}), the runtime's failures for the messages it sends ({@link Calls}, {@link Casts}, as
 * {@link ProblemAdvice} maps them) and the framework's for what it reads (path keys, query parameters, a body).
 */
final class OperationProblems {

    static final String RETRY_AFTER = HttpHeaders.RETRY_AFTER;

    static final DocumentedProblem INVALID_KEY = DocumentedProblem.of(HttpStatus.BAD_REQUEST, "invalid_key",
            "a key or name in the path breaks the key rule: 1 to 256 characters, no '/', ';', NUL or control "
                    + "characters, not '.' or '..'", "key must not contain '/', ';' or control characters");
    static final DocumentedProblem INVALID_PARAMETER = DocumentedProblem.of(HttpStatus.BAD_REQUEST,
            "invalid_request", "a query parameter is not a number or out of range",
            "parameter 'limit' has an invalid value");
    static final DocumentedProblem INVALID_CONTENT = DocumentedProblem.of(HttpStatus.BAD_REQUEST,
            "invalid_request", "the body is JSON but a field breaks its constraints", "Invalid request content.");
    static final DocumentedProblem INVALID_JSON = DocumentedProblem.of(HttpStatus.BAD_REQUEST, "invalid_json",
            "the body is not well-formed JSON, misses a field, has an unknown one or a value of the wrong type "
                    + "(\"7\" or 7.5 for an integer)", "the request body is not well-formed JSON");
    static final DocumentedProblem BODY_TOO_LARGE = DocumentedProblem.of(HttpStatus.CONTENT_TOO_LARGE,
            "body_too_large", "the body is larger than genserver.web.max-body-size",
            "the request body exceeds 1048576 bytes");
    static final DocumentedProblem UNSUPPORTED_MEDIA_TYPE = DocumentedProblem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type", "the body is not sent as application/json",
            "Content-Type 'text/plain;charset=UTF-8' is not supported.");
    static final DocumentedProblem NOPROC = DocumentedProblem.of(HttpStatus.NOT_FOUND, "noproc",
            "no process has this id or name: never started, stopped, or exited", "no such process");
    static final DocumentedProblem TIMEOUT = DocumentedProblem.of(HttpStatus.GATEWAY_TIMEOUT, "timeout",
            "the process did not reply within the call timeout (5 s unless configured)",
            "the process did not answer within 5000 ms");
    static final DocumentedProblem EXIT = DocumentedProblem.of(HttpStatus.INTERNAL_SERVER_ERROR, "exit",
            "the process crashed while handling the request; its supervisor restarts it as its restart type says",
            "the process crashed while handling the request");
    static final DocumentedProblem OVERLOADED = DocumentedProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
            "the process's mailbox is full (genserver.runtime.mailbox-capacity); retry after Retry-After seconds",
            "the process has too many messages waiting; retry later").withHeader(RETRY_AFTER);
    static final DocumentedProblem MAX_CHILDREN = DocumentedProblem.of(HttpStatus.SERVICE_UNAVAILABLE,
            "max_children", "the service's dynamic supervisor has started as many processes as it may",
            "the limit of 10000 processes is reached").withHeader(RETRY_AFTER);

    private OperationProblems() {
    }

    /** Every problem {@code handler} can answer, the ones it declares first. */
    static List<DocumentedProblem> of(HandlerMethod handler, String service) {
        List<DocumentedProblem> problems = new ArrayList<>();
        for (ProblemResponse declared : handler.getMethod().getAnnotationsByType(ProblemResponse.class)) {
            problems.add(DocumentedProblem.from(declared));
        }
        for (MethodParameter parameter : handler.getMethodParameters()) {
            problems.addAll(readingFailures(parameter));
        }
        Calls calls = handler.getMethodAnnotation(Calls.class);
        if (calls != null) {
            problems.addAll(List.of(TIMEOUT, EXIT, OVERLOADED));
            problems.addAll(recipientFailures(calls.value(), service));
        }
        Casts casts = handler.getMethodAnnotation(Casts.class);
        if (casts != null) {
            problems.add(OVERLOADED);
            problems.addAll(recipientFailures(casts.value(), service));
        }
        return problems.stream().distinct().toList();
    }

    private static List<DocumentedProblem> readingFailures(MethodParameter parameter) {
        if (parameter.hasParameterAnnotation(PathVariable.class)) {
            return List.of(INVALID_KEY);
        }
        if (parameter.hasParameterAnnotation(RequestParam.class) && parameter.getParameterType() != String.class) {
            return List.of(INVALID_PARAMETER);
        }
        if (parameter.hasParameterAnnotation(RequestBody.class)) {
            return parameter.hasParameterAnnotation(Valid.class)
                    ? List.of(INVALID_JSON, INVALID_CONTENT, UNSUPPORTED_MEDIA_TYPE, BODY_TOO_LARGE)
                    : List.of(INVALID_JSON, UNSUPPORTED_MEDIA_TYPE, BODY_TOO_LARGE);
        }
        return List.of();
    }

    private static List<DocumentedProblem> recipientFailures(Recipient[] recipients, String service) {
        List<DocumentedProblem> failures = new ArrayList<>();
        for (Recipient recipient : recipients) {
            failures.add(switch (recipient) {
                case SINGLETON -> DocumentedProblem.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                        "the service's process is being restarted by its supervisor; retry after Retry-After "
                                + "seconds", service + " is restarting; retry shortly").withHeader(RETRY_AFTER);
                case PROCESS_BY_ID -> NOPROC;
                case NEW_PROCESS -> MAX_CHILDREN;
            });
        }
        return failures;
    }
}
