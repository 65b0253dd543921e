package dev.genserver.observability;

import dev.genserver.runtime.ProcessInfo;
import dev.genserver.web.Failure;
import dev.genserver.web.Preconditions;
import dev.genserver.web.RequestGuard;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerMapping;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The conditions an action on a process may carry: the start time of the process it is meant for, and HTTP's
 * {@code If-Match} and {@code If-None-Match}. Checked on the instance that acts, once the process is found, so nothing
 * between the client's look and the action can swap the process (the observer's dialog holds its page for as long as
 * a user ponders, and the instance may restart), and a request refused anyway (403, 404) is refused as without them.
 */
final class ActionConditions {

    static final String NAME = "startedAt";

    private ActionConditions() {
    }

    /**
     * The instant the request's {@code startedAt} query parameter names, or null for none; 400 {@code invalid_request}
     * if it names none, more than one is given, or the request has another parameter ({@code startedat}). Read from the
     * request rather than declared as the operation's parameter: Actuator would then take a write operation's
     * parameters from a JSON body, and refuse an action sent without one (415).
     */
    static @Nullable Instant startedAt() {
        HttpServletRequest request = request();
        if (request == null) {
            return null;
        }
        // Actuator ignores a parameter it does not know: a condition misspelt would leave the action unconditional
        if (!request.getParameterMap().keySet().stream().allMatch(NAME::equals) || !onlyPathsInTheBody(request)) {
            throw Failure.INVALID_REQUEST.exception("an action takes no parameter but " + NAME
                    + " (spelt so, in the query); nothing was done");
        }
        String[] values = request.getParameterValues(NAME);
        if (values == null) {
            return null;
        }
        try {
            if (values.length == 1) {
                return Instant.parse(values[0]);
            }
        } catch (DateTimeParseException notAnInstant) {
            // refused below, as more than one is
        }
        throw Failure.INVALID_REQUEST.exception(NAME + " must be one instant, as a process's startedAt reads "
                + "(such as 2026-12-06T05:11:35.123Z)");
    }

    /**
     * 412 {@code precondition_failed}, nothing done, unless the process started when {@code expected} says (if it
     * says) and the request's {@code If-Match} and {@code If-None-Match} hold for a process that exists: a process
     * has no entity tag, so only {@code If-Match: *} does, and {@code If-None-Match} naming tags.
     */
    static void require(ProcessInfo process, @Nullable Instant expected, String action) {
        if (expected != null && !expected.equals(process.startedAt())) {
            throw Failure.PRECONDITION_FAILED.exception("process " + process.pid().id() + " started at "
                    + process.startedAt() + ", not at " + expected + ": the " + action + " was not done");
        }
        HttpServletRequest request = request();
        String refusal = request == null ? null : Preconditions.refusalOfAWriteToWhatExists(request);
        if (refusal != null) {
            throw Failure.PRECONDITION_FAILED.exception(refusal);
        }
    }

    /**
     * Whether a JSON body holds no field but the path's own selectors, with the path's values. Actuator takes a write
     * operation's arguments from a JSON body too, ignoring the fields it does not declare, and reads no DELETE's body
     * at all: a {@code startedAt} sent there was dropped, and the action done unconditionally. The body is the request
     * guard's copy, which it gives again to each reader.
     */
    private static boolean onlyPathsInTheBody(HttpServletRequest request) {
        if (!isJson(request.getContentType())) {
            return true;
        }
        JsonNode body;
        try (InputStream in = request.getInputStream()) {
            body = JsonMapper.shared().readTree(in);
        } catch (IOException | JacksonException unreadable) {
            return false;
        }
        if (body == null || body.isMissingNode()) {
            return true; // an empty body
        }
        Map<?, ?> path = request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> m
                ? m : Map.of();
        return body.isObject() && body.properties().stream().allMatch(field -> field.getValue().isString()
                && field.getValue().asString().equals(path.get(field.getKey())));
    }

    private static boolean isJson(@Nullable String contentType) {
        try {
            return contentType != null && RequestGuard.isJson(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException unreadable) {
            return false; // no JSON body to judge: Actuator refuses a POST of it (415), and reads no DELETE's
        }
    }

    /** The request the action answers; null outside one (the endpoint called directly). */
    private static @Nullable HttpServletRequest request() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }
}
