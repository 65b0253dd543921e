package dev.genserver.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * A call in flight: the mailbox node, the {@link From} handle the server sees, and the slot the reply lands in.
 * The slot is one field set by compare-and-set, so of a reply, a failure and the caller's timeout exactly one
 * wins; the others are dropped, as OTP drops a late reply.
 */
final class PendingCall extends Envelope implements From {

    private static final Object NULL_REPLY = new Object();
    private static final Object ABANDONED = new Object();
    /**
     * The outcome once its caller has it. A handled call's node stays in its process's mailbox, as the queue's
     * stub, until the next message comes, which to an idle process may be never: the reply held there kept, say,
     * the items a stack's keyed pops had taken out on the heap.
     */
    private static final Object TAKEN = new Object();
    /** {@link #answeredInlineAt} without such an answer: no clock reads it (a manual one may well read 0). */
    static final long NOT_ANSWERED_INLINE = Long.MIN_VALUE;
    /** How many times a caller checks for its reply before parking: a few microseconds. */
    private static final int REPLY_SPINS = 128;
    private static final VarHandle OUTCOME;

    static {
        try {
            OUTCOME = MethodHandles.lookup().findVarHandle(PendingCall.class, "outcome", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Failure(RuntimeException error) { }

    /**
     * A {@link From} reply given while the handler ran on the caller's thread, and when, on the runtime's clock: the
     * caller can take it only once the handler returns, but it was in time if given in time. Kept in the outcome,
     * not in a field of every call, which would make each call's allocation larger for a rare case.
     */
    private record AnsweredInline(Object result, long at) { }

    final ProcessCell target;
    /** Whether the caller holds a future rather than waiting in {@link #await}. */
    private final boolean async;
    /** The caller's future, until the outcome is handed to it (by the one thread that claimed the outcome). */
    private CompletableFuture<Object> future;
    private volatile Object outcome;
    private volatile Thread waiter;
    volatile TimerRef timeoutTimer;
    /** When a sampled call was queued ({@link System#nanoTime()}), or 0: see {@link Sampling}. */
    long queuedAt;
    /** Set while the call's handler runs on the caller's thread ({@link Turn#tryRunInline}). */
    boolean handledInline;

    PendingCall(int kind, Object message, ProcessCell target, CompletableFuture<Object> future) {
        super(kind, message);
        this.target = target;
        this.async = future != null;
        this.future = future;
    }

    /**
     * {@code GenServer.reply/2}, from the server's code: refused to a zombie, whose answer could reach its caller
     * after its exit, no more than its sends may ({@link ProcessCell#refuseZombie}).
     */
    @Override
    public void reply(Object value) {
        replyAs(ProcessCell.refuseZombie(), value == null ? NULL_REPLY : value, true);
    }

    /** {@link #reply}'s failure, refused to a zombie likewise. */
    @Override
    public void fail(RuntimeException error) {
        Objects.requireNonNull(error, "error"); // the caller would be thrown a null
        replyAs(ProcessCell.refuseZombie(), new Failure(error), true);
    }

    /**
     * {@link #fail}, as the handler's last act before it returns {@code noreply}: the runtime's supervisors refuse a
     * request so, having no other way to fail a call without crashing. Not an early reply, so the process is not
     * marked as one ({@link Turn#repliesEarly}), which would queue all its later calls: a dynamic supervisor that
     * refused one start at its bound, or a start that lost a race, had every later start queued.
     */
    static void failOnReturn(From from, RuntimeException error) {
        ((PendingCall) from).replyAs(ProcessCell.refuseZombie(), new Failure(error), false);
    }

    private void replyAs(ProcessCell replier, Object value, boolean early) {
        Object result = value;
        if (early && handledInline && outcome == null) {
            // an answer before the handler returns: the caller runs that handler and takes it only afterwards
            result = new AnsweredInline(value, target.runtime.options().timers().nanoTime());
            target.repliesEarly = true;
        }
        if (!completeAs(replier, result)) {
            throw replier.exited();
        }
    }

    /**
     * The answer of process {@code replier}'s code (its handler's reply); false, the call left as it is, if the
     * replier has been killed (see {@link #completeAs}).
     */
    boolean answerAs(Turn replier, Object value) {
        return completeAs(replier, value == null ? NULL_REPLY : value);
    }

    /** The runtime's own answer (the handler's result, a system request's). */
    void answer(Object value) {
        complete(value == null ? NULL_REPLY : value);
    }

    /** The runtime's own failure of the call (an exit, a timeout of a start, an interrupted caller). */
    void failWith(RuntimeException error) {
        complete(new Failure(error));
    }

    boolean isDone() {
        return outcome != null;
    }

    /** Gives up on the reply; false if one had already arrived. */
    boolean abandon() {
        return OUTCOME.compareAndSet(this, null, ABANDONED);
    }

    /**
     * Completes the call with a reply sent by process {@code replier} (null: code outside any process). To a
     * caller that holds a future ({@code callAsync}, {@code sendRequest}), which may also monitor the replier, the
     * reply is claimed as a hand-over of the replier's ({@link Turn#beginDelivery}): a reply claimed before the
     * replier's DOWN is what the caller gets, never the kill's exit, and one a killed replier would claim after it
     * is refused (false). The future is completed after the mark, as its stages are the caller's code, so a kill
     * in between has its DOWN out just before the future is done: a kill that completed it itself, before its DOWN,
     * would run those stages inside the exit, where one that stops the same process waits for the exit for ever. A
     * caller waiting in {@code call} sees nothing of the replier's DOWN before it returns, so its reply takes no
     * mark, and the hot path no cost.
     */
    private boolean completeAs(Turn replier, Object result) {
        if (!async || replier == null) {
            complete(result);
            return true;
        }
        if (!replier.tryBeginDelivery()) {
            return false;
        }
        boolean claimed;
        try {
            claimed = OUTCOME.compareAndSet(this, null, result);
        } finally {
            replier.endDelivery();
        }
        if (claimed) {
            publish(result);
        }
        return true;
    }

    private void complete(Object result) {
        if (OUTCOME.compareAndSet(this, null, result)) {
            publish(result);
        }
    }

    /** Hands the outcome, once claimed, to the caller: its parked thread, or its future's stages. */
    private void publish(Object result) {
        Thread parked = waiter;
        if (parked != null) {
            LockSupport.unpark(parked);
        }
        CompletableFuture<Object> caller = future;
        if (caller != null) {
            // handed to the future alone: this node, and the timer's task, no longer hold it or the reply
            future = null;
            outcome = TAKEN;
            TimerRef timer = timeoutTimer;
            timeoutTimer = null;
            if (timer != null) {
                timer.cancel();
            }
            // The caller's stages run here, on whichever thread answers (often the process's own drainer, or a
            // killed process's thread that fails its callers): the caller's code, not a dead process's.
            Turn.notAsADeadProcess(() -> {
                if (result instanceof Failure failure) {
                    caller.completeExceptionally(failure.error());
                } else {
                    caller.complete(result == NULL_REPLY ? null : result);
                }
            });
        }
    }

    /**
     * Waits for the outcome until {@code deadline}, a value of the runtime's clock (its {@link TimerService}).
     *
     * @throws CallTimeoutException when the deadline passes first
     * @throws CallInterruptedException when the waiting thread is interrupted (its flag is restored), unless it
     *     runs a callback: a callback's wait holds the interrupt back and goes on (see
     *     {@link ProcessCell#holdInterruptOrExit}), so a caller giving up cannot crash the server it runs
     * @throws ProcessExitException when the waiting callback's own process has been killed
     */
    Object await(long deadline, Duration timeout) {
        Object result = outcome;
        // A reply often arrives within microseconds: watching for it that long is cheaper than parking (and the
        // replier skips the unpark when no waiter has been published yet).
        for (int spin = 0; result == null && spin < REPLY_SPINS; spin++) {
            Thread.onSpinWait();
            result = outcome;
        }
        if (result == null) {
            ProcessCell self = ProcessCell.CURRENT.get();
            waiter = Thread.currentThread();
            Deadline parking = new Deadline(target.runtime.options().timers(), deadline); // only once it parks
            try {
                if (self != null) {
                    self.yieldWaiting(); // a process waiting in a receive has yielded: its zero timers fire meanwhile
                }
                result = awaitParked(self, parking, timeout);
            } finally {
                parking.done();
            }
        }
        outcome = TAKEN; // the caller's now; written once the outcome is set, when no one else writes it
        return unwrap(result);
    }

    private Object awaitParked(ProcessCell self, Deadline deadline, Duration timeout) {
        Object result;
        while ((result = outcome) == null) {
            if (deadline.remaining() <= 0) {
                if (abandon()) {
                    throw new CallTimeoutException(target, timeout);
                }
                continue;
            }
            deadline.park(this);
            boolean interrupted = Thread.interrupted();
            if (self != null) {
                // Inside a callback: an interrupt is a kill of this process or its caller's; see the method.
                try {
                    self.holdInterruptOrExit(interrupted);
                } catch (ProcessExitException killed) {
                    if (abandon()) {
                        throw killed;
                    }
                }
            } else if (interrupted) {
                if (abandon()) {
                    Thread.currentThread().interrupt();
                    throw new CallInterruptedException(target);
                }
                Thread.currentThread().interrupt();
            }
        }
        return result;
    }

    /** The outcome of a call known to be complete. */
    Object result() {
        return unwrap(outcome);
    }

    /** When a call known to be complete was answered while its handler ran inline, or {@link #NOT_ANSWERED_INLINE}. */
    long answeredInlineAt() {
        return outcome instanceof AnsweredInline inline ? inline.at() : NOT_ANSWERED_INLINE;
    }

    private static Object unwrap(Object outcome) {
        Object result = outcome instanceof AnsweredInline inline ? inline.result() : outcome;
        if (result instanceof Failure failure) {
            throw failure.error();
        }
        return result == NULL_REPLY ? null : result;
    }
}
