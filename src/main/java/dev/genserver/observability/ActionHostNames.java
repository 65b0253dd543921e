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

    /** Whether {@code host} (a request's server name) is one no other site can point at this server. */
    public boolean mayAct(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.startsWith("[") || IPV4.matcher(name).matches() || name.equals("localhost")
                || name.endsWith(".localhost") || listed.contains(name);
    }
}
