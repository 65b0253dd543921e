package dev.genserver.server;

import dev.genserver.web.Failure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management port refuses an action (POST, PUT, PATCH, DELETE) that a browser sends from another site: 403
 * {@code forbidden} when the request's {@code Origin} is not this server. A bodiless POST needs no CORS
 * preflight, so any page an operator opens could otherwise suspend the root supervisor through their browser.
 * Clients that are not browsers send no {@code Origin} and are not affected; the observer page's own requests
 * come from this origin.
 */
final class SameOriginActions extends OncePerRequestFilter {

    private final JsonMapper json;

    SameOriginActions(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && isAction(request.getMethod()) && !isThisServer(origin, request)) {
            Failure.FORBIDDEN.write(response, json, "a request from another site (Origin " + describe(origin)
                    + ") may not act on processes");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean isAction(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    /** Whether {@code origin} is the scheme, host and port this request was sent to. */
    private static boolean isThisServer(String origin, HttpServletRequest request) {
        try {
            URI uri = new URI(origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            return scheme.equals(request.getScheme()) && uri.getHost() != null
                    && uri.getHost().equalsIgnoreCase(request.getServerName()) && port == request.getServerPort();
        } catch (URISyntaxException unreadable) {
            return false; // "null" (a sandboxed page) or garbage: not this server
        }
    }

    /** The origin's scheme and host only, so a hostile header is not echoed whole. */
    private static String describe(String origin) {
        try {
            URI uri = new URI(origin);
            return uri.getHost() == null ? "unreadable" : uri.getScheme() + "://" + uri.getHost();
        } catch (URISyntaxException unreadable) {
            return "unreadable";
        }
    }
}
