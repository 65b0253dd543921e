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
        if (origin != null && isAction(request.getMethod())) {
            URI from = parse(origin);
            if (!isThisServer(from, request)) {
                Failure.FORBIDDEN.write(request, response, json, "a request from another site (Origin "
                        + describe(from) + ") may not act on processes");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isAction(String method) {
        return switch (method) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    /** The origin as a URI; null for "null" (a sandboxed page) or garbage. */
    private static URI parse(String origin) {
        try {
            URI uri = new URI(origin);
            return uri.getHost() == null ? null : uri;
        } catch (URISyntaxException unreadable) {
            return null;
        }
    }

    /** Whether {@code origin} is the scheme, host and port this request was sent to; an unreadable one is not. */
    private static boolean isThisServer(URI origin, HttpServletRequest request) {
        if (origin == null) {
            return false;
        }
        String scheme = origin.getScheme() == null ? "" : origin.getScheme().toLowerCase(Locale.ROOT);
        int port = origin.getPort() != -1 ? origin.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme.equals(request.getScheme()) && origin.getHost().equalsIgnoreCase(request.getServerName())
                && port == request.getServerPort();
    }

    /** The origin's scheme, host and port only, as parsed, so a hostile header is not echoed whole. */
    private static String describe(URI origin) {
        return origin == null ? "unreadable" : origin.getScheme() + "://" + origin.getHost()
                + (origin.getPort() == -1 ? "" : ":" + origin.getPort());
    }
}
