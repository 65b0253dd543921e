package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.WebAsyncTask;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.ServletInvocableHandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.util.UrlPathHelper;

/**
 * Conditional requests to the API (RFC 9110, 13), judged as the README's "Conditional requests" says: no answer
 * here has a validator, and ignoring {@code If-Match}, as Spring does unless a handler asks, would apply a write the
 * client made conditional. Judged once the handler's arguments are read and validated, so a request refused anyway
 * fails as without the condition (13.2.1). The processes endpoint's actions judge theirs once their process is found
 * ({@link #refusalOfAWriteToWhatExists}).
 */
public final class Preconditions {

    static final String NO_TAG_MATCHES = "If-Match names entity tags, and no answer here has one: the request was "
            + "not applied";
    static final String NOT_MODIFIED = "If-None-Match: * (or a list holding it), and there is an answer to give: "
            + "the target exists (RFC 9110, 13.1.2); no body";
    static final String EXISTS = "If-None-Match: * (or a list holding it), and the target exists: the request was "
            + "not applied";
    static final String CANNOT_JUDGE = "If-Match: * and If-None-Match: * on a write depend on whether its target "
            + "exists, which this service does not judge before applying it: the request was not applied";

    private Preconditions() {
    }

    /**
     * {@code handler} as Spring MVC invokes it, with the request's conditions judged once its arguments are read and
     * validated: before its call, and for a read's {@code If-None-Match: *} after it. Spring makes one such object
     * per request, so it may hold the request.
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
                Conditions conditions = request == null ? Conditions.NONE : Conditions.of(request);
                if (conditions == Conditions.NONE) {
                    return super.doInvoke(args);
                }
                conditions.judgeBefore();
                Object answer = super.doInvoke(args);
                return conditions.read() ? conditions.judgeAfter(answer) : answer;
            }
        };
    }

    /**
     * A request's conditions, as far as they apply: {@code If-Match} naming a tag, {@code If-Match} given (then all
     * {@code *}), {@code If-None-Match} naming {@code *}, each line of a field counted; and whether it is a read.
     */
    private record Conditions(boolean ifMatchTags, boolean ifMatch, boolean ifNoneMatchAny, boolean read) {

        static final Conditions NONE = new Conditions(false, false, false, true);

        static Conditions of(HttpServletRequest request) {
            List<String> ifMatch = lines(request, HttpHeaders.IF_MATCH);
            List<String> ifNoneMatch = lines(request, HttpHeaders.IF_NONE_MATCH);
            if (ifMatch.isEmpty() && ifNoneMatch.isEmpty() || request.getMethod().equals("OPTIONS")
                    || !isApi(request)) {
                return NONE;
            }
            return new Conditions(namesTags(ifMatch), !ifMatch.isEmpty(),
                    ifNoneMatch.stream().anyMatch(Preconditions::namesAny), isRead(request));
        }

        /**
         * Throws the answer to a request its conditions forbid before it runs, so that nothing is applied, nor
         * touched by a read (a cache entry's place and hit count): a tag, and on a write a {@code *}.
         */
        void judgeBefore() {
            if (ifMatchTags) {
                throw Failure.PRECONDITION_FAILED.exception(NO_TAG_MATCHES);
            }
            if (!read && (ifMatch || ifNoneMatchAny)) {
                throw Failure.PRECONDITION_UNSUPPORTED.exception(CANNOT_JUDGE);
            }
        }

        /**
         * The answer to a read, given the one it has without its conditions: a failure stands (13.2.1), and a
         * success means the target exists, so {@code If-None-Match: *} does not hold: 304, no body. (No read here
         * answers with headers of its own that a 304 would repeat.)
         */
        Object judgeAfter(Object answer) {
            return ifNoneMatchAny && isSuccessAtHand(answer) ? ResponseEntity.status(HttpStatus.NOT_MODIFIED).build()
                    : answer;
        }
    }

    /**
     * Why a write to a target known to exist, which has no entity tag (a process an action is for), must not be
     * done: {@code If-Match} naming a tag matches nothing (13.1.1), {@code If-None-Match: *} fails (13.1.2); null if
     * its conditions hold, or it has none. {@code If-Match: *} holds, and {@code If-None-Match} naming tags too.
     */
    public static @Nullable String refusalOfAWriteToWhatExists(HttpServletRequest request) {
        if (namesTags(lines(request, HttpHeaders.IF_MATCH))) {
            return NO_TAG_MATCHES;
        }
        return lines(request, HttpHeaders.IF_NONE_MATCH).stream().anyMatch(Preconditions::namesAny) ? EXISTS : null;
    }

    /** A success already made: not a failure, nor one still to come (an async or streamed answer), nor none. */
    private static boolean isSuccessAtHand(Object answer) {
        if (answer instanceof ResponseEntity<?> entity) {
            return entity.getStatusCode().is2xxSuccessful() && !isDeferred(entity.getBody());
        }
        return answer != null && !isDeferred(answer);
    }

    private static boolean isDeferred(Object body) {
        return body instanceof Callable<?> || body instanceof CompletionStage<?> || body instanceof DeferredResult<?>
                || body instanceof WebAsyncTask<?> || body instanceof ResponseBodyEmitter
                || body instanceof StreamingResponseBody;
    }

    /** A read: GET or HEAD, which change nothing a client asked for. */
    static boolean isRead(HttpServletRequest request) {
        String method = request.getMethod();
        return method.equals("GET") || method.equals("HEAD");
    }

    /** Judged on the decoded path, as requests are routed: {@code /%61pi/counter} is the API too. */
    private static boolean isApi(HttpServletRequest request) {
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        return path.equals("/api") || path.startsWith("/api/");
    }

    private static List<String> lines(HttpServletRequest request, String name) {
        return request.getHeader(name) == null ? List.of() : Collections.list(request.getHeaders(name));
    }

    /** Whether an {@code If-Match} names tags: any line but {@code *} (an empty one, too). */
    private static boolean namesTags(List<String> ifMatch) {
        return !ifMatch.stream().allMatch(line -> line.strip().equals("*"));
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
