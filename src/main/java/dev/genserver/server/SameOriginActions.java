package dev.genserver.server;

import dev.genserver.web.Failure;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management port refuses an action (POST, PUT, PATCH, DELETE) that a browser sends from another site: 403
 * {@code forbidden} when the request's {@code Origin} is not this server. A bodiless POST needs no CORS
 * preflight, so any page an operator opens could otherwise suspend the root supervisor through their browser.
 * Clients that are not browsers send no {@code Origin} and are not affected; the observer page's own requests
 * come from this origin. An unreadable {@code Origin} is not this server, nor is {@code Origin: null}, which a
 * sandboxed frame's page sends, unless {@code Sec-Fetch-Site} (which no page can set) says same-origin. An
 * action with {@code Sec-Fetch-Site: cross-site} (or {@code same-site}: another origin of the same site) is refused
 * too, whatever its {@code Origin}, or if a browser leaves that out.
 *
 * <p>The same origin is not enough where the page's host name is the attacker's: DNS rebinding points a name of
 * theirs at this server's address once their page has loaded, and the page's requests are then same-origin. So a
 * browser's action (one with an {@code Origin} or a {@code Sec-Fetch-Site}) is accepted only when sent to a host no
 * other site can control: an IP address, {@code localhost} (and {@code *.localhost}, loopback by RFC 6761), or a
 * name listed in {@code genserver.observability.action-hosts}.
 */
final class SameOriginActions extends OncePerRequestFilter {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final JsonMapper json;
    private final Set<String> actionHosts;

    SameOriginActions(JsonMapper json, Collection<String> actionHosts) {
        this.json = json;
        this.actionHosts = actionHosts.stream().map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!isAction(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        String site = request.getHeader("Sec-Fetch-Site");
        if ("cross-site".equals(site) || "same-site".equals(site)) {
            // the browser's own word on where the request comes from, beside Origin or in its place
            Failure.FORBIDDEN.write(request, response, json, "a request from another site (Sec-Fetch-Site " + site
                    + ") may not act on processes");
            return;
        }
        URI from = origin == null ? null : parse(origin);
        // "null" and garbage are not this server, unless the browser itself says the request is same-origin: a
        // sandboxed frame's page sends cross-site, while a page whose referrer policy hides its origin (the
        // observer's is no-referrer) may send null for its own requests, which the Fetch standard allows
        boolean ownNull = "null".equals(origin) && "same-origin".equals(site);
        if (origin != null && !ownNull && !isThisServer(from, request)) {
            Failure.FORBIDDEN.write(request, response, json, "a request from another site (Origin "
                    + describe(from) + ") may not act on processes");
            return;
        }
        // Origin or Sec-Fetch-Site: a browser sent it, and a browser may be running a page that rebound the name
        if ((origin != null || site != null) && !isOwnHost(request.getServerName())) {
            Failure.FORBIDDEN.write(request, response, json, "a browser may act on processes only through an "
                    + "IP address, localhost or a host listed in genserver.observability.action-hosts, which '"
                    + request.getServerName() + "' is not (a defence against DNS rebinding)");
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

    /** Whether {@code host} is one no other site can point at this server: see the class comment. */
    private boolean isOwnHost(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.startsWith("[") || IPV4.matcher(name).matches() || name.equals("localhost")
                || name.endsWith(".localhost") || actionHosts.contains(name);
    }

    /** The origin's scheme, host and port only, as parsed, so a hostile header is not echoed whole. */
    private static String describe(URI origin) {
        return origin == null ? "unreadable" : origin.getScheme() + "://" + origin.getHost()
                + (origin.getPort() == -1 ? "" : ":" + origin.getPort());
    }
}
