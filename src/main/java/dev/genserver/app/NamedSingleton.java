package dev.genserver.app;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** A {@link Singleton} in this JVM: looks its registered name up on every use, so restarts are transparent. */
final class NamedSingleton implements Singleton {

    /** Lookups of a holder that keeps being gone by the time its message comes, before the client is told. */
    private static final int ATTEMPTS = 100;

    private final ProcessRuntime runtime;
    private final Name name;
    private final TimedOutCalls timedOut;
    private final Pid root;
    private final Supplier<Optional<Pid>> lookup;

    /** The process registered as {@code name} in the tree under {@code root}. */
    NamedSingleton(ProcessRuntime runtime, Name name, TimedOutCalls timedOut, Pid root) {
        this(runtime, name, timedOut, root, () -> runtime.whereis(name));
    }

    /** {@code lookup} finds the holder: a test's may let it exit between the lookup and the message. */
    NamedSingleton(ProcessRuntime runtime, Name name, TimedOutCalls timedOut, Pid root,
            Supplier<Optional<Pid>> lookup) {
        this.runtime = runtime;
        this.name = name;
        this.timedOut = timedOut;
        this.root = root;
        this.lookup = lookup;
    }

    /**
     * The running process; {@link ServiceUnavailableException} while its supervisor is restarting it, while the
     * instance shuts down, or for good once the root has stopped (given up, or stopped by an operator: nothing
     * restarts the root, and the instance is going out of rotation).
     */
    Pid pid() {
        return lookup.get().orElseThrow(this::absent);
    }

    /** Why the process is not there, as the client is told. */
    private ServiceUnavailableException absent() {
        if (runtime.isClosed()) {
            return ServiceUnavailableException.shuttingDown();
        }
        return root.isAlive() ? ServiceUnavailableException.notRunning(name.toString())
                : ServiceUnavailableException.stopped(name.toString());
    }

    @Override
    public <R> R call(Call<R> request) {
        return send(request, null);
    }

    @Override
    public <R> R call(Call<R> request, Duration timeout) {
        return send(request, timeout);
    }

    /** A retry of a request whose call timed out waits for that call ({@link TimedOutCalls}); null: the default. */
    private <R> R send(Call<R> request, Duration timeout) {
        return timedOut.call(request, timeout, call -> atHolder(call::apply));
    }

    @Override
    public void cast(Object message) {
        atHolder(pid -> {
            pid.cast(message);
            return null;
        });
    }

    @Override
    public void send(Object message) {
        atHolder(pid -> {
            pid.send(message);
            return null;
        });
    }

    /**
     * {@code use} of the name's holder. One that exits between its lookup and the message (killed by an operator,
     * or restarting) never saw the message ({@code noproc}): the name is looked up again, and the message goes to
     * the next incarnation, or the client is told the process is not there ({@link #absent}), as a lookup that
     * finds the name free tells it; never a 404 {@code noproc}, which says no such process will ever be. A name
     * whose exit is still being announced may be found once more: a few yields let its exit finish.
     */
    private <R> R atHolder(Function<Pid, R> use) {
        for (int attempt = 1; ; attempt++) {
            try {
                return use.apply(pid());
            } catch (NoProcessException exitedMeanwhile) {
                if (attempt == ATTEMPTS) {
                    throw absent();
                }
                Thread.yield();
            }
        }
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
