package dev.genserver.observability;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The host names through which a browser may act on processes: an IP address, {@code localhost} (and
 * {@code *.localhost}, loopback by RFC 6761), or one listed in {@code genserver.observability.action-hosts}. Any
 * other could be an attacker's, pointed at this server by DNS rebinding. {@code server.ActionHosts} refuses a
 * browser's action through another; the observer offers none there.
 */
public final class ActionHostNames {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private final Set<String> listed;

    public ActionHostNames(Collection<String> listed) {
        this.listed = listed.stream().map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The host name in a {@code Host} header as the client sent it (its port left out; an IPv6 address keeps its
     * brackets), or empty for none. Never the server name a servlet request gives: once forward headers are on
     * ({@code server.forward-headers-strategy}, which Boot turns on by itself in Kubernetes), Tomcat takes that
     * from {@code X-Forwarded-Host} of any request from an internal address, and a rebound page, being
     * same-origin, may add that header to its requests without a preflight.
     */
    public static String nameIn(String hostHeader) {
        if (hostHeader == null) {
            return "";
        }
        int portAt = hostHeader.startsWith("[") ? hostHeader.indexOf("]:") + 1 : hostHeader.lastIndexOf(':');
        return portAt > 0 ? hostHeader.substring(0, portAt) : hostHeader;
    }

    /** Whether {@code host} (a host name, {@link #nameIn}) is one no other site can point at this server. */
    public boolean mayAct(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.startsWith("[") || IPV4.matcher(name).matches() || name.equals("localhost")
                || name.endsWith(".localhost") || listed.contains(name);
    }
}
