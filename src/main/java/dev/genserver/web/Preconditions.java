package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Conditional requests (RFC 9110, 13), judged as far as a service without validators can: no answer here carries an
 * entity tag or a modification date. An origin server must evaluate {@code If-Match} before it performs a method
 * (13.1.1), and ignoring it, as Spring does unless a handler asks, applies the write a client made conditional:
 * <ul>
 *   <li>{@code If-Match} with entity tags matches no representation: 412 {@code precondition_failed}, nothing done.
 *   </li>
 *   <li>{@code If-Match: *} or {@code If-None-Match: *} on a write (POST, PUT, DELETE) depends on whether the target
 *       exists, which only its process knows as it handles the message: 501 {@code precondition_unsupported},
 *       nothing done. On a read the first holds wherever there is an answer to give, and the second is for writes.
 *   </li>
 *   <li>{@code If-None-Match} with entity tags always holds, and {@code If-Unmodified-Since} and
 *       {@code If-Modified-Since} are ignored where there is no modification date (13.1.3, 13.1.4).</li>
 * </ul>
 * Judged after routing, so that an unknown path or method still answers as it would without the condition (13.2.1).
 */
@Configuration(proxyBeanMethods = false)
class Preconditions implements WebMvcConfigurer, HandlerInterceptor {

    static final String NO_TAG_MATCHES = "If-Match names entity tags, and no answer here has one: the request was "
            + "not applied";
    static final String CANNOT_JUDGE = "If-Match: * and If-None-Match: * on a write depend on whether its target "
            + "exists, which this service does not judge before applying it: the request was not applied";

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String ifMatch = request.getHeader(HttpHeaders.IF_MATCH);
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifMatch == null && ifNoneMatch == null) {
            return true;
        }
        if (ifMatch != null && !isAny(ifMatch)) {
            throw Failure.PRECONDITION_FAILED.exception(NO_TAG_MATCHES);
        }
        if (isWrite(request.getMethod()) && (ifMatch != null || ifNoneMatch != null && isAny(ifNoneMatch))) {
            throw Failure.PRECONDITION_UNSUPPORTED.exception(CANNOT_JUDGE);
        }
        return true;
    }

    private static boolean isAny(String condition) {
        return condition.strip().equals("*");
    }

    private static boolean isWrite(String method) {
        return !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    }
}
