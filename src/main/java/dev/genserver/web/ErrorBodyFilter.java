package dev.genserver.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gives a problem+json body to an error answer that would otherwise go out empty. Two kinds of error bypass both
 * {@code ProblemAdvice} and {@code /error}: those answered with a bare status (actuator's 404 for an unknown
 * health component), and those whose problem body cannot be written because the request's Accept header cannot
 * be parsed (406, 415). A client of this API may rely on every 4xx and 5xx carrying {@code error}. (For HEAD,
 * Tomcat sends the headers of that answer and drops its body.)
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ErrorBodyFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    ErrorBodyFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BodyTrackingResponse tracked = new BodyTrackingResponse(response);
        chain.doFilter(request, tracked);
        if (request.isAsyncStarted() || !tracked.isEmptyError()) {
            return;
        }
        Failure.write(response, json, Failure.frameworkProblem(response.getStatus()));
    }
}
