package dev.genserver.app;

import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import java.time.Clock;

/** A {@link ProcessTree} for tests that build a service's client bean without Spring. */
public final class ProcessTrees {

    private ProcessTrees() {
    }

    /** A tree whose root is a one_for_one supervisor in {@code runtime}; closing the runtime stops it. */
    public static ProcessTree in(ProcessRuntime runtime) {
        return in(runtime, new TimedOutCalls(Clock.systemUTC()));
    }

    /** {@link #in(ProcessRuntime)}, keeping timed-out calls in {@code timedOut}. */
    public static ProcessTree in(ProcessRuntime runtime, TimedOutCalls timedOut) {
        return new ProcessTree(runtime, Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE),
                StartOptions.named(RuntimeConfiguration.ROOT)), timedOut);
    }
}
