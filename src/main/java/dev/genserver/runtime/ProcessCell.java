package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * One process: its identity, its state and the server's semantics, on top of {@link Turn} (the protocol that
 * lets one thread at a time own it and ends it once) and the mailbox below that. This class says what each
 * message means to the server (call, cast, info, stop, system request, idle check), what each callback's result
 * does, and what an exit announces; the turn says who may run it.
 *
 * <h2>Exits</h2>
 * The exit's claimer {@linkplain #announce announces} it at once, on its own thread (after the exit it is
 * announcing, if the exit came from that one through a link: {@link ExitCascade}): the name is freed, the process
 * leaves the table, monitors and links are told, then deferred and waiting callers fail. What belongs to the
 * owner (the state, the mailbox's consumer side) is {@linkplain #reap reaped} by whoever holds the turn. So a kill
 * never waits for a handler: a handler still running after it is a zombie whose result is discarded, whose state
 * is never written back, and whose further calls fail. A callback that fails only because the caller it runs for
 * was interrupted is not a crash ({@link #crashed}).
 *
 * <h2>Suspension</h2>
 * A suspended process ({@code :sys.suspend}) handles system messages only (see {@link Suspension}). Nobody
 * holding its turn, it rests in {@code SUSPENDED} instead of {@code IDLE}, and that is the whole of the guard on
 * the hot paths, which already read the status:
 * <ul>
 *   <li>a cast or call moves only an {@code IDLE} process to {@code BUSY}: to a {@code SUSPENDED} one it is
 *       queued and wakes nobody, and a call waits for its reply (and times out) like any queued call;</li>
 *   <li>a system message (a sys request, a stop) moves a {@code SUSPENDED} process to {@code BUSY} too, and the
 *       drainer it starts handles it, keeping aside the ordinary messages in front of it;</li>
 *   <li>a kill of a {@code SUSPENDED} process finds nobody holding the turn and reaps it, as for {@code IDLE}.</li>
 * </ul>
 * No caller runs a handler inline while the process is suspended, because {@code IDLE} means "not suspended":
 * only a drainer handles a suspend (sys requests are always queued, never run inline), and a drainer gives the
 * turn back as {@code SUSPENDED} ({@link #restingStatus}) while {@link #suspension} is set. An inline caller took
 * the turn from {@code IDLE}, so before any suspend, and handles only its own call, so {@link #release()} after it
 * never finds the process suspended.
 *
 * <h2>The mailbox</h2>
 * Inherited from {@link Mailbox}: a bounded intrusive multi-producer single-consumer queue whose consumer is the
 * turn's owner.
 */
final class ProcessCell extends Turn implements Pid {

    private static final System.Logger LOG = System.getLogger(ProcessCell.class.getName());
    private static final Object NO_CONTINUE = new Object();
    private static final VarHandle CALLS;
    private static final VarHandle CASTS;
    private static final VarHandle INFOS;
    private static final VarHandle OTHERS;
    private static final VarHandle HANDLING;
    private static final VarHandle START;
    private static final int STARTING = 0;
    private static final int STARTED = 1;
    private static final int START_FAILED = 2;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CALLS = lookup.findVarHandle(ProcessCell.class, "calls", long.class);
            CASTS = lookup.findVarHandle(ProcessCell.class, "casts", long.class);
            INFOS = lookup.findVarHandle(ProcessCell.class, "infos", long.class);
            OTHERS = lookup.findVarHandle(ProcessCell.class, "others", long.class);
            HANDLING = lookup.findVarHandle(ProcessCell.class, "handling", Envelope.class);
            START = lookup.findVarHandle(ProcessCell.class, "start", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ProcessRuntime runtime;
    private final long id;
    private final GenServer<Object> server;
    private final Name name;
    private final String service;
    /** Whether the slow-handler watch reports this process ({@link StartOptions#slowHandlerWatch()}). */
    final boolean slowHandlerWatch;
    final long startedAtMillis;
    final int restarts;
    /** {@code process_flag(trap_exit, …)}: set by the owner, read by whoever delivers an exit signal. */
    private volatile boolean trapExits;
    /** The process this one was started linked to (its supervisor), or null. */
    final ProcessCell parent;
    /**
     * The process whose exit signal ends this one as a parent's does when it traps exits: gen.erl's {@code do_spawn}
     * makes the parent the linked start's linker, the monitored start's starter (no link, but still its parent),
     * and a process started neither way its own ({@code self}).
     */
    private final ProcessCell exitParent;
    /** Whether its exit signalled {@link #parent}, still linked to it then; set before {@link #exitDone}. */
    private volatile boolean exitSignalledParent;
    /**
     * Whether its start is reported yet: claimed once, by the starter ({@link #claimStarted}) or by an exit while
     * it is starting, whose failure the starter then reports instead of an {@link Exit} to the parent.
     */
    @SuppressWarnings("unused")
    private volatile int start = STARTING;

    private Object state;
    private Object pendingContinue = NO_CONTINUE;
    /*
     * Messages handled, by kind (others: stops, system requests, idle checks, continues). Written by the owner
     * only, read racily by introspection and metrics: plain increments, no atomic read-modify-write.
     */
    @SuppressWarnings("unused")
    private long calls;
    @SuppressWarnings("unused")
    private long casts;
    @SuppressWarnings("unused")
    private long infos;
    @SuppressWarnings("unused")
    private long others;
    /**
     * The message whose callback runs now, or null: what the slow-handler watch reports, and the call a killer
     * fails so that its caller hears of the kill at once.
     */
    @SuppressWarnings("unused")
    private Envelope handling;

    /** Null until a callback returns a timeout; owner only. */
    private IdleTimer idle;
    /** Null unless suspended or catching up after a resume; owner only, read racily by introspection. */
    private Suspension suspension;

    /** Calls answered with noreply and perhaps not yet answered through their {@code from}; guarded by this. */
    private List<PendingCall> deferred;
    /** Timers sent to this pid that have not fired: cancelled when it exits. Guarded by this. */
    private List<TimerRef> timers;
    /**
     * Zero timers this process's callbacks started and hold until it yields ({@link #holdUntilYield}); mutated
     * under the cell's lock (an init given up by its starter may still run on its own thread), read racily by the
     * owner to skip the lock when there are none.
     */
    private volatile List<ZeroTimer> heldZeroTimers;
    /**
     * The process whose thread this one's callback runs on while that process waits for it (a call run inline, an
     * init run on its starter's thread), or null: when this callback parks, that one waits too. Owner only.
     */
    ProcessCell lentBy;
    private int deferredPruneAt = 16;

    /** {@code starter}: the process that started this one monitored, or null. */
    @SuppressWarnings("unchecked")
    ProcessCell(ProcessRuntime runtime, long id, GenServer<?> server, StartOptions options, ProcessCell parent,
                ProcessCell starter, int restarts, int defaultCapacity) {
        super(options.mailboxCapacity() == 0 ? defaultCapacity : options.mailboxCapacity());
        this.runtime = runtime;
        this.id = id;
        this.server = (GenServer<Object>) server;
        this.name = options.name().orElse(null);
        this.service = options.service().isEmpty() ? label(server.getClass()) : options.service();
        this.slowHandlerWatch = options.slowHandlerWatch();
        this.repliesEarly = options.earlyReplies();
        this.startedAtMillis = runtime.options().clock().millis();
        this.restarts = restarts;
        this.trapExits = options.trapExits();
        this.parent = parent;
        this.exitParent = parent != null ? parent : starter != null ? starter : this;
    }

    // ---------------------------------------------------------------- Pid

    @Override
    public long id() {
        return id;
    }

    @Override
    public Optional<Name> name() {
        return Optional.ofNullable(name);
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public boolean isAlive() {
        return status != DEAD;
    }

    @Override
    public <R> R call(Call<R> request) {
        return call(request, runtime.options().defaultCallTimeout());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> R call(Call<R> request, Duration timeout) {
        ProcessCell caller = refuseZombie();
        Objects.requireNonNull(request, "request"); // here: a null reaching the handler would crash its process
        long timeoutNanos = Timeouts.checkWait(timeout).toNanos();
        boolean sampled = Sampling.hit();
        // The coarse clock suffices to notice a handler outrunning a long timeout on this thread; see CoarseClock.
        boolean precise = sampled || timeoutNanos < CoarseClock.PRECISE_BELOW_NANOS;
        long start = precise ? System.nanoTime() : CoarseClock.nanoTime();
        // The timeout counts on the runtime's clock (Deadline): the one above, unless a test's manual one.
        boolean systemClock = runtime.systemClock;
        long began = systemClock ? start : runtime.options().timers().nanoTime();
        PendingCall call = new PendingCall(Envelope.CALL, request, this, null);
        try {
            Object result;
            if (tryRunInline(call, caller) || awaitTurnThenRunInline(call, caller)) {
                if (call.isDone()) {
                    long end = precise ? System.nanoTime() : CoarseClock.nanoTime();
                    long answered = call.answeredInlineAt(); // a From reply before the handler returned, or none
                    if (answered == PendingCall.NOT_ANSWERED_INLINE) {
                        answered = systemClock ? end : runtime.options().timers().nanoTime();
                    }
                    if (answered - began > timeoutNanos) {
                        // the answer came after the timeout: the caller had given up, whatever came of it
                        throw new CallTimeoutException(this, timeout);
                    }
                    result = call.result();
                    if (sampled) {
                        runtime.options().listener().callCompleted(this, end - start);
                    }
                    return (R) result;
                }
                // the handler deferred its reply; if it ended the caller here, no killer is left to wake the wait
                endIfExited(caller);
                result = call.await(began + timeoutNanos, timeout);
            } else {
                if (!precise) {
                    start = System.nanoTime(); // this call waits for a hand-off anyway: the real clock is cheap
                    if (systemClock) {
                        began = start;
                    }
                }
                if (sampled) {
                    call.queuedAt = start;
                }
                enqueueCall(call, caller);
                result = call.await(began + timeoutNanos, timeout);
            }
            if (sampled) {
                runtime.options().listener().callCompleted(this, System.nanoTime() - start);
            }
            return (R) result;
        } catch (CallTimeoutException timedOut) {
            runtime.options().listener().callTimedOut(this);
            throw timedOut;
        } finally {
            endIfExited(caller); // a linked server it ran on this thread exited, and took the caller with it
        }
    }

    @Override
    public <R> CompletableFuture<R> callAsync(Call<R> request, Duration timeout) {
        return queueCall(request, Timeouts.checkWait(timeout));
    }

    @Override
    public <R> Request<R> sendRequest(Call<R> request) {
        long sentAt = Sampling.hit() ? System.nanoTime() : Request.UNTIMED; // before it is queued, as a call's
        return new Request<>(this, queueCall(request, null), sentAt); // which times its own round trips
    }

    /**
     * Queues {@code request}; its future fails with a timeout after {@code timeout}, or never if that is null (a
     * {@link Request}, whose waits time out instead, and which times the round trips its waiters see).
     */
    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<R> queueCall(Call<R> request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        CompletableFuture<Object> future = new CompletableFuture<>();
        PendingCall call = new PendingCall(Envelope.CALL, request, this, future);
        ProcessCell caller = CURRENT.get();
        try {
            refuseZombie();
            // Always queued, never run on this thread: the caller asked not to be held while the handler runs.
            if (timeout != null) {
                call.timeoutTimer = runtime.options().timers().schedule(() -> {
                    if (call.abandon()) {
                        runtime.options().listener().callTimedOut(this);
                        future.completeExceptionally(new CallTimeoutException(this, timeout));
                    }
                }, timeout);
            }
            if (Sampling.hit()) {
                long start = System.nanoTime();
                call.queuedAt = start;
                if (timeout != null) {
                    future.thenRun(() -> runtime.options().listener().callCompleted(this, System.nanoTime() - start));
                }
            }
            pushCall(call, caller); // to itself too: nothing waits here, so OTP's send_request has no calling_self
        } catch (GenServerException e) {
            call.failWith(e);
        }
        try {
            endIfExited(caller); // a synchronous executor ran the callee here, and its exit ended the caller
        } catch (ProcessExitException own) {
            return CompletableFuture.failedFuture(own); // whatever the call came to: the caller is gone
        }
        return (CompletableFuture<R>) future;
    }

    @Override
    public void cast(Object message) {
        ProcessCell sender = refuseZombie();
        Objects.requireNonNull(message, "message");
        if (status == DEAD) {
            throw new NoProcessException(toString());
        }
        enqueue(envelope(Envelope.CAST, message), true, sender);
        endIfExited(sender); // a synchronous executor may have run this process here, and its exit ended the sender
    }

    @Override
    public void send(Object message) {
        ProcessCell sender = refuseZombie();
        Objects.requireNonNull(message, "message");
        if (status != DEAD) {
            enqueue(envelope(Envelope.INFO, message), true, sender);
            endIfExited(sender); // as for a cast
        }
    }

    /**
     * One message in {@link Sampling#EVERY}, drawn at random, carries the time it was queued, for the mailbox-wait
     * metric. Not by the mailbox's count, which would time every process's first message: the many short-lived
     * processes of a keyed service would fill the histogram with first messages.
     */
    private Envelope envelope(int kind, Object message) {
        return Sampling.hit()
                ? new TimedEnvelope(kind, message, System.nanoTime())
                : new Envelope(kind, message);
    }

    /** Delivers a message the runtime generated (a timer, a DOWN, an EXIT): never refused by the bound. */
    void sendSystem(Object message) {
        sendSystem(message, null);
    }

    /** As above, sent by process {@code sender}'s own code (an exit signal of {@code Self.exit}), as a hand-over. */
    private void sendSystem(Object message, ProcessCell sender) {
        if (status != DEAD) {
            enqueue(new Envelope(Envelope.INFO, message), false, sender);
        }
    }

    /** Queues a stop behind the messages already waiting; the returned call completes once the process is gone. */
    PendingCall requestStop(ExitReason reason) {
        PendingCall stop = queueStop(reason, null);
        if (status == DEAD) {
            // It exited while this stop was being queued, and its exit may not have seen the stop. Answer once the
            // exit is complete, so that the stopper never returns while names, links and monitors are still
            // being released.
            awaitExitDone();
            answerAfterExit(stop, exitReason);
        }
        return stop;
    }

    /**
     * Queues a stop without waiting for anything: safe from inside another process's exit. {@code sender}: the
     * process whose own exit signal (a parent's) the stop is, as a hand-over (see {@link #enqueue}), else null.
     */
    private PendingCall queueStop(ExitReason reason, ProcessCell sender) {
        PendingCall stop = new PendingCall(Envelope.STOP, reason, this, null);
        if (status != DEAD) {
            enqueueSystem(stop, sender);
        }
        return stop;
    }

    /** Whether this thread runs a handler of this process, here or further up its stack: a wait for it never ends. */
    boolean runsUpThisThread() {
        return CURRENT.get() == this || owner == Thread.currentThread();
    }

    /**
     * Has the process handle {@code request} after the messages already queued, and waits for its answer. From
     * inside the process itself it would wait out the timeout: OTP raises {@code calling_self}, so does this.
     */
    Object system(SystemRequest request, Duration timeout) {
        ProcessCell caller = refuseZombie();
        timeout = Timeouts.checkWait(timeout);
        if (runsUpThisThread()) {
            throw new CallingSelfException(this, caller);
        }
        if (status == DEAD) {
            throw new NoProcessException(toString());
        }
        long deadline = runtime.options().timers().nanoTime() + timeout.toNanos();
        PendingCall call = new PendingCall(Envelope.SYSTEM, request, this, null);
        try {
            enqueueSystem(call, caller);
            failIfDead(call);
            return call.await(deadline, timeout);
        } finally {
            endIfExited(caller); // as after a call
        }
    }

    @Override
    public String toString() {
        return name == null ? "#PID<0." + id + ".0>" : "#PID<0." + id + ".0 " + name + ">";
    }

    // ---------------------------------------------------------------- introspection (racy reads)

    long processed() {
        return calls() + casts() + infos() + others();
    }

    long calls() {
        return (long) CALLS.getOpaque(this);
    }

    long casts() {
        return (long) CASTS.getOpaque(this);
    }

    long infos() {
        return (long) INFOS.getOpaque(this);
    }

    long others() {
        return (long) OTHERS.getOpaque(this);
    }

    /** The message being handled right now, or null if none is (racy: for the slow-handler watch). */
    Object handling() {
        Envelope envelope = (Envelope) HANDLING.getOpaque(this);
        if (envelope == null) {
            return null;
        }
        Object message = envelope.message;
        return message == null ? envelope : message;
    }

    boolean isRunning() {
        return status == BUSY;
    }

    /**
     * Refuses what a zombie asks of the runtime: a handler still running after its process was killed achieves
     * nothing more (no message, timer, call, request, start, stop, kill, exit signal or sys request), as a killed
     * Erlang process runs no more code: nothing it sends can follow its DOWN. A message is checked once more as it
     * is handed over ({@link #beginDelivery}), since a kill may come after this check. Returns the calling process,
     * or null outside one.
     *
     * @throws ProcessExitException with the kill's reason, if the calling process has exited
     */
    static ProcessCell refuseZombie() {
        ProcessCell caller = CURRENT.get();
        if (caller != null && caller.status == DEAD) {
            throw caller.exited();
        }
        return caller;
    }

    /**
     * Ends a callback whose process exited under what it just asked of the runtime on this thread: an exit signal
     * to itself, or a linked process's, which the call, kill, exit signal or start it made ended on this thread.
     * Erlang's exit signal ends such a process before the call returns; here the callback gets its own exit (not
     * the other process's failure, nor a normal return) and its drainer is interrupted, as a kill from another
     * thread interrupts it.
     *
     * @throws ProcessExitException with the exit's reason, if {@code caller} has exited
     */
    static void endIfExited(ProcessCell caller) {
        if (caller != null && caller.status == DEAD) {
            caller.interruptOwnDrainer();
            throw caller.exited();
        }
    }

    boolean trapsExits() {
        return trapExits;
    }

    /** {@code process_flag(trap_exit, flag)}: returns the previous value. */
    boolean trapExits(boolean flag) {
        boolean previous = trapExits;
        trapExits = flag;
        return previous;
    }

    /** Racy: a suspend or resume being handled right now may not show yet. */
    boolean isSuspended() {
        Suspension held = suspension;
        return held != null && held.suspended;
    }

    /**
     * This process's exit is claimed, and it is about to be marked dead: its parent, if a dynamic supervisor, counts
     * it before anyone can find it gone (see {@link DynamicSupervisorServer#childExitClaimed}).
     */
    void exitClaimed() {
        if (parent != null && (Object) parent.server instanceof DynamicSupervisorServer supervisor) {
            supervisor.childExitClaimed();
        }
    }

    /** Whether {@code pid} is a process of this runtime's kind running a server of {@code type}. */
    static boolean runs(Pid pid, Class<?> type) {
        return pid instanceof ProcessCell cell && type.isInstance(cell.server);
    }

    /** The server object, for what a supervisor publishes ({@link Published}); never its state. */
    GenServer<Object> server() {
        return server;
    }

    Name registeredName() {
        return name;
    }

    /** The exit a call to this dead process reports. */
    @Override
    ProcessExitException exited() {
        return new ProcessExitException(this, exitReason);
    }

    // ---------------------------------------------------------------- start

    /** Runs {@code init} on the starting thread; the cell is BUSY and unreachable by pid until this returns. */
    Init<Object> runInit() {
        ProcessCell previous = CURRENT.get();
        CURRENT.set(this);
        owner = Thread.currentThread();
        lentBy = previous;
        inlineDepth = depthAbove(previous); // nested on its starter's stack, as a call
        try {
            return server.init();
        } finally {
            inlineDepth = 0;
            lentBy = null;
            owner = null;
            CURRENT.set(previous);
            if (interruptHeld) {
                interruptHeld = false;
                Thread.currentThread().interrupt(); // the starter's, held back while init waited on the runtime
            }
        }
    }

    /** After a successful init: adopt the state and open the mailbox. */
    void started(Object initialState, Next next) {
        if (status == DEAD) {
            reap(); // killed through its name while init ran
            return;
        }
        state = initialState;
        applyNext(next);
        release();
    }

    /**
     * After a failed or ignored init: the starter is told by an exception; the processes it linked to (its parent,
     * those init linked itself to) get the exit signal as from any exit, as OTP's {@code init_it} exits.
     */
    void initFailed(ExitReason reason) {
        if (!EXIT_REASON.compareAndSet(this, null, reason)) {
            reap(); // killed through its name while init ran: the killer announces the exit, this waits for it
            return;
        }
        status = DEAD;
        awaitDelivery(); // a start that timed out: init may be handing a message over on its own thread
        startHeldZeroTimers(); // those init started to other processes still come
        // Counted from now, not when it runs: inside another exit's announcement on this thread it is queued, and
        // the starter has already taken it out of the table (close() waits for it, as for an exit's)
        runtime.tableChanges.begin();
        ExitCascade.announce(() -> {
            try {
                cancelTimers();
                releaseTies(reason);
            } finally {
                exitDone = true;
                runtime.tableChanges.end();
            }
        }, () -> failQueued(reason)); // after: a caller queued meanwhile may have a stage that waits for the exit
    }

    // ---------------------------------------------------------------- enqueue

    private void enqueueCall(PendingCall call, ProcessCell caller) {
        if (caller == this || owner == Thread.currentThread()) {
            throw new CallingSelfException(this, caller);
        }
        pushCall(call, caller);
    }

    /**
     * Queues {@code call} from {@code caller} (null outside a process); noproc if this process has exited, and a
     * failed call if it exits meanwhile.
     */
    private void pushCall(PendingCall call, ProcessCell caller) {
        if (status == DEAD) {
            throw new NoProcessException(toString());
        }
        enqueue(call, true, caller);
        failIfDead(call);
    }

    /**
     * Closes the race with an exit: a message pushed after the mailbox was drained fails here instead, unless the
     * process is handling it (marked before the exit's status is written, so seen with it): its handler answers it,
     * after the exit for a {@code {:stop, reason, reply, state}}, or the kill does.
     */
    private void failIfDead(PendingCall call) {
        if (status == DEAD && HANDLING.getOpaque(this) != call) {
            ExitReason reason = exitReason;
            call.failWith(reason == null ? new NoProcessException(toString()) : new ProcessExitException(this, reason));
        }
    }

    /** The drainer's next message while suspended or catching up after a resume; see {@link Suspension}. */
    private Envelope nextWhileSuspended() {
        Suspension held = suspension;
        Envelope envelope = held.next(this);
        if (held.isOver()) {
            suspension = null; // caught up: back to the plain path
        }
        return envelope;
    }

    // ---------------------------------------------------------------- the turn's hooks

    @Override
    RuntimeOptions options() {
        return runtime.options();
    }

    @Override
    boolean hasContinuation() {
        return pendingContinue != NO_CONTINUE;
    }

    @Override
    void runContinuation() {
        Object arg = pendingContinue;
        pendingContinue = NO_CONTINUE;
        runContinue(arg);
    }

    @Override
    Envelope nextMessage() {
        return suspension == null ? poll() : nextWhileSuspended();
    }

    @Override
    int restingStatus() {
        return suspension == null ? IDLE : SUSPENDED;
    }

    @Override
    void answerCallBeingHandled(ExitReason reason) {
        if (HANDLING.getOpaque(this) instanceof PendingCall current) {
            answerAfterExit(current, reason, true);
        }
    }

    // ---------------------------------------------------------------- handling one message (owner only)

    @Override
    void handle(Envelope envelope) {
        Object message = envelope.message;
        PendingCall call = envelope instanceof PendingCall pending ? pending : null;
        long queuedAt = call != null ? call.queuedAt : envelope instanceof TimedEnvelope timed ? timed.queuedAt : 0;
        if (queuedAt != 0) {
            runtime.options().listener().messageWaited(this, System.nanoTime() - queuedAt);
        }
        HANDLING.setOpaque(this, envelope);
        try {
            switch (envelope.kind) {
                case Envelope.CALL -> {
                    CALLS.setOpaque(this, (long) CALLS.getOpaque(this) + 1);
                    applyCall(server.handleCall((Call<?>) message, call, state), call);
                }
                case Envelope.CAST -> {
                    CASTS.setOpaque(this, (long) CASTS.getOpaque(this) + 1);
                    apply(BadReturnValue.check(server.handleCast(message, state), "handleCast"));
                }
                case Envelope.INFO -> {
                    INFOS.setOpaque(this, (long) INFOS.getOpaque(this) + 1);
                    // demonitor with flush: a DOWN queued before it is dropped here (see MonitorRef#flush).
                    if (!MonitorRef.isFlushedDown(message, this)) {
                        apply(BadReturnValue.check(server.handleInfo(message, state), "handleInfo"));
                    }
                }
                case Envelope.STOP -> {
                    OTHERS.setOpaque(this, (long) OTHERS.getOpaque(this) + 1);
                    terminateAndDie((ExitReason) message);
                    awaitExitDone();
                    answerAfterExit(call, exitReason, true);
                }
                case Envelope.SYSTEM -> {
                    OTHERS.setOpaque(this, (long) OTHERS.getOpaque(this) + 1);
                    handleSystem((SystemRequest) message, call);
                }
                case Envelope.IDLE_CHECK -> {
                    OTHERS.setOpaque(this, (long) OTHERS.getOpaque(this) + 1);
                    idleCheck(message);
                }
                default -> throw new IllegalStateException("unknown envelope kind " + envelope.kind);
            }
        } catch (Throwable failure) {
            crashed(failure, call);
        } finally {
            HANDLING.setOpaque(this, null);
            envelope.message = null;
        }
    }

    private void handleSystem(SystemRequest request, PendingCall call) {
        switch (request) {
            case SystemRequest.Read read -> call.answer(read.read().apply(server, state));
            case SystemRequest.Replace replace -> replaceState(replace.function(), call);
            case SystemRequest.Suspend suspend -> {
                // Suspending a suspended process changes nothing, as in OTP: suspends do not nest, one resume resumes.
                if (suspension == null) {
                    suspension = new Suspension();
                } else {
                    suspension.suspended = true;
                }
                call.answer(null);
            }
            case SystemRequest.Resume resume -> {
                resume();
                call.answer(null);
            }
        }
        if (idle != null) {
            // gen_server's system_continue loops again with a fresh `after Time`: every system message, a
            // sys:get_state too, restarts an idle timeout.
            idle.restart(runtime.options().timers().nanoTime());
        }
    }

    /**
     * {@code :sys.resume}; resuming a running process does nothing, as in OTP. An idle timeout counts again from
     * the resume: gen_server's loop starts its receive timeout afresh when the suspend loop returns to it.
     */
    private void resume() {
        Suspension held = suspension;
        if (held == null) {
            return;
        }
        held.suspended = false;
        if (held.isOver()) {
            suspension = null;
        }
        if (idle != null) {
            idle.restart(runtime.options().timers().nanoTime());
        }
    }

    /**
     * {@code :sys.replace_state}. A function that throws changes nothing: the process goes on with its state and
     * the caller hears {@link CallbackFailedException}, as OTP answers {@code {callback_failed, ...}}. Only an
     * error of the JVM itself is a crash. A zombie's function has no effect, as a zombie's handler has none.
     */
    private void replaceState(UnaryOperator<Object> function, PendingCall call) {
        Object replaced;
        try {
            replaced = function.apply(state);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            call.failWith(status == DEAD ? exited() : new CallbackFailedException(this, failure));
            return;
        }
        if (status == DEAD) {
            call.failWith(exited());
            return;
        }
        state = replaced;
        call.answer(replaced);
    }

    private void runContinue(Object arg) {
        OTHERS.setOpaque(this, (long) OTHERS.getOpaque(this) + 1);
        Envelope continuation = new Envelope(Envelope.INFO, arg == null ? Next.Continue.class : arg);
        HANDLING.setOpaque(this, continuation);
        try {
            apply(BadReturnValue.check(server.handleContinue(arg, state), "handleContinue"));
        } catch (Throwable failure) {
            crashed(failure, null);
        } finally {
            HANDLING.setOpaque(this, null);
        }
    }

    private void applyCall(CallResult<Object> result, PendingCall call) {
        if (status == DEAD) {
            call.failWith(exited()); // killed while the handler ran: its result is discarded
            return;
        }
        switch (BadReturnValue.check(result, "handleCall")) {
            case Reply<Object> reply -> {
                state = reply.state();
                if (!call.answerAs(this, reply.value())) {
                    call.failWith(exited()); // killed since the check above: the reply would follow its DOWN
                }
                applyNext(reply.next());
            }
            case StopReply<Object> stop -> {
                // OTP's order: terminate runs, then the caller gets its reply (gen_server's handle_msg); here also
                // once the process is gone, so the caller may start a successor under its name at once. The
                // sender's own look for an exit, right after it queued this call (failIfDead), leaves it to this.
                state = stop.state();
                if (terminateAndDie(stop.reason())) {
                    call.answer(stop.reply());
                } else {
                    call.failWith(exited());
                }
            }
            case Stop<Object> stop -> {
                apply(stop);
                call.failWith(exited()); // unless answered through from already
            }
            case Result<Object> other -> {
                apply(other);
                if (!call.isDone()) {
                    defer(call);
                }
            }
        }
    }

    /** Remembers a deferred call so that its caller hears of the exit if the process ends before answering. */
    private void defer(PendingCall call) {
        synchronized (this) {
            if (status != DEAD) {
                if (deferred == null) {
                    deferred = new ArrayList<>(2);
                } else if (deferred.size() >= deferredPruneAt) {
                    deferred.removeIf(PendingCall::isDone);
                    deferredPruneAt = Math.max(16, deferred.size() * 2);
                }
                deferred.add(call);
                return;
            }
        }
        call.failWith(exited());
    }

    /**
     * {@code Process.send_after(pid, ...)}: "the timer is automatically canceled if the process referred to by the
     * pid() is not alive, or if the process exits" (erlang's send_after/3), so it keeps neither this process nor
     * its message alive past the exit. The process remembers a timer until it fires or is cancelled, as
     * {@code cancel_timer/1} leaves nothing behind: a server that re-arms a timer per message keeps only the last.
     * Any delay from 0 is taken, as erlang's send_after has since OTP 18 (a receive's timeout is still bounded:
     * {@link Next#MAX_TIMEOUT}); one past about 146 years is cut to that, which no timer outlives anyway. The
     * message and the delay come checked ({@link Timeouts#checkWait}) by {@link ProcessRuntime#sendAfter}.
     */
    TimerRef sendAfter(TimerService service, Object message, Duration delay) {
        PendingTimer timer = new PendingTimer();
        timer.ref = service.schedule(() -> {
            forget(timer);
            sendSystem(message);
        }, delay);
        synchronized (this) {
            if (status != DEAD) {
                if (!timer.ended) {
                    if (timers == null) {
                        timers = new ArrayList<>(2);
                    }
                    timers.add(timer.ref);
                }
                return timer;
            }
        }
        timer.ref.cancel();
        return timer;
    }

    /**
     * Holds {@code timer}, a zero timer this process's callback just started, until the process yields
     * ({@link #yieldZeroTimers}), as erts fires it only between processes. A process that has exited by now (a
     * zombie's callback, an init given up) holds nothing: the timer starts at once.
     */
    TimerRef holdUntilYield(ZeroTimer timer) {
        synchronized (this) {
            if (status != DEAD) {
                List<ZeroTimer> held = heldZeroTimers;
                if (held == null) {
                    heldZeroTimers = held = new ArrayList<>(2);
                }
                held.add(timer);
                return timer;
            }
        }
        timer.start();
        return timer;
    }

    /**
     * The process yields (its callback returned to the mailbox, it waits for a reply, or it ended): the zero timers
     * its callbacks started go to the timer service, in the order they were started.
     */
    @Override
    void yieldZeroTimers() {
        if (heldZeroTimers != null) { // the owner's own look: only it adds them while the process lives
            startHeldZeroTimers();
        }
    }

    /**
     * This process's callback is about to wait: it yields, and so does every process whose callback waits for it
     * further down this thread ({@link #lentBy}), the outermost first, as it started its zero timers first.
     */
    void yieldWaiting() {
        ProcessCell outer = lentBy;
        if (outer != null) {
            outer.yieldWaiting();
        }
        yieldZeroTimers();
    }

    /**
     * Starts the held zero timers, taking them under the lock: at an exit, without {@link #yieldZeroTimers}'s
     * unlocked look first, since an init given up by its starter may still be holding one on its own thread, and
     * only the lock orders its look at the status against this one.
     */
    private void startHeldZeroTimers() {
        List<ZeroTimer> held;
        synchronized (this) {
            held = heldZeroTimers;
            heldZeroTimers = null;
        }
        if (held != null) {
            held.forEach(ZeroTimer::start);
        }
    }

    /** A class's simple name; an anonymous class, which has none, by its binary name without the package. */
    private static String label(Class<?> type) {
        String simple = type.getSimpleName();
        return simple.isEmpty() ? type.getName().substring(type.getName().lastIndexOf('.') + 1) : simple;
    }

    /** How many timers sent to this process have neither fired nor been cancelled. */
    synchronized int pendingTimers() {
        return timers == null ? 0 : timers.size();
    }

    /** The timer has fired or been cancelled: the process no longer needs to cancel it when it exits. */
    private synchronized void forget(PendingTimer timer) {
        timer.ended = true;
        if (timers != null && timer.ref != null) {
            timers.remove(timer.ref);
        }
    }

    /**
     * A timer of this process, as handed out: a cancel forgets it here. {@code ended}: whether it fired or was
     * cancelled before it could be remembered. Both fields guarded by the cell.
     */
    private final class PendingTimer implements TimerRef {
        volatile TimerRef ref; // set once, by the starting thread; the timer's own task may see it not yet set
        boolean ended;

        @Override
        public Optional<Duration> timeLeft() {
            return ref.timeLeft();
        }

        @Override
        public Optional<Duration> cancel() {
            Optional<Duration> left = ref.cancel();
            forget(this);
            return left;
        }
    }

    private void cancelTimers() {
        List<TimerRef> pending;
        synchronized (this) {
            pending = timers;
            timers = null;
        }
        if (pending != null) {
            pending.forEach(TimerRef::cancel);
        }
    }

    private void failDeferred(ExitReason reason) {
        List<PendingCall> calls;
        synchronized (this) {
            calls = deferred;
            deferred = null;
        }
        if (calls != null) {
            for (PendingCall call : calls) {
                call.failWith(new ProcessExitException(this, reason)); // dropped if already answered
            }
        }
    }

    private void apply(Result<Object> result) {
        if (status == DEAD) {
            return; // killed while the callback ran: its state is never written back
        }
        switch (result) {
            case NoReply<Object> noReply -> {
                state = noReply.state();
                applyNext(noReply.next());
            }
            case Stop<Object> stop -> {
                state = stop.state();
                terminateAndDie(stop.reason());
            }
        }
    }

    private void applyNext(Next next) {
        switch (next) {
            case Next.Flag flag -> {
                if (idle != null) {
                    idle.disarm();
                }
            }
            case Next.Timeout timeout -> armIdleTimeout(timeout.after());
            case Next.Continue continuation -> {
                if (idle != null) {
                    idle.disarm();
                }
                pendingContinue = continuation.arg();
            }
        }
    }

    // ---------------------------------------------------------------- idle timeouts

    /** See {@link IdleTimer}: the timeout counts from this return, as in OTP, however long the previous one was. */
    private void armIdleTimeout(Duration after) {
        TimerService timers = runtime.options().timers();
        if (idle == null) {
            idle = new IdleTimer();
        }
        long now = timers.nanoTime();
        Object token = idle.arm(now, after);
        if (token == null) {
            return;
        }
        if (after.isZero()) {
            // OTP's `after 0`: the timeout comes as soon as the mailbox is found empty. So its check goes into the
            // mailbox now, behind only what is already queued; waiting for the timer thread would let a message
            // sent meanwhile come first.
            requestIdleCheck(token);
        } else {
            timers.scheduleAt(() -> requestIdleCheck(token), now + after.toNanos());
        }
    }

    private void requestIdleCheck(Object token) {
        if (status != DEAD) {
            enqueueIdleCheck(new Envelope(Envelope.IDLE_CHECK, token));
        }
    }

    private void idleCheck(Object token) {
        if (idle == null) {
            return;
        }
        TimerService timers = runtime.options().timers();
        long now = timers.nanoTime();
        Suspension held = suspension;
        boolean messagesWaiting = !mailboxEmpty() || held != null && !held.isOver();
        long left = idle.check(token, now, messagesWaiting);
        if (left == 0) {
            apply(BadReturnValue.check(server.handleInfo(IdleTimeout.INSTANCE, state), "handleInfo"));
        } else if (left == IdleTimer.BEHIND_WAITING) {
            requestIdleCheck(idle.rearm(now, 0)); // into the mailbox behind the messages that came first
        } else if (left > 0) {
            Object next = idle.rearm(now, left);
            timers.scheduleAt(() -> requestIdleCheck(next), now + left);
        }
    }

    // ---------------------------------------------------------------- exits

    /**
     * A callback threw. Normally the process crashes. Two cases are not crashes: the process was killed while the
     * callback ran (the exit is announced already; the zombie's failure means nothing), and a callback running
     * on a caller's thread that failed because that caller was interrupted (cancelled, timed out by a servlet
     * container): the caller gave up, the server goes on with the state it had before this message, and the
     * caller hears {@link CallInterruptedException}.
     */
    private void crashed(Throwable failure, PendingCall call) {
        if (status == DEAD) {
            if (call != null) {
                call.failWith(exited());
            }
            return;
        }
        if (onForeignThread && byInterrupt(failure)) {
            LOG.log(Level.WARNING, "a callback of " + this + " (" + service + ") running on its caller's thread "
                    + "failed because that caller was interrupted; the message is dropped, the state kept", failure);
            interruptHeld = true;
            Thread.interrupted();
            if (call != null) {
                call.failWith(new CallInterruptedException(this));
            }
            return;
        }
        ExitReason reason = ExitReason.thrownBy(failure);
        if (reason.isAbnormal()) {
            runtime.crashReports.report(service, "process " + this + " (" + service + ") crashed", failure);
        }
        terminateAndDie(reason);
        if (call != null) {
            // As the caller's monitor in OTP: told once terminate has run and the process is gone, with the reason
            // it exited with (terminate's own failure, or a kill that came first).
            call.failWith(exited());
        }
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    private static boolean byInterrupt(Throwable failure) {
        return Thread.currentThread().isInterrupted() || causedByInterrupt(failure);
    }

    /**
     * Whether {@code failure} is an interrupt's, by its causes alone (not by the thread's flag): an interrupt raised on
     * this thread while it ran a callback inline, which only its caller can have sent. One raised on another thread
     * and handed over as a cause (a worker's, through {@code Future.get}'s {@code ExecutionException}) is not the
     * caller's: the failure is a crash, as it is on a drainer.
     */
    private static boolean causedByInterrupt(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if ((cause instanceof InterruptedException || cause instanceof ClosedByInterruptException
                    || cause instanceof CallInterruptedException) && Turn.raisedInline(cause)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /**
     * Runs {@code terminate} unless the process was killed, then ends it; true if this was the exit that won. A
     * {@code terminate} that throws makes its failure the exit reason, as gen_server's {@code terminate/10}
     * re-raises it: a transient child is then restarted, and a stopper hears of it.
     */
    private boolean terminateAndDie(ExitReason reason) {
        if (status != DEAD) {
            if (reason.isAbnormal() && reason.cause() == null) {
                // gen_server's error_info for every reason but normal and shutdown; a crash was logged with its trace
                LOG.log(Level.ERROR, "process " + this + " (" + service + ") is stopping: " + reason);
            }
            try {
                server.terminate(reason, state);
            } catch (Throwable failure) {
                if (onForeignThread && causedByInterrupt(failure)) {
                    // The caller's interrupt, not the process's doing (in OTP nothing of the caller reaches
                    // terminate): it keeps the reason it chose, and the caller gets its interrupt back.
                    LOG.log(Level.WARNING, "terminate of " + this + " (" + service + ") on its caller's thread was "
                            + "cut short because that caller was interrupted; it exits with " + reason, failure);
                    interruptHeld = true;
                    Thread.interrupted();
                } else if (status != DEAD) { // else terminate ended the process itself (an exit signal to itself)
                    // gen_server reports any failure of terminate, {shutdown, _} too, unlike a handler's reason
                    LOG.log(Level.ERROR, "terminate of " + this + " (" + service + ") failed", failure);
                    reason = ExitReason.thrownBy(failure);
                }
            }
        }
        return die(reason);
    }

    /**
     * What the world sees of an exit, done at once by whoever claimed it: the name is released first (so a
     * supervisor may re-register it at once), then monitors and links hear of it, then the exit is done, even if
     * telling the ties throws. Never waits for anything. Its callers fail afterwards ({@link #failCallers}), once
     * every exit it sets off is done too: a failed call may run its caller's completion stages on this thread,
     * which may wait for any of them ({@link ExitCascade}).
     */
    @Override
    void announce(ExitReason reason) {
        runtime.tableChanges.begin(); // before it leaves the table: close() waits for the rest
        try {
            runtime.unregister(this);
            runtime.retire(this);
            cancelTimers();
            releaseTies(reason);
            announcer = Thread.currentThread(); // only now: a wait from the listener has nothing left to wait for
            runtime.options().listener().processExited(this, reason);
        } finally {
            exitDone = true;
            announcer = null;
            runtime.tableChanges.end();
        }
    }

    @Override
    void failCallers(ExitReason reason) {
        failDeferred(reason);
        answerKeptAside(reason);
        answerWaitingCallers(reason);
    }

    /**
     * The callers of the messages a suspended process kept aside, which came before those still queued, hear of
     * the exit first, and at once: a killed handler catching up after a resume may never return to reap them.
     */
    private void answerKeptAside(ExitReason reason) {
        Suspension held = suspension; // the owner's field: one read late sees none, and the owner's reap answers
        if (held != null) {
            held.forEachKeptAside(envelope -> {
                if (envelope instanceof PendingCall call) {
                    answerAfterExit(call, reason);
                }
            });
        }
    }

    /** Monitors get {@link Down}, linked processes the exit signal, and the monitors this one held are dropped. */
    private void releaseTies(ExitReason reason) {
        Ties ties = detach();
        List<MonitorRef> monitors = ties.watchers();
        List<MonitorRef> held = ties.monitoring();
        List<ProcessCell> linked = ties.links();
        if (held != null) {
            for (MonitorRef ref : held) {
                ref.target.removeWatcher(ref); // a dead watcher wants no DOWN: do not let the target keep the ref
            }
        }
        // links before monitors, as ERTS's exit phases (erl_process.c: ERTS_CONTINUE_EXIT_LINKS, then _MONITORS):
        // a process both linked and monitoring gets its EXIT before its DOWN
        if (linked != null) {
            for (ProcessCell other : linked) {
                // unless the other unlinked meanwhile: then the link has no effect
                if (other.removeLink(this) && !isStartFailureFor(other)) {
                    if (other == parent) {
                        exitSignalledParent = true;
                    }
                    other.linkExitSignal(this, reason);
                }
            }
        }
        if (monitors != null) {
            for (MonitorRef ref : monitors) {
                ref.watcher.removeMonitoring(ref);
                ref.watcher.sendSystem(new Down(ref, this, reason));
            }
        }
    }

    /**
     * The exit reason {@code stopper} learns when it goes to shut this process down and finds it exited, as
     * supervisor.erl's {@code shutdown/1} does: its monitor of a dead process gets a {@code 'DOWN'} of
     * {@code noproc}, and {@code unlink_flush} takes the real reason only from an {@code 'EXIT'} waiting in the
     * stopper's mailbox, which there is only if this process was still linked to the stopper, its parent, when it
     * exited. A child that had unlinked itself from its supervisor is so reported {@code noproc}, whatever it exited
     * with. Waits for an exit in progress to be announced first, as {@code unlink} makes sure an 'EXIT' on its way
     * has arrived.
     */
    ExitReason exitFoundBy(ProcessCell stopper) {
        awaitExitAnnounced();
        return stopper != null && stopper == parent && exitSignalledParent ? exitReason : ProcessRuntime.NOPROC;
    }

    /**
     * The starter's claim that the start succeeded, once {@code init} has returned; false if this process exited
     * first, which the start then reports as its failure.
     */
    boolean claimStarted() {
        return START.compareAndSet(this, STARTING, STARTED);
    }

    /**
     * Whether this exit is reported to {@code other} by the start it interrupts rather than by an {@link Exit}: as
     * proc_lib's {@code sync_start} consumes the {@code 'EXIT'} of a child that died starting (its
     * {@code flush_EXIT}), a parent that traps exits learns of it only from the failed start.
     */
    private boolean isStartFailureFor(ProcessCell other) {
        return other == parent && other.trapsExits() && START.compareAndSet(this, STARTING, START_FAILED);
    }

    /**
     * {@code Process.exit(pid, reason)} from {@code from}: {@code :kill} ends this process untrappably, with reason
     * {@code :killed}; {@code :normal} sent to itself ends a process that does not trap exits; any other signal is
     * taken as one from a link.
     */
    void exitSignal(ProcessCell from, ExitReason reason) {
        if (ExitReason.KILL.equals(reason)) {
            exitSignalKill(ExitReason.KILLED, from);
        } else if (from == this && !trapExits && reason.kind() == ExitReason.Kind.NORMAL) {
            exitSignalKill(reason, from);
        } else {
            linkExitSignal(from, reason, from);
        }
    }

    /**
     * An exit signal from a linked process. A process that traps exits gets it as an {@link Exit} message, except
     * from its parent: then, as gen_server does, it terminates with the parent's reason ({@code terminate} runs,
     * after the messages already queued), so no process outlives its supervisor. A process that does not trap
     * exits dies of any reason but {@code :normal}. A {@code :kill} that comes through a link (the other process
     * exited with it) is no exception, as erlang's reference manual says: trappable, and not turned into
     * {@code :killed}. The parent is gen.erl's ({@link #exitParent}): a monitored start's starter, whose
     * {@code Process.exit} stops the process so though nothing links them, and a process started neither linked nor
     * monitored itself, whose exit signal to itself stops it so.
     */
    void linkExitSignal(ProcessCell from, ExitReason reason) {
        linkExitSignal(from, reason, null);
    }

    /** As above; {@code sender} is the process whose {@code Self.exit} sends it, null when the runtime does. */
    private void linkExitSignal(ProcessCell from, ExitReason reason, ProcessCell sender) {
        if (trapExits) {
            if (from == exitParent) {
                queueStop(reason, sender);
            } else {
                sendSystem(new Exit(from, reason), sender);
            }
        } else if (reason.kind() != ExitReason.Kind.NORMAL) {
            exitSignalKill(reason, sender);
        }
    }

    /**
     * Fails the calls queued, without consuming the mailbox (that is the owner's): a walk
     * that a concurrent owner cuts short is harmless, since the owner fails the rest when it reaps.
     */
    private void answerWaitingCallers(ExitReason reason) {
        for (Envelope envelope = peekHead().next(); envelope != null; envelope = envelope.next()) {
            if (envelope instanceof PendingCall waiting) {
                answerAfterExit(waiting, reason);
            }
        }
    }

    /** {@link #answerAfterExit(PendingCall, ExitReason, boolean)} of a message the process never took. */
    private void answerAfterExit(PendingCall call, ExitReason reason) {
        answerAfterExit(call, reason, false);
    }

    /**
     * A stop is answered as proc_lib:stop: done if the process exited with the reason asked for, else its exit.
     * {@code taken}: the process was handling this very message (a stop it took, the call it was in).
     */
    private void answerAfterExit(PendingCall call, ExitReason reason, boolean taken) {
        if (call.kind == Envelope.STOP && reason.equals(call.message)) {
            call.answer(null);
        } else {
            call.failWith(new ProcessExitException(this, reason, call.kind == Envelope.STOP && !taken
                    ? ProcessExitException.Ending.UNTAKEN_STOP : ProcessExitException.Ending.CALL));
        }
    }

    /** The owner's part of an exit: drops the state and fails what is left in the mailbox. */
    @Override
    void reap() {
        awaitExitDone();
        startHeldZeroTimers(); // to other processes they still come, as erts's outlive their starter
        state = null;
        pendingContinue = NO_CONTINUE;
        idle = null;
        interruptHeld = false;
        onForeignThread = false;
        failKeptAside(exitReason);
        failQueued(exitReason);
        failDeferred(exitReason);
    }

    /** The messages a suspended process kept aside came before those still queued: their callers hear first. */
    private void failKeptAside(ExitReason reason) {
        Suspension held = suspension;
        suspension = null;
        if (held != null) {
            held.drain(envelope -> {
                countTaken(envelope); // kept aside, it still counted as waiting (Suspension)
                if (envelope instanceof PendingCall call) {
                    answerAfterExit(call, reason);
                }
                envelope.message = null;
            });
        }
    }

    /**
     * Fails what is queued. It waits, as any poll does, for a sender halfway through linking its node: the calls
     * other senders queued behind that node are reached only through it, and their own check for the exit ran
     * while the process was alive (a reap that stopped there left them waiting for ever).
     */
    private void failQueued(ExitReason reason) {
        Envelope envelope;
        while ((envelope = poll()) != null) {
            if (envelope instanceof PendingCall call) {
                answerAfterExit(call, reason);
            }
            envelope.message = null;
        }
    }

    // ---------------------------------------------------------------- runtime waits inside a callback

}
