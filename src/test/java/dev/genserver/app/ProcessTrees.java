package dev.genserver.app;

import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;

/** A {@link ProcessTree} for tests that build a service's client bean without Spring. */
public final class ProcessTrees {

    private ProcessTrees() {
    }

    /** A tree whose root is a one_for_one supervisor in {@code runtime}; closing the runtime stops it. */
    public static ProcessTree in(ProcessRuntime runtime) {
        return new ProcessTree(runtime, Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE),
                StartOptions.named(RuntimeConfiguration.ROOT)));
    }
}
