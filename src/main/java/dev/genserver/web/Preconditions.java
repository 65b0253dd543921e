package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

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
 * Every line of a field counts, as one list. Judged after routing, and not for a path key that breaks the key
 * rule, so that a request that fails without the condition fails the same with it (13.2.1); ignored on OPTIONS, as
 * 13.2.1 requires. The management port takes the application's configurers too: {@code /api} only.
 */
@Configuration(proxyBeanMethods = false)
class Preconditions implements WebMvcConfigurer, HandlerInterceptor {

    static final String NO_TAG_MATCHES = "If-Match names entity tags, and no answer here has one: the request was "
            + "not applied";
    static final String CANNOT_JUDGE = "If-Match: * and If-None-Match: * on a write depend on whether its target "
            + "exists, which this service does not judge before applying it: the request was not applied";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        List<String> ifMatch = lines(request, HttpHeaders.IF_MATCH);
        List<String> ifNoneMatch = lines(request, HttpHeaders.IF_NONE_MATCH);
        if (ifMatch.isEmpty() && ifNoneMatch.isEmpty() || request.getMethod().equals("OPTIONS")
                || breaksTheKeyRule(request, handler)) {
            return true;
        }
        if (!ifMatch.isEmpty() && !ifMatch.stream().allMatch(line -> line.strip().equals("*"))) {
            throw Failure.PRECONDITION_FAILED.exception(NO_TAG_MATCHES);
        }
        boolean write = !request.getMethod().equals("GET") && !request.getMethod().equals("HEAD");
        if (write && (!ifMatch.isEmpty() || ifNoneMatch.stream().anyMatch(Preconditions::namesAny))) {
            throw Failure.PRECONDITION_UNSUPPORTED.exception(CANNOT_JUDGE);
        }
        return true;
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

    /** A request its key refuses anyway (400 {@code invalid_key}, once its arguments are read). */
    private static boolean breaksTheKeyRule(HttpServletRequest request, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || !(request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> path)) {
            return false;
        }
        for (MethodParameter parameter : method.getMethodParameters()) {
            PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
            if (variable != null && parameter.hasParameterAnnotation(PathKey.class)) {
                String name = !variable.value().isEmpty() ? variable.value()
                        : !variable.name().isEmpty() ? variable.name() : parameter.getParameterName();
                if (path.get(name) instanceof String key && PathKey.Rule.problem(key) != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
