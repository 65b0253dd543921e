package dev.genserver.runtime;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A call sent with {@link Pid#sendRequest}: OTP's request identifier. Its reply is waited for with
 * {@link #await} ({@code gen_server:wait_response/2}) as many times as needed until it comes; a wait that times
 * out leaves the request as it was. It ends with the reply, or with the failure {@link Pid#call(Call)} would have
 * thrown for it ({@link ProcessExitException} if the process exits first, {@link NoProcessException} if there
 * was none, {@link MailboxFullException} if it could not be queued), but never with a timeout. Where OTP's
 * {@code wait_response} answers {@code {error, {Reason, _}}}, {@link #await} throws: a callback that lets it
 * through crashes, whatever the reason, where a call's exit of {@code shutdown} so let through ends it as one. A
 * process may send one to itself, as OTP allows: its reply comes once the process handles it, after the current
 * message. One sent by a handler whose process has been killed fails at once, as that handler's calls do.
 *
 * <p>Thread-safe: any thread may wait for it, and several may at once.
 *
 * @param <R> the reply's type
 */
public final class Request<R> {

    private final ProcessCell target;
    private final CompletableFuture<R> reply;
    /** The threads in {@link #await} now, each woken when the request ends; a wait takes itself out as it leaves. */
    private final Queue<Thread> waiters = new ConcurrentLinkedQueue<>();
    /** Set by the first wait that times out: the call is counted as timed out once, however often it is waited on. */
    private final AtomicBoolean timedOut = new AtomicBoolean();
    /** Set by a wait that timed out or was interrupted: its caller gave up, and saw no round trip. */
    private volatile boolean givenUp;

    /** {@code sentAt} for a round trip not sampled: any other value is a {@link System#nanoTime}, maybe negative. */
    static final long UNTIMED = Long.MIN_VALUE;

    /** {@code sentAt}: when the call was sent, for a sampled round trip; else {@link #UNTIMED}. */
    Request(ProcessCell target, CompletableFuture<R> reply, long sentAt) {
        this.target = target;
        this.reply = reply;
        reply.whenComplete((value, failure) -> waiters.forEach(LockSupport::unpark));
        if (sentAt != UNTIMED) { // a round trip as its waiters saw it: none once a wait has given up
            reply.thenRun(() -> {
                if (!givenUp) {
                    target.runtime.options().listener().callCompleted(target, System.nanoTime() - sentAt);
                }
            });
        }
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
     * Waits up to {@code timeout} for the reply ({@code wait_response/2}); the first wait that times out counts the
     * call as timed out, as a call's timeout is counted, but the request goes on, and a later wait may still get its
     * reply.
     *
     * @throws CallTimeoutException if the reply did not come within {@code timeout}
     * @throws CallInterruptedException if the waiting thread is interrupted (its flag is restored); a callback's
     *     wait holds the interrupt back and goes on, as its call would
     * @throws ProcessExitException if the process exited before it replied (OTP's {@code {error, {Reason, _}}}: a
     *     callback that lets it through crashes, whatever the reason), or if the waiting callback's own process is
     *     killed, or had been
     */
    public R await(Duration timeout) {
        timeout = Timeouts.checkWait(timeout);
        ProcessCell self = ProcessCell.CURRENT.get();
        if (self != null) {
            self.holdInterruptOrExit(false); // a callback of a killed process achieves nothing more by waiting
        }
        if (!reply.isDone()) {
            Deadline deadline = Deadline.after(target.runtime.options().timers(), timeout);
            Thread waiter = Thread.currentThread();
            waiters.add(waiter); // before the loop's check: an end after that check finds it here and wakes it
            try {
                if (self != null) {
                    self.yieldWaiting(); // a process waiting in a receive has yielded: its zero timers fire meanwhile
                }
                while (!reply.isDone()) {
                    if (deadline.remaining() <= 0) {
                        givenUp = true;
                        if (timedOut.compareAndSet(false, true)) {
                            target.runtime.options().listener().callTimedOut(target);
                        }
                        throw new CallTimeoutException(target, timeout);
                    }
                    deadline.park(this);
                    boolean interrupted = Thread.interrupted();
                    if (self != null) {
                        // As a call's wait in a callback: an interrupt is held back, a kill of its own process ends
                        // it (a kill unparks a callback on a caller's thread rather than interrupting it).
                        self.holdInterruptOrExit(interrupted);
                    } else if (interrupted) {
                        givenUp = true;
                        waiter.interrupt();
                        throw new CallInterruptedException(target);
                    }
                }
            } finally {
                deadline.done();
                waiters.remove(waiter);
            }
        }
        if (reply.state() == Future.State.SUCCESS) {
            return reply.resultNow();
        }
        RuntimeException failure = (RuntimeException) reply.exceptionNow(); // a reply slot fails with no other
        throw failure instanceof ProcessExitException exit ? exit.inResponseWait() : failure;
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
