package dev.genserver.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collection;
import java.util.Locale;
import org.springframework.http.HttpHeaders;

/**
 * A browser's write from another site is refused, on both ports: Go's {@code net/http.CrossOriginProtection}
 * (README, Security model). {@code Sec-Fetch-Site} decides where sent; else an {@code Origin} must name the
 * request's {@code Host} (scheme left out, for a proxy ending TLS); {@code genserver.web.trusted-origins} are served
 * whatever the headers say, as Go's {@code AddTrustedOrigin}.
 */
public final class CrossSiteWrites {

    /** A refusal, of the header that tells it ({@code Sec-Fetch-Site} or {@code Origin}) and its value. */
    static final String REFUSED = "a browser's write from another site (%s %s) is not accepted here";

    private CrossSiteWrites() {
    }

    /**
     * Why the request is refused; null when it is not a browser's write from another site, or comes from one of
     * {@code trusted} (origins as {@link #origin} gives them), whatever the browser says of it.
     */
    static String refusal(HttpServletRequest request, Collection<String> trusted) {
        return WriteMethods.isWrite(request.getMethod()) ? fromAnotherSite(request, trusted, REFUSED) : null;
    }

    /**
     * For a request of any method that only a page of the port's own may make (an observer stream, which holds one
     * of few slots): {@code refused}, a format of the header and its value, when a browser says it comes from
     * another site, as for a write, unless from one of {@code trusted}; else null.
     */
    public static String fromAnotherSite(HttpServletRequest request, Collection<String> trusted, String refused) {
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (site != null) {
            return site.equals("same-origin") || site.equals("none") || isTrusted(origin, trusted) ? null
                    : refused.formatted("Sec-Fetch-Site", site.equals("cross-site") || site.equals("same-site")
                            ? site : "unknown");
        }
        if (origin == null) {
            return null;
        }
        URI from = parse(origin);
        String host = request.getHeader(HttpHeaders.HOST);
        return from != null && from.getRawAuthority().equalsIgnoreCase(host) || isTrusted(origin, trusted) ? null
                : refused.formatted("Origin", describe(origin, from));
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
        if (port == 0 || port > 65_535) {
            return null; // no origin has it: a browser never sends one, and a trusted one so is a typo
        }
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
