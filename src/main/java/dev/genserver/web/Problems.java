package dev.genserver.web;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds problem+json answers with the {@code error} property every client may switch on. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail problem(HttpStatusCode status, String error, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setProperty("error", error);
        return problem;
    }

    public static ResponseEntity<Object> response(HttpStatus status, String error, String detail,
                                                  Duration retryAfter) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
        }
        return builder.body(problem(status, error, detail));
    }

    /** {@code Retry-After} is whole seconds, at least one: a client must never be told to retry at once. */
    public static long retryAfterSeconds(Duration wait) {
        long millis = Math.max(0, wait.toMillis());
        return Math.max(1, (millis + 999) / 1000);
    }
}
