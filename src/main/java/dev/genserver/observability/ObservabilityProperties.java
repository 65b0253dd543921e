package dev.genserver.observability;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;
import org.hibernate.validator.constraints.time.DurationMax;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * {@code genserver.observability.*}: what the processes endpoint and the supervision health check may do.
 *
 * @param allowKill        the one switch for actions on processes: whether the processes endpoint and the observer
 *                         may kill a process ({@code DELETE /actuator/processes/{idOrName}}), suspend or resume it
 *                         ({@code POST .../{idOrName}/suspend}, {@code .../resume}); off by default, since the
 *                         management port has no authentication of its own
 * @param statusTimeout    how long reading one process's state (or a supervisor's counts), or a suspend or
 *                         resume, may wait behind the messages already in its mailbox; at most 49 days
 * @param publicRegistries registries whose keys are shown in process names; every other registry's keys are
 *                         capabilities or identities (stack and store ids, rate-limit keys) and shown redacted
 * @param actionHosts      host names under which a browser may kill, suspend and resume processes besides IP
 *                         addresses and {@code localhost}: the names operators open the observer by. Any other name
 *                         may be an attacker's, pointed at this server by DNS rebinding
 */
@Validated
@ConfigurationProperties("genserver.observability")
public record ObservabilityProperties(
        @DefaultValue("false") boolean allowKill,
        @DefaultValue("1") @DurationUnit(ChronoUnit.SECONDS) @NotNull @DurationMax(days = 49) Duration statusTimeout,
        @DefaultValue({"counters", "circuit-breakers"}) @NotNull List<String> publicRegistries,
        @DefaultValue({}) @NotNull List<String> actionHosts) {

    /** The switch for {@link #allowKill}, as it is set. */
    public static final String ALLOW_KILL = "genserver.observability.allow-kill";

    /** A DNS name: labels of letters, digits and inner hyphens, 1 to 63 characters each, dot-separated. */
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern HOST_NAME = Pattern.compile("(?=.{1,253}$)" + LABEL + "(?:\\." + LABEL + ")*");

    public ObservabilityProperties {
        if (statusTimeout.isNegative() || statusTimeout.isZero()) {
            throw new IllegalArgumentException("genserver.observability.status-timeout must be positive: "
                    + statusTimeout);
        }
        publicRegistries = List.copyOf(publicRegistries);
        actionHosts = List.copyOf(actionHosts);
        for (String host : actionHosts) {
            if (!HOST_NAME.matcher(host).matches()) { // compared with a request's Host name, which has none of those
                throw new IllegalArgumentException("genserver.observability.action-hosts takes host names, without "
                        + "a scheme, port or path: '" + host + "'");
            }
        }
    }
}
