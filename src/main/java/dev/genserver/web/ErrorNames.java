package dev.genserver.web;

/** The {@code error} names of problems the framework raises before a controller runs. */
final class ErrorNames {

    private ErrorNames() {
    }

    static String forStatus(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 404 -> "unknown_endpoint";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "body_too_large";
            case 415 -> "unsupported_media_type";
            case 503 -> "unavailable";
            default -> status >= 500 ? "internal" : "http_" + status;
        };
    }
}
