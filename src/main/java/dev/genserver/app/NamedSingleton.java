package dev.genserver.app;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import java.time.Duration;

/** A {@link Singleton} in this JVM: looks its registered name up on every use, so restarts are transparent. */
final class NamedSingleton implements Singleton {

    private final ProcessRuntime runtime;
    private final Name name;
    private final TimedOutCalls timedOut;
    private final Pid root;

    /** The process registered as {@code name} in the tree under {@code root}. */
    NamedSingleton(ProcessRuntime runtime, Name name, TimedOutCalls timedOut, Pid root) {
        this.runtime = runtime;
        this.name = name;
        this.timedOut = timedOut;
        this.root = root;
    }

    /**
     * The running process; {@link ServiceUnavailableException} while its supervisor is restarting it, while the
     * instance shuts down, or for good once the root has stopped (given up, or stopped by an operator: nothing
     * restarts the root, and the instance is going out of rotation).
     */
    Pid pid() {
        return runtime.whereis(name).orElseThrow(this::absent);
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
        return timedOut.call(request, timeout, call -> call.apply(pid()));
    }

    @Override
    public void cast(Object message) {
        pid().cast(message);
    }

    @Override
    public void send(Object message) {
        pid().send(message);
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
