package dev.genserver.reliability;

import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.RuntimeListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Records how each process exited, for tests that wait for an exit (with a deadline, never a sleep). */
final class Exits implements RuntimeListener {

    private final ConcurrentHashMap<Pid, CompletableFuture<ExitReason>> exits = new ConcurrentHashMap<>();

    @Override
    public void processExited(Pid pid, ExitReason reason) {
        future(pid).complete(reason);
    }

    /** The reason {@code pid} exited with, waiting up to five seconds for it. */
    ExitReason await(Pid pid) {
        try {
            return future(pid).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(pid + " did not exit", e);
        }
    }

    private CompletableFuture<ExitReason> future(Pid pid) {
        return exits.computeIfAbsent(pid, any -> new CompletableFuture<>());
    }
}
