package dev.genserver.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The turn: the protocol that lets exactly one thread at a time own a process, run its callbacks and consume its
 * mailbox, and that ends it exactly once. {@link ProcessCell} puts the server's semantics on top (what a message
 * means, what a result does, what an exit announces); it is the one subclass, and the two are one object per
 * process (this class's fields are laid out with the cell's).
 *
 * <h2>Status</h2>
 * {@link #status} is {@code IDLE}, {@code BUSY}, {@code SUSPENDED} or {@code DEAD}. Whoever moves it from
 * {@code IDLE} (or {@code SUSPENDED}) to {@code BUSY} owns the process until it moves it back. Owners are
 * <ul>
 *   <li>a <em>drainer</em> ({@link #drain}): a virtual thread started when a message arrives at an idle process;
 *       it handles up to {@code throughput} messages, yields, and ends when the mailbox is empty, so an idle
 *       process holds no thread;</li>
 *   <li>a <em>caller</em> ({@link #tryRunInline}): a call to an idle process with an empty mailbox runs the
 *       handler on the calling thread itself. Nothing is queued, no thread is woken, and the guarantees hold: one
 *       message at a time (the turn), per-sender order (a sender's earlier casts are in the mailbox, so its call
 *       takes the queued path behind them), isolation (the state is touched only by the owner). The caller's
 *       interrupt flag is taken off for the handler and given back afterwards, and the runtime's own waits inside
 *       the handler hold an interrupt instead of failing ({@link #holdInterruptOrExit}). One thing it cannot
 *       do: hand the caller a {@link From} reply before the handler returns; a process that replied so once is
 *       never run inline again ({@link #repliesEarly}).</li>
 * </ul>
 *
 * <h2>The end</h2>
 * An exit is claimed once, by a compare-and-set of {@link #exitReason}: by the owner ending the process
 * ({@link #die}) or by a killer ({@link #exitSignalKill}). The claimer marks the process {@code DEAD} and has it
 * announced at once; what belongs to the owner is reaped by whoever holds the turn: the killer if nobody did,
 * otherwise the owner once its callback returns ({@link #release} and the drainer's hand-back are
 * compare-and-sets from {@code BUSY}, so a dead process is never handed back as idle).
 */
abstract sealed class Turn extends Connections permits ProcessCell {

    static final int IDLE = 0;
    static final int BUSY = 1;
    static final int DEAD = 2;
    /** Suspended ({@code :sys.suspend}) and nobody holds the turn: see {@link ProcessCell}. */
    static final int SUSPENDED = 3;

    /** The process whose callback runs on this thread, for {@link Self} and calling-self detection. */
    static final ThreadLocal<ProcessCell> CURRENT = new ThreadLocal<>();
    /** Marks {@link #runner} while the drainer is lent to another process's inline call (never interrupted). */
    private static final Object LENT = new Object();
    /** Marks {@link #runner} lent when a killer on another thread found it so: the interrupt is owed to it. */
    private static final Object OWED = new Object();
    /**
     * How many times a caller that found the process busy yields its core and checks the turn again before
     * queueing. Yielding beat spinning by 6x with 8 callers on 2 cores: a spinning caller burns the core the
     * turn's owner needs to finish (CallBenchmark.eightCallers: 12.7 M/s yielding, 2.2 M/s spinning first).
     */
    private static final int TURN_YIELDS = 256;
    /**
     * How many handlers may run nested on one thread, each a call to an idle process made by the handler below it,
     * before a call is queued instead. Every level holds its frames on that one stack, where erlang gives each
     * process its own: a chain of a few thousand overflowed a virtual thread's stack. Queued, the call's handler
     * runs on its process's own thread, from a fresh stack. Real call chains are a few levels deep; 64 leaves the
     * caller's own frames (a servlet container's, a framework's) ample room.
     */
    static final int MAX_INLINE_DEPTH = 64;
    /** A drainer that handled this many messages in one turn is in a stream (see {@link #awaitMore}). */
    private static final int STREAM = 16;
    /** How many times such a drainer checks an empty mailbox before ending its turn: a few microseconds. */
    private static final int DRY_SPINS = 256;

    static final VarHandle STATUS;
    private static final VarHandle RUNNER;
    static final VarHandle EXIT_REASON;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATUS = lookup.findVarHandle(Turn.class, "status", int.class);
            RUNNER = lookup.findVarHandle(Turn.class, "runner", Object.class);
            EXIT_REASON = lookup.findVarHandle(Turn.class, "exitReason", ExitReason.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile int status = BUSY;
    /** The thread that holds the turn, for cycle detection and for a killer to wake; plain, read racily. */
    Thread owner;
    /** The drainer thread while one runs, {@link #LENT}, or null; a killer claims it to interrupt. */
    @SuppressWarnings("unused")
    private volatile Object runner;
    /** Set by a caller waiting for the turn, so that a drainer watching an empty mailbox hands it over. */
    private volatile boolean turnWanted;
    /**
     * Set once a {@link From} reply came while this process's handler ran on its caller's thread, which takes the
     * reply only when the handler returns: the process's calls are queued from then on, so that an early reply
     * reaches its caller at once, as {@code GenServer.reply/2} does. Plain: only ever set, and a caller that reads
     * it late merely runs one more call inline.
     */
    boolean repliesEarly;
    /**
     * While a handler of this process runs inline: how many handlers run nested on its thread, its own included (1
     * for a call from outside any process); 0 otherwise. Owner only.
     */
    int inlineDepth;
    /**
     * True while this process's callback is handing a message of its own to another process (queueing it, or
     * taking that process's turn to run its call): a kill waits for it to clear before it announces the exit, and
     * the hand-over looks for the kill once it has set it, so a message either goes in ahead of the DOWN and exit
     * signals or is refused as a zombie's ({@link #beginDelivery}). Written only by the thread running the callback.
     */
    private volatile boolean delivering;
    /** Set once, by whoever claims the exit. */
    volatile ExitReason exitReason;
    /** Set once an exit's name, monitors and links are dealt with; its callers are failed right after. */
    volatile boolean exitDone;
    /**
     * The thread telling the runtime's listener of this exit, while it does: the last step of the announcement, so
     * a listener that waits for the exit (killing the process again) has nothing left to wait for but the end of
     * its own caller. Not set for the earlier steps, during which user code may run too (a registry key's
     * {@code equals}, a watcher drained on this thread by a synchronous executor): a wait from there must wait.
     */
    volatile Thread announcer;
    /** The callback runs on a thread whose interrupts belong to a caller outside the runtime; owner only. */
    boolean onForeignThread;
    /** An interrupt of that caller, held back while the callback runs; owner only. */
    boolean interruptHeld;

    Turn(int capacity) {
        super(capacity);
    }

    // ---------------------------------------------------------------- what the server side supplies

    /** Handles one message; owner only. */
    abstract void handle(Envelope envelope);

    /** Whether a callback deferred work with {@code {:continue, arg}}, to run before any message. */
    abstract boolean hasContinuation();

    abstract void runContinuation();

    /** Starts the zero timers the process's callbacks held until it yields; owner only. */
    abstract void yieldZeroTimers();

    /** The next message to handle, or null: the mailbox's, unless suspended. */
    abstract Envelope nextMessage();

    /** What a drainer with nothing to do hands the turn back as: {@code IDLE}, or {@code SUSPENDED}. */
    abstract int restingStatus();

    /** What the world sees of an exit: its name, monitors and links, then {@link #exitDone}; never waits. */
    abstract void announce(ExitReason reason);

    /** The rest of the announcement, once {@link #exitDone}: the callers fail (see {@link ExitCascade}). */
    abstract void failCallers(ExitReason reason);

    /** Fails the call the owner is handling, if any: a killer's courtesy to that caller. */
    abstract void answerCallBeingHandled(ExitReason reason);

    /** The owner's part of an exit: the state, the mailbox's consumer side. */
    abstract void reap();

    /** The exit a call to or from this dead process reports. */
    abstract ProcessExitException exited();

    abstract RuntimeOptions options();

    /**
     * Runs {@code work}, which is not a process's own code (a caller's completion stage, a listener), as no process
     * if this thread's process has exited, then gives the thread that process back. Run as that dead process, its
     * sends would be refused as a zombie's. A living process stays: the thread is still its drainer or its
     * caller's, which a call to itself or a kill of it must still recognise.
     */
    static void notAsADeadProcess(Runnable work) {
        ProcessCell process = CURRENT.get();
        if (process == null || process.status != DEAD) {
            work.run();
            return;
        }
        CURRENT.remove();
        try {
            work.run();
        } finally {
            CURRENT.set(process);
        }
    }

    /** This process as the cell it is (the one subclass). */
    private ProcessCell self() {
        return (ProcessCell) this;
    }

    /**
     * Waits for an exit that has been claimed to have told its monitors and links; returns at once if the process
     * is alive. An exit claims each tie before it signals through it, so a process whose unlink or demonitor finds
     * the tie gone waits here for the signal to be delivered, as erlang promises it is.
     */
    final void awaitExitAnnounced() {
        if (exitReason != null) {
            awaitExitDone();
        }
    }

    /**
     * Waits out an exit being announced: the few steps of {@link #announce}, on another thread, or queued on this
     * one behind the announcement it is making ({@link ExitCascade}), which it then makes itself.
     */
    final void awaitExitDone() {
        while (!exitDone) {
            if (announcer == Thread.currentThread()) {
                return; // inside the announcement itself, further down this thread: waiting would never end
            }
            if (!ExitCascade.announceOne()) {
                Thread.onSpinWait();
                Thread.yield();
            }
        }
    }

    /**
     * {@code Process.exit(pid, :kill)}: an untrappable exit, after which {@code terminate} does not run. Returns
     * once the process is gone: marked dead, its name free, its monitors and links told (its callers are failed
     * by whoever announces the exit, right after). A
     * drainer blocked in the handler is interrupted; a handler running on a caller's thread is left to finish
     * as a zombie (see the class comment). Does nothing to a process that has exited already, but still waits
     * for an exit in progress to be complete.
     */
    final void kill(ExitReason reason) {
        kill(reason, null);
    }

    /** As {@link #kill(ExitReason)}, the kill sent by process {@code sender} (see {@link #exitSignalKill}). */
    final void kill(ExitReason reason, Turn sender) {
        exitSignalKill(reason, sender);
        awaitExitDone();
    }

    /**
     * The kill itself, without waiting for another thread's exit in progress: safe from inside an exit. When it is
     * process {@code sender}'s own exit signal (null: the runtime's, or from outside any process), it is claimed as
     * a hand-over of the sender's ({@link #delivering}), so a killed process ends no one after its DOWN.
     */
    final void exitSignalKill(ExitReason reason, Turn sender) {
        if (status == DEAD) {
            return;
        }
        int previous;
        if (sender == null || sender == this) {
            previous = claimExit(reason);
        } else {
            sender.beginDelivery();
            try {
                previous = claimExit(reason);
            } finally {
                sender.endDelivery();
            }
        }
        if (previous < 0) {
            return; // ended, or ending by another hand
        }
        if (previous == BUSY) {
            wakeOwner();
        }
        awaitDelivery();
        ExitCascade.announce(() -> announce(reason), () -> {
            failCallers(reason);
            answerCallBeingHandled(reason); // its caller hears of the kill now, not when the handler returns
            if (previous == IDLE || previous == SUSPENDED) {
                reap(); // nobody held the turn: it is the killer's
            }
        });
    }

    /** Claims the exit and marks the process dead: the status it had, or -1 if another hand claimed the exit. */
    private int claimExit(ExitReason reason) {
        if (!EXIT_REASON.compareAndSet(this, null, reason)) {
            return -1;
        }
        self().exitClaimed();
        return (int) STATUS.getAndSet(this, DEAD);
    }

    /**
     * Interrupts this thread if it is this process's drainer, as a killer on another thread does ({@link #wakeOwner}):
     * for a process killed on its own thread, once the runtime's work that killed it is done. The drain clears the
     * interrupt once the handler has returned, as after a killer's claim.
     */
    final void interruptOwnDrainer() {
        Thread self = Thread.currentThread();
        if (RUNNER.compareAndSet(this, self, null)) {
            self.interrupt();
        }
    }

    /** Interrupts a drainer blocked in the handler; wakes an inline owner parked in a runtime wait. */
    private void wakeOwner() {
        if (owner == Thread.currentThread()) {
            // It ends by what its own callback asked of the runtime on this thread (exit(self(), reason), or the
            // exit signal of a process linked to it, which its call, kill or start ended): the runtime hands the
            // callback its exit when that returns (ProcessCell#endIfExited; a call whose reply was deferred is told
            // before it waits), not in the middle of the announcement.
            return;
        }
        while (true) { // the drainer may be lent or taken back meanwhile: claim whichever it is now
            Object thread = runner;
            if (thread instanceof Thread drainer) {
                if (RUNNER.compareAndSet(this, drainer, null)) {
                    drainer.interrupt();
                    return;
                }
            } else if (thread != LENT || RUNNER.compareAndSet(this, LENT, OWED)) {
                break; // none, or lent: then the interrupt is delivered when it is taken back
            }
        }
        Thread inline = owner;
        if (inline != null) {
            LockSupport.unpark(inline); // never interrupt a caller's thread: the interrupt would outlive the call
        }
    }

    /**
     * Starts a hand-over of a message from this process (see {@link #delivering}); {@link #endDelivery} must
     * follow, after a few instructions that neither block nor run anyone's code (a kill from inside the hand-over
     * would wait for the hand-over to end, for ever). The status is read after the mark
     * is set, as the kill reads the mark after it has set the status: one of the two sees the other.
     *
     * @throws ProcessExitException if this process has been killed: its callback runs on as a zombie
     */
    final void beginDelivery() {
        if (!tryBeginDelivery()) {
            throw exited();
        }
    }

    /** {@link #beginDelivery}, false instead of the exception (and no hand-over begun) if killed. */
    final boolean tryBeginDelivery() {
        delivering = true;
        if (status == DEAD) {
            delivering = false;
            return false;
        }
        return true;
    }

    final void endDelivery() {
        delivering = false;
    }

    /** A kill's wait for a hand-over under way on the thread running the callback: a push, a compare-and-set. */
    final void awaitDelivery() {
        while (delivering) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Queues {@code envelope} (see {@link Mailbox#push}) and starts a drainer if the process was idle. */
    final void enqueue(Envelope envelope, boolean bounded) {
        enqueue(envelope, bounded, null);
    }

    /**
     * Queues {@code envelope} from process {@code sender} (null: from outside any process, or the runtime's own),
     * refusing it if the sender has been killed, so that nothing it sends follows its DOWN. The drainer is started
     * after the hand-over: under a synchronous executor it runs on this thread, and may end the sender.
     */
    final void enqueue(Envelope envelope, boolean bounded, Turn sender) {
        if (!pushFrom(sender, envelope, bounded)) {
            options().listener().mailboxFull(self());
            throw new MailboxFullException(self(), capacity);
        }
        wakeIfIdle();
    }

    /** Queues an idle timeout's check, uncounted ({@link Mailbox#pushUncounted}), and wakes an idle process. */
    final void enqueueIdleCheck(Envelope check) {
        pushUncounted(check);
        wakeIfIdle();
    }

    /** Starts a drainer if the process is idle (not busy, not suspended: a suspended one waits for a sys message). */
    private void wakeIfIdle() {
        if (status == IDLE && STATUS.compareAndSet(this, IDLE, BUSY)) {
            schedule();
        }
    }

    /**
     * Queues a system message (a sys request or a stop) from process {@code sender} (null: the runtime, or outside
     * any process), as {@link #enqueue}: never refused, and the one kind of message that also wakes a suspended
     * process.
     */
    final void enqueueSystem(Envelope envelope, Turn sender) {
        pushFrom(sender, envelope, false);
        int current = status;
        if ((current == IDLE || current == SUSPENDED) && STATUS.compareAndSet(this, current, BUSY)) {
            schedule();
        }
    }

    /** {@link Mailbox#push} as a hand-over of {@code sender}'s, if not null. */
    private boolean pushFrom(Turn sender, Envelope envelope, boolean bounded) {
        if (sender == null) {
            return push(envelope, bounded);
        }
        sender.beginDelivery();
        try {
            return push(envelope, bounded);
        } finally {
            sender.endDelivery();
        }
    }

    final void schedule() {
        try {
            options().executor().execute(this::drain);
        } catch (RuntimeException rejected) {
            // The executor is shut down: the runtime is closing. Nobody will handle these messages.
            die(ExitReason.SHUTDOWN);
            reap();
        }
    }

    /**
     * Gives up the turn, taking it back at once if something arrived; reaps instead if the process was killed.
     * Called after an inline call and after init, never by a drainer, so never while suspended (class comment).
     */
    final void release() {
        if (hasContinuation()) {
            schedule();
            return;
        }
        yieldZeroTimers();
        if (!STATUS.compareAndSet(this, BUSY, IDLE)) {
            reap();
            return;
        }
        if (!mailboxEmpty() && STATUS.compareAndSet(this, IDLE, BUSY)) {
            schedule();
        }
    }

    /**
     * The caller-runs fast path: takes the turn if the process is idle with an empty mailbox and handles
     * {@code call} on this thread. False if the call must be queued instead.
     */
    final boolean tryRunInline(PendingCall call, Turn caller) {
        if (status != IDLE || !mailboxEmpty() || repliesEarly) {
            return false;
        }
        if (nestsTooDeep(caller)) {
            return false; // one more level would nest too deep on this stack: queued, it runs on a fresh one
        }
        Object callerRunner = caller == null ? null : caller.lendRunnerForInline();
        if (!claimTurnFrom(caller)) {
            if (caller != null) {
                caller.takeRunnerBack(callerRunner);
            }
            return false;
        }
        runInline(call, caller, callerRunner);
        return true;
    }

    /**
     * Takes this idle process's turn for a call from {@code caller}: as a hand-over (see {@link #delivering}), so
     * a killed caller's call is not run after its DOWN; false then, and the queued path refuses it.
     */
    private boolean claimTurnFrom(Turn caller) {
        if (caller == null) {
            return STATUS.compareAndSet(this, IDLE, BUSY);
        }
        if (!caller.tryBeginDelivery()) {
            return false;
        }
        try {
            return STATUS.compareAndSet(this, IDLE, BUSY);
        } finally {
            caller.endDelivery();
        }
    }

    // Its name is what raisedInline looks for in a failure's stack trace.
    private void runInline(PendingCall call, Turn caller, Object callerRunner) {
        // The caller's interrupt is the caller's: the handler must not see it, whichever thread runs it.
        boolean callerInterrupted = Thread.interrupted();
        onForeignThread = caller == null || caller.onForeignThread;
        CURRENT.set(self());
        owner = Thread.currentThread();
        self().lentBy = (ProcessCell) caller; // null, or a cell: waiting for this handler, it yields if it parks
        call.handledInline = true;
        inlineDepth = depthAbove(caller);
        try {
            handle(call);
        } finally {
            inlineDepth = 0;
            call.handledInline = false;
            self().lentBy = null;
            owner = null;
            CURRENT.set((ProcessCell) caller); // null, or a cell: the one subclass
            if (caller != null) {
                caller.takeRunnerBack(callerRunner);
            }
        }
        boolean interrupted = callerInterrupted | interruptHeld;
        interruptHeld = false;
        onForeignThread = false;
        if (status == DEAD) {
            reap();
        } else {
            release();
        }
        if (interrupted) {
            if (caller == null) {
                Thread.currentThread().interrupt();
            } else {
                caller.interruptHeld = true; // still inside the caller's callback: hold it until that returns
            }
        }
    }

    /** Whether one more handler run inline above {@code caller}'s (null: outside any process) would nest too deep. */
    static boolean nestsTooDeep(Turn caller) {
        return caller != null && caller.inlineDepth >= MAX_INLINE_DEPTH;
    }

    /** The depth of a handler run inline above {@code caller}'s: 1 for one from outside any process. */
    static int depthAbove(Turn caller) {
        return caller == null ? 1 : caller.inlineDepth + 1;
    }

    /**
     * Whether {@code failure} was raised by code that {@link #runInline} ran: on a thread running a handler for its
     * caller, not on another thread whose failure was handed over. A failure without a stack trace (the JVM may be
     * told to record none) counts as raised there.
     */
    static boolean raisedInline(Throwable failure) {
        StackTraceElement[] frames = failure.getStackTrace();
        if (frames.length == 0) {
            return true;
        }
        for (StackTraceElement frame : frames) {
            if (frame.getClassName().equals(Turn.class.getName()) && frame.getMethodName().equals("runInline")) {
                return true;
            }
        }
        return false;
    }

    /**
     * When another caller holds the turn, it usually gives it back within a microsecond: waiting that long is
     * far cheaper than queueing and waking a drainer. So a caller that found the process busy yields and checks
     * the turn a bounded number of times, and takes it if the process becomes idle with an empty mailbox. The
     * moment anything is queued it stops and queues behind it, so per-sender order holds.
     */
    final boolean awaitTurnThenRunInline(PendingCall call, Turn caller) {
        if (repliesEarly) {
            return false; // never run inline: waiting for the turn would only delay queueing and hurry its drainer
        }
        if (caller == this || owner == Thread.currentThread()) {
            return false; // calling itself: the queued path reports it
        }
        if (nestsTooDeep(caller)) {
            return false; // it could not take the turn however long it waited: queued at once
        }
        if (!turnWanted) {
            turnWanted = true;
        }
        for (int attempt = 0; attempt < TURN_YIELDS; attempt++) {
            Thread.yield(); // let the owner run (it may be waiting for this very core) rather than queue
            int current = status;
            if (current == DEAD || current == SUSPENDED || !mailboxEmpty()) {
                return false;
            }
            if (current == IDLE && tryRunInline(call, caller)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A drainer that has been handling a stream of messages watches an empty mailbox for a few microseconds
     * before giving up its turn: ending and restarting a drainer (a virtual thread to schedule, a carrier to
     * wake) costs more than that, and a sender in full flow refills the mailbox sooner. A process that gets the
     * odd message never spins.
     */
    private boolean awaitMore() {
        for (int spin = 0; spin < DRY_SPINS; spin++) {
            Thread.onSpinWait();
            if (turnWanted) {
                turnWanted = false;
                return false; // a caller is waiting to run its call itself: give it the turn instead
            }
            if (!mailboxEmpty() || status == DEAD) {
                return true;
            }
        }
        return false;
    }

    /**
     * Keeps a kill of this process from interrupting another process's handler that this process's drainer is
     * about to run inline. Claiming the drainer thread is one compare-and-set, so a killer either claims it first
     * (and this process, being dead, may not call anyone: its handler is a zombie) or finds it lent and leaves
     * the interrupt to {@link #takeRunnerBack}.
     */
    private Object lendRunnerForInline() {
        Object thread = lendRunner();
        if (thread == null && status == DEAD) {
            throw exited();
        }
        return thread;
    }

    /**
     * Marks this process's drainer, if this thread is it, as lent to another process's code about to run on it (a
     * call run inline, a started process's {@code init}): a kill of this process then owes the thread its interrupt
     * until {@link #takeRunnerBack}, rather than interrupt the other's code. Null if there is nothing to lend.
     */
    final Object lendRunner() {
        Object thread = runner;
        return thread instanceof Thread && RUNNER.compareAndSet(this, thread, LENT) ? thread : null;
    }

    /** Takes back what {@link #lendRunner} lent, and delivers an interrupt owed meanwhile. */
    final void takeRunnerBack(Object thread) {
        if (thread == null) {
            return;
        }
        if (!RUNNER.compareAndSet(this, LENT, thread)) {
            // Killed meanwhile by another thread, which found the drainer lent: deliver the interrupt it held back.
            // A kill from this very thread (the inline handler ending its caller) owes none: its wakeOwner
            // returned at once, and an interrupt here would outlive the handler, on a thread that may be a sender's.
            // The claim is used up: the drain, seeing the thread no longer its runner, clears the interrupt once
            // the zombie's handler has returned, so that a synchronous executor's sender is not left with it.
            RUNNER.compareAndSet(this, OWED, null);
            Thread.currentThread().interrupt();
        }
    }

    /** The drainer: handles messages until the mailbox is empty, yielding every {@code throughput} messages. */
    private void drain() {
        Thread self = Thread.currentThread();
        runner = self;
        owner = self;
        ProcessCell enclosing = CURRENT.get(); // a process whose send ran this drain, under a synchronous executor
        CURRENT.set(self());
        int budget = options().throughput();
        int handled = 0;
        try {
            while (true) {
                if (status == DEAD) {
                    reap();
                    if (runner != self) {
                        // A killer claimed this thread to interrupt the handler, which has returned; under a
                        // synchronous executor the thread is a sender's, which must not be left interrupted.
                        Thread.interrupted();
                    }
                    return;
                }
                if (hasContinuation()) {
                    runContinuation();
                    continue;
                }
                yieldZeroTimers(); // back at the mailbox: what its callbacks sent is queued ahead of them
                Envelope envelope = nextMessage();
                if (envelope == null && handled >= STREAM && awaitMore()) {
                    continue;
                }
                if (envelope == null) {
                    if (!RUNNER.compareAndSet(this, self, null)) {
                        Thread.interrupted(); // a killer claimed this thread; the loop reaps below
                    }
                    // Let go of the turn only after clearing what marks this thread as its owner: a caller may take
                    // the turn the moment it is IDLE, and must not find its own mark wiped.
                    owner = null;
                    int resting = restingStatus();
                    if (!STATUS.compareAndSet(this, BUSY, resting)) {
                        reap();
                        return;
                    }
                    if (mailboxEmpty() || !STATUS.compareAndSet(this, resting, BUSY)) {
                        return;
                    }
                    runner = self;
                    owner = self;
                    continue;
                }
                handle(envelope);
                handled++;
                if (--budget == 0) {
                    budget = options().throughput();
                    Thread.yield();
                }
            }
        } finally {
            CURRENT.set(enclosing);
        }
    }

    /**
     * The owner ends the process: claims the exit and announces it. False if a killer claimed it first (the
     * announcement is then the killer's). The owner reaps afterwards, once its callback has returned.
     */
    final boolean die(ExitReason reason) {
        if (!EXIT_REASON.compareAndSet(this, null, reason)) {
            return false;
        }
        self().exitClaimed();
        status = DEAD; // the owner holds the turn, and the exit is claimed: no one else writes the status now
        ExitCascade.announce(() -> announce(reason), () -> failCallers(reason));
        return true;
    }

    /**
     * What a runtime wait (a call's reply, a stop) does when the thread running a callback is interrupted or
     * woken: if this process was killed the callback is a zombie and the wait fails with the exit; otherwise the
     * interrupt is a caller's, held back until the callback returns, and the wait goes on.
     *
     * @throws ProcessExitException if this process has exited
     */
    final void holdInterruptOrExit(boolean interrupted) {
        if (status == DEAD) {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            throw exited();
        }
        if (interrupted) {
            interruptHeld = true;
        }
    }
}
