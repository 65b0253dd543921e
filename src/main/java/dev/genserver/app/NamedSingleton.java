package dev.genserver.app;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.ProcessRuntime;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/** A {@link Singleton} in this JVM: looks its registered name up on every use, so restarts are transparent. */
final class NamedSingleton implements Singleton {

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
        return timedOut.call(request, timeout, this::atHolder);
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
     * {@code use} of the name's holder, looked up again if it exited before the message came ({@link Relookup}). A
     * holder that stopped, not crashed, with the message in its mailbox ({@code shutdown} from the root stopping
     * the tree, or a stop of its own) is told as its absence: the client's request did not bring it down, so not
     * 500 {@code exit}. It is not sent again: a call it had taken and was to answer later would run twice. That
     * reading holds while no singleton stops itself ({@code normal}, {@code shutdown}) from a call it took without
     * answering it, and none here does: such a caller would be told 503 for a request its process had applied.
     */
    private <R> R atHolder(Function<Pid, R> use) {
        try {
            return Relookup.untilHeld(() -> use.apply(pid()));
        } catch (NoProcessException goneEveryTime) {
            throw absent();
        } catch (ProcessExitException exited) {
            if (exited.reason().isAbnormal()) {
                throw exited; // it crashed, or was killed, with the request in it
            }
            // only the root stops a singleton with shutdown, and only when it stops for good (given up, or the
            // instance stopping); the root may not have finished stopping the others yet
            throw exited.reason().equals(ExitReason.SHUTDOWN) && !runtime.isClosed()
                    ? ServiceUnavailableException.stopped(name.toString()) : absent();
        }
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
