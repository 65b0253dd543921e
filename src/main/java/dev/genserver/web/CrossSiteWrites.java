package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import org.springframework.http.HttpHeaders;

/**
 * A write (POST, PUT, PATCH, DELETE) that a browser sends from another site is refused, on both ports. A bodiless
 * POST, or one with a form or text body, needs no CORS preflight, so without this any page a user on the network
 * opens could, through their browser, reset the counter, trip a circuit breaker, drain a rate-limit bucket or fill
 * a service's {@code max-count} with stores. The service answers no CORS preflight, so a page of another origin has
 * no legitimate write to send.
 *
 * <p>The rule is Go's {@code net/http.CrossOriginProtection} (Go 1.25), the browser's word first:
 * {@code Sec-Fetch-Site} (which no page can set) {@code same-origin} or {@code none} (the user's own navigation) is
 * accepted, any other value ({@code cross-site}, {@code same-site}: another origin of the same site) refused. A
 * browser too old to send it still sends {@code Origin} with a POST, accepted only when its host and port are the
 * request's {@code Host}, as sent: the scheme is left out, so that a proxy ending TLS in front of the service
 * changes nothing. {@code Origin: null} (a sandboxed frame's page) and an unreadable one match no host. A request
 * with neither header comes from a client that is not a browser and is not affected.
 *
 * <p>A page cannot pass this by DNS rebinding (its own host name pointed at this server, making its requests
 * same-origin); the management port adds a rule for that ({@code server.ActionHosts}).
 */
final class CrossSiteWrites {

    /** A refusal, of the header that tells it ({@code Sec-Fetch-Site} or {@code Origin}) and its value. */
    static final String REFUSED = "a browser's write from another site (%s %s) is not accepted here";

    private CrossSiteWrites() {
    }

    /** Why the request is refused; null when it is not a browser's write from another site. */
    static String refusal(HttpServletRequest request) {
        if (!isWrite(request.getMethod())) {
            return null;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            return site.equals("same-origin") || site.equals("none") ? null
                    : REFUSED.formatted("Sec-Fetch-Site", site.equals("cross-site") || site.equals("same-site")
                            ? site : "unknown");
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return null;
        }
        URI from = parse(origin);
        String host = request.getHeader(HttpHeaders.HOST);
        return from != null && from.getRawAuthority().equalsIgnoreCase(host) ? null
                : REFUSED.formatted("Origin", describe(origin, from));
    }

    private static boolean isWrite(String method) {
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

    /** The origin's scheme, host and port only, as parsed, so a hostile header is not echoed whole. */
    private static String describe(String sent, URI origin) {
        if (origin == null) {
            return sent.equals("null") ? "null" : "unreadable";
        }
        return origin.getScheme() + "://" + origin.getHost() + (origin.getPort() == -1 ? "" : ":" + origin.getPort());
    }
}
