package dev.genserver.observability;

import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import java.util.Collection;
import java.util.Set;

/**
 * How processes are named to an operator. A registered name shows as the runtime prints it: a local name as
 * itself ({@code counter}), a registry name as {@code <registry>:<key>} ({@code counters:foo}). Keys of registries
 * not listed as public are redacted ({@code stacks:<redacted>}): a stack's or a store's id is the capability to
 * use it, and a rate-limit key is usually who is being limited (a user, an address, an API key).
 *
 * <p>Thread-safe (immutable).
 */
final class ProcessNames {

    static final String REDACTED = "<redacted>";

    private final ProcessRuntime runtime;
    private final Set<String> publicRegistries;

    ProcessNames(ProcessRuntime runtime, Collection<String> publicRegistries) {
        this.runtime = runtime;
        this.publicRegistries = Set.copyOf(publicRegistries);
    }

    /** The registered name as shown, or null for an unnamed process. */
    String name(Pid pid) {
        return pid.name().map(this::show).orElse(null);
    }

    /** The name as shown, or the pid ({@code #PID<0.42.0>}) for an unnamed process. */
    String label(Pid pid) {
        String name = name(pid);
        return name != null ? name : "#PID<0." + pid.id() + ".0>";
    }

    String show(Name name) {
        return switch (name) {
            case Name.Local local -> local.name();
            case Name.Via via -> publicRegistries.contains(via.registry().name()) ? via.toString()
                    : via.registry().name() + ":" + REDACTED;
        };
    }

    /**
     * A supervisor as {@code ProcessInfo} names it: its registered name printed, or its pid. Only the printed text
     * is known there, so anything shaped {@code <registry>:<key>} that is not a local name and not in a public
     * registry is redacted, whether or not it came from a registry.
     */
    String supervisor(String printed) {
        if (printed == null || printed.startsWith("#PID<")) {
            return printed;
        }
        int colon = printed.indexOf(':');
        if (colon < 0 || publicRegistries.contains(printed.substring(0, colon))
                || runtime.whereis(printed).isPresent()) {
            return printed;
        }
        return printed.substring(0, colon) + ":" + REDACTED;
    }
}
