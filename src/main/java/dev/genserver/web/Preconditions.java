package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Conditional requests to the API (RFC 9110, 13), judged as far as a service without validators can: no answer
 * here carries an entity tag or a modification date. An origin server must evaluate {@code If-Match} before it
 * performs a method (13.1.1), and ignoring it, as Spring does unless a handler asks, applies the write a client made
 * conditional:
 * <ul>
 *   <li>{@code If-Match} naming anything but {@code *} matches no representation: 412 {@code precondition_failed},
 *       nothing done.</li>
 *   <li>{@code If-Match: *} or an {@code If-None-Match} naming {@code *} on a write (POST, PUT, DELETE) depends on
 *       whether the target exists, which only its process knows as it handles the message: 501
 *       {@code precondition_unsupported}, nothing done. On a read the first holds wherever there is an answer to
 *       give, and the second is for writes.</li>
 *   <li>{@code If-None-Match} with entity tags always holds, and {@code If-Unmodified-Since} and
 *       {@code If-Modified-Since} are ignored where there is no modification date (13.1.3, 13.1.4).</li>
 * </ul>
 * Every line of a field counts, as one list. Judged as the handler is about to run, its arguments read and
 * validated, so that a request refused before that fails the same with the condition (13.2.1): an unknown path or
 * method, a key that breaks the key rule, a query parameter that cannot be read as its type, a body that cannot be
 * parsed, a parameter out of its range (a constraint such as {@code @Range} on it). What a handler finds in the
 * request's content comes after, as 13.2.1 allows ("prior to processing the request content"). Ignored on
 * OPTIONS, as 13.2.1 requires, and outside {@code /api} (the management port's paths and the OpenAPI document among
 * them).
 */
final class Preconditions {

    static final String NO_TAG_MATCHES = "If-Match names entity tags, and no answer here has one: the request was "
            + "not applied";
    static final String CANNOT_JUDGE = "If-Match: * and If-None-Match: * on a write depend on whether its target "
            + "exists, which this service does not judge before applying it: the request was not applied";

    private Preconditions() {
    }

    /**
     * {@code handler} as Spring MVC invokes it, with the request's conditions judged between its arguments (and
     * their validation) and its call. Spring makes one such object per request, so it may hold the request.
     */
    static ServletInvocableHandlerMethod judging(HandlerMethod handler) {
        return new ServletInvocableHandlerMethod(handler) {
            private HttpServletRequest request;

            @Override
            protected Object[] getMethodArgumentValues(NativeWebRequest webRequest, ModelAndViewContainer container,
                    Object... providedArgs) throws Exception {
                request = webRequest.getNativeRequest(HttpServletRequest.class);
                return super.getMethodArgumentValues(webRequest, container, providedArgs);
            }

            @Override
            protected Object doInvoke(Object... args) throws Exception {
                if (request != null) {
                    judge(request);
                }
                return super.doInvoke(args);
            }
        };
    }

    /** Throws the answer to a request whose conditions forbid applying it; returns if there is none. */
    static void judge(HttpServletRequest request) {
        List<String> ifMatch = lines(request, HttpHeaders.IF_MATCH);
        List<String> ifNoneMatch = lines(request, HttpHeaders.IF_NONE_MATCH);
        if (ifMatch.isEmpty() && ifNoneMatch.isEmpty() || request.getMethod().equals("OPTIONS") || !isApi(request)) {
            return;
        }
        if (!ifMatch.isEmpty() && !ifMatch.stream().allMatch(line -> line.strip().equals("*"))) {
            throw Failure.PRECONDITION_FAILED.exception(NO_TAG_MATCHES);
        }
        boolean write = !request.getMethod().equals("GET") && !request.getMethod().equals("HEAD");
        if (write && (!ifMatch.isEmpty() || ifNoneMatch.stream().anyMatch(Preconditions::namesAny))) {
            throw Failure.PRECONDITION_UNSUPPORTED.exception(CANNOT_JUDGE);
        }
    }

    private static boolean isApi(HttpServletRequest request) {
        String path = ServletRequestPathUtils.hasParsedRequestPath(request)
                ? ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication().value()
                : request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static List<String> lines(HttpServletRequest request, String name) {
        return request.getHeader(name) == null ? List.of() : Collections.list(request.getHeaders(name));
    }

    /** Whether a list of entity tags holds {@code *} as a member: outside the quotes, where a tag's own may be. */
    private static boolean namesAny(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '*' && !quoted) {
                return true;
            }
        }
        return false;
    }
}
