package dev.genserver.web;

import dev.genserver.app.RuntimeProperties;
import dev.genserver.app.ServiceUnavailableException;
import jakarta.validation.Valid;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * Works out, from a handler method alone, every problem+json answer it can give: the ones it declares
 * ({@link ProblemResponse}), the runtime's failures for the messages it sends ({@link Calls}, {@link Casts}, as
 * {@link ProblemAdvice} maps them) and the framework's for what it reads (path keys, query parameters, a body).
 * Example details are worded by {@link Failure} and the key rule, with the limits the service runs with.
 */
final class OperationProblems {

    private final DocumentedProblem invalidKey = new DocumentedProblem(Failure.INVALID_KEY, "a key or name in the "
            + "path breaks the key rule: 1 to " + PathKeys.MAX_LENGTH + " characters, no '/', ';', NUL or control "
            + "characters, not '.' or '..'", PathKeys.detail("key", PathKeys.problem("a;b")));
    private final DocumentedProblem invalidParameter = new DocumentedProblem(Failure.INVALID_REQUEST,
            "a query parameter is not a number or out of range", ProblemAdvice.typeMismatchDetail("limit"));
    private final DocumentedProblem invalidContent = new DocumentedProblem(Failure.INVALID_REQUEST,
            "the body is JSON but a field breaks its constraints", "Invalid request content.");
    private final DocumentedProblem invalidJson = new DocumentedProblem(Failure.INVALID_JSON, "the body is not "
            + "well-formed JSON, misses a field, has an unknown one or a value of the wrong type (\"7\" or 7.5 for an "
            + "integer)", "the request body is not well-formed JSON");
    private final DocumentedProblem unsupportedMediaType = new DocumentedProblem(Failure.UNSUPPORTED_MEDIA_TYPE,
            "the body is not sent as application/json", "Content-Type 'text/plain;charset=UTF-8' is not supported.");
    private final DocumentedProblem noproc = new DocumentedProblem(Failure.NOPROC,
            "no process has this id or name: never started, stopped, or exited", Failure.NOPROC.detail());
    private final DocumentedProblem exit = new DocumentedProblem(Failure.EXIT, "the process crashed while handling "
            + "the request; its supervisor restarts it as its restart type says", Failure.EXIT.detail());
    private final DocumentedProblem overloaded = new DocumentedProblem(Failure.OVERLOADED, "the process's mailbox is "
            + "full (genserver.runtime.mailbox-capacity); retry after Retry-After seconds",
            Failure.OVERLOADED.detail());
    private final DocumentedProblem maxChildren = new DocumentedProblem(Failure.MAX_CHILDREN,
            "the service's dynamic supervisor has started as many processes as it may",
            Failure.MAX_CHILDREN.detail("N"));
    private final DocumentedProblem bodyTooLarge;
    private final DocumentedProblem timeout;

    OperationProblems(RuntimeProperties runtime, WebLimitsProperties limits) {
        bodyTooLarge = new DocumentedProblem(Failure.BODY_TOO_LARGE, "the body is larger than "
                + "genserver.web.max-body-size", Failure.BODY_TOO_LARGE.detail(limits.maxBodySize().toBytes()));
        timeout = new DocumentedProblem(Failure.TIMEOUT, "the process did not reply within the call timeout "
                + "(genserver.runtime.call-timeout)", Failure.TIMEOUT.detail(runtime.callTimeout().toMillis()));
    }

    /** Every problem {@code handler} can answer, the ones it declares first. */
    List<DocumentedProblem> of(HandlerMethod handler, String service) {
        List<DocumentedProblem> problems = new ArrayList<>();
        for (ProblemResponse declared : handler.getMethod().getAnnotationsByType(ProblemResponse.class)) {
            problems.add(DocumentedProblem.from(declared));
        }
        for (MethodParameter parameter : handler.getMethodParameters()) {
            problems.addAll(readingFailures(parameter));
        }
        Calls calls = handler.getMethodAnnotation(Calls.class);
        if (calls != null) {
            problems.addAll(List.of(timeout, exit, overloaded));
            problems.addAll(recipientFailures(calls.value(), service));
        }
        Casts casts = handler.getMethodAnnotation(Casts.class);
        if (casts != null) {
            problems.add(overloaded);
            problems.addAll(recipientFailures(casts.value(), service));
        }
        return problems.stream().distinct().toList();
    }

    private List<DocumentedProblem> readingFailures(MethodParameter parameter) {
        if (parameter.hasParameterAnnotation(PathKey.class)) {
            return List.of(invalidKey);
        }
        if (parameter.hasParameterAnnotation(RequestParam.class) && parameter.getParameterType() != String.class) {
            return List.of(invalidParameter);
        }
        if (parameter.hasParameterAnnotation(RequestBody.class)) {
            return parameter.hasParameterAnnotation(Valid.class)
                    ? List.of(invalidJson, invalidContent, unsupportedMediaType, bodyTooLarge)
                    : List.of(invalidJson, unsupportedMediaType, bodyTooLarge);
        }
        return List.of();
    }

    private List<DocumentedProblem> recipientFailures(Recipient[] recipients, String service) {
        List<DocumentedProblem> failures = new ArrayList<>();
        for (Recipient recipient : recipients) {
            failures.add(switch (recipient) {
                case SINGLETON -> new DocumentedProblem(Failure.UNAVAILABLE, "the service's process is being "
                        + "restarted by its supervisor; retry after Retry-After seconds",
                        new ServiceUnavailableException(service).getMessage());
                case PROCESS_BY_ID -> noproc;
                case NEW_PROCESS -> maxChildren;
            });
        }
        return failures;
    }

    /**
     * One problem+json answer an operation can give, as the OpenAPI document shows it.
     *
     * @param failure the answer: status, {@code error}, Retry-After
     * @param meaning when the answer is given, for the response's description
     * @param detail  the {@code detail} of an example answer, worded as the service words it
     * @param headers names of the response headers the answer carries (described once, in the components)
     */
    record DocumentedProblem(Failure failure, String meaning, String detail, List<String> headers) {

        DocumentedProblem(Failure failure, String meaning, String detail, String... extraHeaders) {
            this(failure, meaning, detail, headers(failure, extraHeaders));
        }

        static DocumentedProblem from(ProblemResponse annotation) {
            return new DocumentedProblem(annotation.value(), annotation.detail(), annotation.detail(),
                    annotation.headers());
        }

        private static List<String> headers(Failure failure, String... extra) {
            List<String> headers = new ArrayList<>(List.of(extra));
            if (failure.retryAfter()) {
                headers.addFirst(HttpHeaders.RETRY_AFTER);
            }
            return List.copyOf(headers);
        }
    }
}
