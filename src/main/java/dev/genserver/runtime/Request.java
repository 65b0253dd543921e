package dev.genserver.runtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call sent with {@link Pid#sendRequest}: OTP's request identifier. Its reply is waited for with
 * {@link #await} ({@code gen_server:wait_response/2}) as many times as needed until it comes; a wait that times
 * out leaves the request as it was. It ends with the reply, or with the failure {@link Pid#call(Call)} would have
 * thrown for it ({@link ProcessExitException} if the process exits first, {@link NoProcessException} if there
 * was none, {@link MailboxFullException} if it could not be queued), but never with a timeout.
 *
 * <p>Thread-safe: any thread may wait for it, and several may at once.
 *
 * @param <R> the reply's type
 */
public final class Request<R> {

    private final ProcessCell target;
    private final CompletableFuture<R> reply;

    Request(ProcessCell target, CompletableFuture<R> reply) {
        this.target = target;
        this.reply = reply;
    }

    /** The process the call was sent to. */
    public Pid pid() {
        return target;
    }

    /** {@link #await(Duration)} for the runtime's default call timeout, as {@link Pid#call(Call)} waits. */
    public R await() {
        return await(target.runtime.options().defaultCallTimeout());
    }

    /**
     * Waits up to {@code timeout} for the reply ({@code wait_response/2}); a timeout is counted as a call's is, but
     * the request goes on, and a later wait may still get its reply.
     *
     * @throws CallTimeoutException if the reply did not come within {@code timeout}
     * @throws CallInterruptedException if the waiting thread is interrupted (its flag is restored); a callback's
     *     wait holds the interrupt back and goes on, as its call would, unless its own process was killed
     */
    public R await(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ProcessCell self = ProcessCell.CURRENT.get();
        while (true) {
            try {
                return reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException notYet) {
                target.runtime.options().listener().callTimedOut(target);
                throw new CallTimeoutException(target, timeout);
            } catch (ExecutionException failed) {
                throw (RuntimeException) failed.getCause(); // a reply slot only fails with a RuntimeException
            } catch (InterruptedException interrupted) {
                if (self == null) {
                    Thread.currentThread().interrupt();
                    throw new CallInterruptedException(target);
                }
                self.holdInterruptOrExit(true); // in a callback, as a call's wait: only a kill of its own ends it
            }
        }
    }

    /** Whether it has ended, with a reply or a failure. */
    public boolean isDone() {
        return reply.isDone();
    }

    /** Whether it has ended with a reply. */
    public boolean isAnswered() {
        return reply.isDone() && !reply.isCompletedExceptionally();
    }

    /** Runs {@code action} once it ends (at once if it has), on the thread that ends it. */
    public void whenDone(Runnable action) {
        reply.whenComplete((value, failure) -> action.run());
    }
}
