package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
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
 * browser that sends no {@code Sec-Fetch-Site} (an older one, or Chromium over plain HTTP to a host name, which is
 * not a trustworthy origin to it) still sends {@code Origin} with a POST, accepted only when its host and port are
 * the request's {@code Host}, as sent: the scheme is left out, so that a proxy ending TLS in front of the service
 * changes nothing. {@code Origin: null} (a sandboxed frame's page) and an unreadable one match no host. A request
 * with neither header comes from a client that is not a browser and is not affected. A gateway that rewrites
 * {@code Host} makes the service's own pages' {@code Origin} look foreign where no {@code Sec-Fetch-Site} is sent:
 * origins listed in {@code genserver.web.trusted-origins} are served whatever the headers say, as Go's
 * {@code AddTrustedOrigin} does.
 *
 * <p>It does not stop DNS rebinding: a page whose own host name was pointed at this server once it loaded sends
 * same-origin requests, and can read and write the API; the gateway's check of {@code Host} is what stops that. The
 * management port refuses a browser's actions through a host name nobody listed ({@code server.ActionHosts}).
 */
final class CrossSiteWrites {

    /** A refusal, of the header that tells it ({@code Sec-Fetch-Site} or {@code Origin}) and its value. */
    static final String REFUSED = "a browser's write from another site (%s %s) is not accepted here";

    private CrossSiteWrites() {
    }

    /**
     * Why the request is refused; null when it is not a browser's write from another site, or comes from one of
     * {@code trusted} (origins as {@link #origin} gives them), whatever the browser says of it.
     */
    static String refusal(HttpServletRequest request, Collection<String> trusted) {
        if (!WriteMethods.isWrite(request.getMethod())) {
            return null;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (site != null) {
            return site.equals("same-origin") || site.equals("none") || isTrusted(origin, trusted) ? null
                    : REFUSED.formatted("Sec-Fetch-Site", site.equals("cross-site") || site.equals("same-site")
                            ? site : "unknown");
        }
        if (origin == null) {
            return null;
        }
        URI from = parse(origin);
        String host = request.getHeader(HttpHeaders.HOST);
        return from != null && from.getRawAuthority().equalsIgnoreCase(host) || isTrusted(origin, trusted) ? null
                : REFUSED.formatted("Origin", describe(origin, from));
    }

    /**
     * {@code origin} as a browser serializes one ({@code https://api.example.com}, lower case, no default port), or
     * null unless it is an http or https origin: a scheme, a host and a port, no path, query or user.
     */
    static String origin(String origin) {
        URI uri = origin == null ? null : parse(origin);
        if (uri == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                || !uri.getRawPath().isEmpty()) {
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int standard = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -2;
        if (standard == -2) {
            return null;
        }
        int port = uri.getPort();
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port == -1 || port == standard ? ""
                : ":" + port);
    }

    private static boolean isTrusted(String origin, Collection<String> trusted) {
        return origin != null && !trusted.isEmpty() && trusted.contains(origin(origin));
    }


    /** The origin as a URI; null for "null" (a sandboxed page) or garbage. */
    private static URI parse(String origin) {
        try {
            URI uri = new URI(origin);
            return uri.getHost() == null || uri.getScheme() == null ? null : uri;
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
