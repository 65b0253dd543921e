package dev.genserver.app;

import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;

/**
 * A named process the application cannot do without (the counter, the session store, the cache). Clients
 * address it by name, as the seed's {@code GenServer.call(__MODULE__, …)} does, so a restarted process is found
 * again without anyone holding a stale pid.
 */
public final class Singleton {

    private final ProcessRuntime runtime;
    private final Name name;

    Singleton(ProcessRuntime runtime, Name name) {
        this.runtime = runtime;
        this.name = name;
    }

    /**
     * The running process.
     *
     * @throws ServiceUnavailableException while its supervisor is restarting it (or after it gave up)
     */
    public Pid pid() {
        return runtime.whereis(name).orElseThrow(() -> new ServiceUnavailableException(name.toString()));
    }

    public Name name() {
        return name;
    }
}
