package dev.genserver.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * One problem+json answer an operation can give, as the OpenAPI document shows it.
 *
 * @param status      the HTTP status
 * @param error       the {@code error} property clients switch on
 * @param meaning     when the answer is given, for the response's description
 * @param detail      the {@code detail} of an example answer, worded as the service words it
 * @param headers     names of the response headers the answer carries (described once, in the components)
 */
record DocumentedProblem(HttpStatus status, String error, String meaning, String detail, List<String> headers) {

    DocumentedProblem {
        headers = List.copyOf(headers);
    }

    static DocumentedProblem of(HttpStatus status, String error, String meaning, String detail) {
        return new DocumentedProblem(status, error, meaning, detail, List.of());
    }

    static DocumentedProblem from(ProblemResponse annotation) {
        return new DocumentedProblem(HttpStatus.valueOf(annotation.status()), annotation.error(), annotation.detail(),
                annotation.detail(), List.of(annotation.headers()));
    }

    DocumentedProblem withHeader(String header) {
        return new DocumentedProblem(status, error, meaning, detail, List.of(header));
    }
}
