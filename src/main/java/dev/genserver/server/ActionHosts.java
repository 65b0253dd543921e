package dev.genserver.server;

import dev.genserver.observability.ActionHostNames;
import dev.genserver.web.Failure;
import dev.genserver.web.WriteMethods;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The management port accepts a browser's action on processes (POST, PUT, PATCH, DELETE: kill, suspend, resume)
 * only through a host name no other site can control. A browser's write from another site is refused on both ports
 * already ({@code web.CrossSiteWrites}); the same origin is not enough where the page's host name is the
 * attacker's: DNS rebinding points a name of theirs at this server's address once their page has loaded, and the
 * page's requests are then same-origin. So a browser's action (one with an {@code Origin} or a
 * {@code Sec-Fetch-Site}) is 403 {@code forbidden} unless its {@code Host} header names one of the
 * {@link ActionHostNames}: the header as sent, never a name forwarded in another header, which such a page can add.
 * Clients that are not browsers send neither header and are not affected.
 */
final class ActionHosts extends OncePerRequestFilter {

    private final JsonMapper json;
    private final ActionHostNames hosts;

    ActionHosts(JsonMapper json, ActionHostNames hosts) {
        this.json = json;
        this.hosts = hosts;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = ActionHostNames.nameIn(request.getHeader(HttpHeaders.HOST)); // as sent, not as forwarded
        if (WriteMethods.isWrite(request.getMethod()) && isBrowsers(request) && !hosts.mayAct(host)) {
            Failure.FORBIDDEN.write(request, response, json, "a browser may act on processes only through an "
                    + "IP address, localhost or a host listed in genserver.observability.action-hosts, which '"
                    + host + "' is not (a defence against DNS rebinding)");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Whether a browser sent {@code request}: only a browser sends {@code Origin} or {@code Sec-Fetch-Site}. */
    private static boolean isBrowsers(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.ORIGIN) != null || request.getHeader("Sec-Fetch-Site") != null;
    }
}
