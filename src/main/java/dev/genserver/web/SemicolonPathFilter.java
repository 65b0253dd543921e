package dev.genserver.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a raw {@code ;} in an API path. Spring treats {@code ;…} as matrix parameters and would silently cut
 * {@code /entries/a;b} down to the key {@code a}, writing somewhere the client did not ask for; the key rule
 * ({@link PathKeys}) refuses {@code ;}, so the request is answered 400 {@code invalid_key} before it is routed.
 */
@Component
class SemicolonPathFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    SemicolonPathFilter(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getRequestURI().indexOf(';') >= 0) {
            Failure.write(response, json, Failure.INVALID_KEY.problem("keys and names in paths must not contain ';'"));
            return;
        }
        chain.doFilter(request, response);
    }
}
