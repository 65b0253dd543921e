package dev.genserver.observability;

import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;

/**
 * How processes are named to an operator: by their registered name as the runtime prints it, a local name as
 * itself ({@code counter}), a registry name as {@code <registry>:<key>} ({@code counters:foo}), or by their pid.
 * The redaction of keys is the registry's own ({@link dev.genserver.runtime.Registry#createRedacted}): the process
 * tree makes every registry that {@code genserver.observability.public-registries} does not list print
 * {@code stacks:<redacted>}, since a stack's or a store's id is the capability to use it, and a rate-limit key is
 * usually who is being limited. One policy, so a name shown here, in a log line or in a supervisor's report agree.
 */
final class ProcessNames {

    private ProcessNames() {
    }

    /** The registered name as shown, or null for an unnamed process. */
    static String name(Pid pid) {
        return pid.name().map(Name::toString).orElse(null);
    }

    /** The name as shown, or the pid ({@code #PID<0.42.0>}) for an unnamed process. */
    static String label(Pid pid) {
        String name = name(pid);
        return name != null ? name : "#PID<0." + pid.id() + ".0>";
    }
}
