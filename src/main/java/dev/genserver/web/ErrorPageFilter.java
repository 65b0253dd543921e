package dev.genserver.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/**
 * The error page of the management port: answers its {@code /error} as {@link ProblemErrorController} answers the
 * API port's, in place of actuator's own error endpoint (Boot's legacy error map, and a 200 when requested
 * directly). Registered for the error path only, for error dispatches and direct requests alike.
 */
final class ErrorPageFilter implements Filter {

    private final JsonMapper json;

    ErrorPageFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse http = (HttpServletResponse) response;
        if (http.isCommitted()) {
            return;
        }
        ResponseEntity<Object> answer = ProblemErrorController.answer((HttpServletRequest) request);
        http.resetBuffer();
        http.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> http.addHeader(name, value)));
        byte[] body = json.writeValueAsBytes(answer.getBody());
        http.setContentLength(body.length);
        http.getOutputStream().write(body);
    }
}
