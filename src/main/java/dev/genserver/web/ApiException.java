package dev.genserver.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A domain answer that is not a success: the seed's {@code {:error, :not_found}}, {@code {:error, :empty}}, ….
 * Rendered as problem+json with {@code error} set to the atom's name.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String error;
    private final Duration retryAfter;

    public ApiException(HttpStatus status, String error, String detail) {
        this(status, error, detail, null);
    }

    public ApiException(HttpStatus status, String error, String detail, Duration retryAfter) {
        super(detail);
        this.status = status;
        this.error = error;
        this.retryAfter = retryAfter;
    }

    /** 404 {@code not_found}. */
    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", detail);
    }

    /** 400 {@code invalid_request}: the request is well-formed JSON but its content is not acceptable. */
    public static ApiException invalid(String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_request", detail);
    }

    public HttpStatus status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** How long the client should wait before retrying, or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
