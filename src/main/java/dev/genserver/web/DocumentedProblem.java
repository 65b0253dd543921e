package dev.genserver.web;

import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpHeaders;

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
        List<String> headers = new ArrayList<>(failure.retryAfter() ? List.of(HttpHeaders.RETRY_AFTER) : List.of());
        headers.addAll(List.of(extra));
        return List.copyOf(headers);
    }
}
