package dev.genserver.web;

import org.springframework.http.converter.HttpMessageNotReadableException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/** Says what is wrong with an unreadable body without echoing it (bodies may hold anything). */
final class JsonErrors {

    private JsonErrors() {
    }

    static String describe(HttpMessageNotReadableException ex) {
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
