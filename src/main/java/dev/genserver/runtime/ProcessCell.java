package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One process: its mailbox, its state, and the turn that lets exactly one thread at a time run its callbacks.
 *
 * <h2>The turn</h2>
 * {@link #status} is {@code IDLE}, {@code BUSY} or {@code DEAD}. Whoever moves it from {@code IDLE} to
 * {@code BUSY} owns the process until it moves it back: only the owner touches {@link #state}, runs callbacks
 * and takes messages out of the mailbox. Owners are
 * <ul>
 *   <li>a <em>drainer</em>: a virtual thread started when a message arrives at an idle process; it handles up to
 *       {@code throughput} messages, yields, and ends when the mailbox is empty, so an idle process holds no
 *       thread;</li>
 *   <li>a <em>caller</em>: a call to an idle process with an empty mailbox runs the handler on the calling thread
 *       itself. Nothing is queued, no thread is woken, and the guarantees hold: one message at a time (the turn),
 *       per-sender order (a sender's earlier casts are in the mailbox, so its call takes the queued path behind
 *       them), isolation (the state is touched only by the owner). The price: a handler that runs past the
 *       caller's timeout cannot be interrupted, so that caller hears {@link CallTimeoutException} when it
 *       returns rather than at the deadline.</li>
 * </ul>
 *
 * <h2>The mailbox</h2>
 * Inherited from {@link Mailbox}: a bounded intrusive multi-producer single-consumer queue whose consumer is the
 * turn's owner.
 */
final class ProcessCell extends Connections implements Pid {

    static final int IDLE = 0;
    static final int BUSY = 1;
    static final int DEAD = 2;

    private static final System.Logger LOG = System.getLogger(ProcessCell.class.getName());
    /** The process whose callback runs on this thread, for {@link Self} and calling-self detection. */
    static final ThreadLocal<ProcessCell> CURRENT = new ThreadLocal<>();
    /** Marks {@link #runner} while the drainer is inside another process's inline call (never interrupted). */
    private static final Object SUSPENDED = new Object();
    private static final Object NO_CONTINUE = new Object();
    /**
     * How many times a caller that found the process busy yields its core and checks the turn again before
     * queueing. Yielding beat spinning by 6x with 8 callers on 2 cores: a spinning caller burns the core the
     * turn's owner needs to finish (CallBenchmark.eightCallers: 12.7 M/s yielding, 2.2 M/s spinning first).
     */
    private static final int TURN_YIELDS = 256;
    /** A drainer that handled this many messages in one turn is in a stream (see {@link #awaitMore}). */
    private static final int STREAM = 16;
    /** How many times such a drainer checks an empty mailbox before ending its turn: a few microseconds. */
    private static final int DRY_SPINS = 256;

    private static final VarHandle STATUS;
    private static final VarHandle CALLS;
    private static final VarHandle CASTS;
    private static final VarHandle INFOS;
    private static final VarHandle OTHERS;
    private static final VarHandle HANDLING;
    private static final VarHandle RUNNER;
    private static final VarHandle KILL_REASON;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATUS = lookup.findVarHandle(ProcessCell.class, "status", int.class);
            CALLS = lookup.findVarHandle(ProcessCell.class, "calls", long.class);
            CASTS = lookup.findVarHandle(ProcessCell.class, "casts", long.class);
            INFOS = lookup.findVarHandle(ProcessCell.class, "infos", long.class);
            OTHERS = lookup.findVarHandle(ProcessCell.class, "others", long.class);
            HANDLING = lookup.findVarHandle(ProcessCell.class, "handling", Object.class);
            RUNNER = lookup.findVarHandle(ProcessCell.class, "runner", Object.class);
            KILL_REASON = lookup.findVarHandle(ProcessCell.class, "killReason", ExitReason.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final ProcessRuntime runtime;
    private final long id;
    private final GenServer<Object> server;
    private final Name name;
    private final String service;
    final long startedAtMillis;
    final int restarts;
    final boolean trapExits;
    /** The process this one was started linked to (its supervisor), or null. */
    final ProcessCell parent;

    private volatile int status = BUSY;
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
    /** The message whose callback runs now, or null: what the slow-handler watch reports. */
    @SuppressWarnings("unused")
    private Object handling;
    /** The thread that holds the turn, for cycle detection; only ever compared with the current thread. */
    private Thread owner;
    /** The drainer thread while one runs, {@link #SUSPENDED}, or null; a killer claims it to interrupt. */
    @SuppressWarnings("unused")
    private volatile Object runner;
    private volatile ExitReason killReason;
    /** Set by a caller waiting for the turn, so that a drainer watching an empty mailbox hands it over. */
    private volatile boolean turnWanted;
    private volatile ExitReason exitReason;
    /** Set as the last step of an exit, once names, counts, waiting callers, monitors and links are dealt with. */
    private volatile boolean exitDone;

    private long idleTimeoutNanos;
    private long lastActivityNanos;
    private boolean idleCheckPending;

    /** Calls answered with noreply and perhaps not yet answered through their {@code from}; owner only. */
    private List<PendingCall> deferred;
    private int deferredPruneAt = 16;

    @SuppressWarnings("unchecked")
    ProcessCell(ProcessRuntime runtime, long id, GenServer<?> server, StartOptions options, int defaultCapacity) {
        super(options.mailboxCapacity() == 0 ? defaultCapacity : options.mailboxCapacity());
        this.runtime = runtime;
        this.id = id;
        this.server = (GenServer<Object>) server;
        this.name = options.name().orElse(null);
        this.service = options.service().isEmpty() ? server.getClass().getSimpleName() : options.service();
        this.startedAtMillis = runtime.options().clock().millis();
        this.restarts = options.restarts();
        this.trapExits = options.trapExits();
        this.parent = (ProcessCell) options.link();
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
        long timeoutNanos = timeout.toNanos();
        boolean sampled = Sampling.hit();
        // The coarse clock suffices to notice a handler outrunning a long timeout on this thread; see CoarseClock.
        boolean precise = sampled || timeoutNanos < CoarseClock.PRECISE_BELOW_NANOS;
        long start = precise ? System.nanoTime() : CoarseClock.nanoTime();
        PendingCall call = new PendingCall(Envelope.CALL, request, this, null);
        try {
            Object result;
            if (tryRunInline(call) || awaitTurnThenRunInline(call)) {
                if (call.isDone()) {
                    result = call.result();
                    long end = precise ? System.nanoTime() : CoarseClock.nanoTime();
                    if (end - start > timeoutNanos) {
                        throw new CallTimeoutException(this, timeout); // the handler outran the timeout here
                    }
                    if (sampled) {
                        runtime.options().listener().callCompleted(this, end - start);
                    }
                    return (R) result;
                }
                result = call.await(start + timeoutNanos, timeout); // the handler deferred its reply
            } else {
                if (!precise) {
                    start = System.nanoTime(); // this call waits for a hand-off anyway: the real clock is cheap
                }
                if (sampled) {
                    call.queuedAt = start;
                }
                enqueueCall(call);
                result = call.await(start + timeoutNanos, timeout);
            }
            if (sampled) {
                runtime.options().listener().callCompleted(this, System.nanoTime() - start);
            }
            return (R) result;
        } catch (CallTimeoutException timedOut) {
            runtime.options().listener().callTimedOut(this);
            throw timedOut;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> callAsync(Call<R> request, Duration timeout) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        PendingCall call = new PendingCall(Envelope.CALL, request, this, future);
        try {
            // Always queued, never run on this thread: the caller asked not to be held while the handler runs.
            call.timeoutTimer = runtime.options().timers().schedule(() -> {
                if (call.abandon()) {
                    runtime.options().listener().callTimedOut(this);
                    future.completeExceptionally(new CallTimeoutException(this, timeout));
                }
            }, timeout);
            if (Sampling.hit()) {
                long start = System.nanoTime();
                call.queuedAt = start;
                future.thenRun(() -> runtime.options().listener().callCompleted(this, System.nanoTime() - start));
            }
            enqueueCall(call);
        } catch (GenServerException e) {
            call.fail(e);
        }
        return (CompletableFuture<R>) future;
    }

    @Override
    public void cast(Object message) {
        if (status == DEAD) {
            throw new NoProcessException(toString());
        }
        enqueue(envelope(Envelope.CAST, message), true);
    }

    @Override
    public void send(Object message) {
        if (status != DEAD) {
            enqueue(envelope(Envelope.INFO, message), true);
        }
    }

    /** One message in {@link Sampling#EVERY} carries the time it was queued, for the mailbox-wait metric. */
    private Envelope envelope(int kind, Object message) {
        return Sampling.hit(queuedSoFar())
                ? new TimedEnvelope(kind, message, System.nanoTime())
                : new Envelope(kind, message);
    }

    /** Delivers a message the runtime generated (a timer, a DOWN, an EXIT): never refused by the bound. */
    void sendSystem(Object message) {
        if (status != DEAD) {
            enqueue(new Envelope(Envelope.INFO, message), false);
        }
    }

    /** Queues a stop behind the messages already waiting; the returned call completes once the process is gone. */
    PendingCall requestStop(ExitReason reason) {
        PendingCall stop = new PendingCall(Envelope.STOP, reason, this, null);
        if (status == DEAD) {
            awaitExitDone();
            stop.reply(null);
            return stop;
        }
        enqueue(stop, false);
        if (status == DEAD) {
            // It exited while this stop was being queued, and its exit may not have seen the stop. Answer once the
            // exit is complete, so that the stopper never returns while names, links and monitors are still
            // being released.
            awaitExitDone();
            stop.reply(null);
        }
        return stop;
    }

    /** Waits out an exit in progress on another thread: the few steps of {@link #die} after the status. */
    private void awaitExitDone() {
        while (!exitDone) {
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Runs {@code request} inside the process (introspection: {@code :sys.get_status}). */
    Object system(SystemRequest request, Duration timeout) {
        if (status == DEAD) {
            throw new NoProcessException(toString());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        PendingCall call = new PendingCall(Envelope.SYSTEM, request, this, null);
        enqueue(call, false);
        failIfDead(call);
        return call.await(deadline, timeout);
    }

    /** A request run by the process on its own state. */
    interface SystemRequest {
        Object run(GenServer<Object> server, Object state);
    }

    @Override
    public String toString() {
        return name == null ? "#PID<0." + id + ".0>" : "#PID<0." + id + ".0 " + name + ">";
    }

    // ---------------------------------------------------------------- introspection (racy reads)

    long processed() {
        return calls() + casts() + infos() + (long) OTHERS.getOpaque(this);
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

    /** The message being handled right now, or null if none is (racy: for the slow-handler watch). */
    Object handling() {
        return HANDLING.getOpaque(this);
    }

    boolean isRunning() {
        return status == BUSY;
    }

    Name registeredName() {
        return name;
    }

    // ---------------------------------------------------------------- start

    /** Runs {@code init} on the starting thread; the cell is BUSY and unreachable by pid until this returns. */
    Init<Object> runInit() {
        ProcessCell previous = CURRENT.get();
        CURRENT.set(this);
        owner = Thread.currentThread();
        try {
            return server.init();
        } finally {
            owner = null;
            CURRENT.set(previous);
        }
    }

    /** After a successful init: adopt the state and open the mailbox. */
    void started(Object initialState, Next next) {
        state = initialState;
        applyNext(next);
        release();
    }

    /** After a failed or ignored init: mark dead without notifying anyone (the starter is told instead). */
    void initFailed(ExitReason reason) {
        exitReason = reason;
        status = DEAD;
        failQueued(reason);
        exitDone = true;
    }

    // ---------------------------------------------------------------- kill

    /**
     * An untrappable exit signal ({@code Process.exit(pid, :kill)}): {@code terminate} does not run. An idle
     * process dies at once; a drainer blocked in its handler is interrupted; a handler running on a caller's
     * thread, or one that ignores interrupts, finishes first, and its result is discarded.
     */
    void kill(ExitReason reason) {
        if (status == DEAD) {
            return;
        }
        KILL_REASON.compareAndSet(this, null, reason);
        if (STATUS.compareAndSet(this, IDLE, BUSY)) {
            die(killReason);
            return;
        }
        Object thread = runner;
        if (thread instanceof Thread drainer && RUNNER.compareAndSet(this, drainer, null)) {
            drainer.interrupt();
        }
        // The owner may have released the turn between our first attempt and now.
        if (STATUS.compareAndSet(this, IDLE, BUSY)) {
            die(killReason);
        }
    }

    // ---------------------------------------------------------------- enqueue and scheduling

    private void enqueueCall(PendingCall call) {
        ProcessCell caller = CURRENT.get();
        if (caller == this || owner == Thread.currentThread()) {
            throw new CallingSelfException(this);
        }
        if (status == DEAD) {
            throw new NoProcessException(toString());
        }
        enqueue(call, true);
        failIfDead(call);
    }

    /** Closes the race with {@link #die}: a message pushed after the mailbox was drained fails here instead. */
    private void failIfDead(PendingCall call) {
        if (status == DEAD) {
            ExitReason reason = exitReason;
            call.fail(reason == null ? new NoProcessException(toString()) : new ProcessExitException(this, reason));
        }
    }

    /** Queues {@code envelope} (see {@link Mailbox#push}) and starts a drainer if the process was idle. */
    private void enqueue(Envelope envelope, boolean bounded) {
        if (!push(envelope, bounded)) {
            runtime.options().listener().mailboxFull(this);
            throw new MailboxFullException(this, capacity);
        }
        if (status == IDLE && STATUS.compareAndSet(this, IDLE, BUSY)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            runtime.options().executor().execute(this::drain);
        } catch (RuntimeException rejected) {
            // The executor is shut down: the runtime is closing. Nobody will handle these messages.
            die(ExitReason.SHUTDOWN);
        }
    }

    /** Gives up the turn, taking it back at once if something arrived or a kill is pending. */
    private void release() {
        if (pendingContinue != NO_CONTINUE) {
            schedule();
            return;
        }
        status = IDLE;
        if (killReason != null && STATUS.compareAndSet(this, IDLE, BUSY)) {
            die(killReason);
        } else if (!mailboxEmpty() && STATUS.compareAndSet(this, IDLE, BUSY)) {
            schedule();
        }
    }

    // ---------------------------------------------------------------- owners

    /**
     * The caller-runs fast path: takes the turn if the process is idle with an empty mailbox and handles
     * {@code call} on this thread. False if the call must be queued instead.
     */
    private boolean tryRunInline(PendingCall call) {
        if (status != IDLE || !mailboxEmpty() || !STATUS.compareAndSet(this, IDLE, BUSY)) {
            return false;
        }
        ProcessCell caller = CURRENT.get();
        Object callerRunner = caller == null ? null : caller.suspendForInline();
        CURRENT.set(this);
        owner = Thread.currentThread();
        try {
            handle(call);
        } finally {
            owner = null;
            CURRENT.set(caller);
            if (caller != null) {
                caller.resumeAfterInline(callerRunner);
            }
        }
        if (status != DEAD) {
            release();
        }
        return true;
    }

    /**
     * When another caller holds the turn, it usually gives it back within a microsecond: waiting that long is
     * far cheaper than queueing and waking a drainer. So a caller that found the process busy yields and checks
     * the turn a bounded number of times, and takes it if the process becomes idle with an empty mailbox. The
     * moment anything is queued it stops and queues behind it, so per-sender order holds.
     */
    private boolean awaitTurnThenRunInline(PendingCall call) {
        ProcessCell caller = CURRENT.get();
        if (caller == this || owner == Thread.currentThread()) {
            return false; // calling itself: the queued path reports it
        }
        if (!turnWanted) {
            turnWanted = true;
        }
        for (int attempt = 0; attempt < TURN_YIELDS; attempt++) {
            Thread.yield(); // let the owner run (it may be waiting for this very core) rather than queue
            int current = status;
            if (current == DEAD || !mailboxEmpty()) {
                return false;
            }
            if (current == IDLE && tryRunInline(call)) {
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
            if (!mailboxEmpty() || killReason != null) {
                return true;
            }
        }
        return false;
    }

    /** Keeps a kill of this process from interrupting another process's handler running inline on its thread. */
    private Object suspendForInline() {
        Object thread = runner;
        if (thread instanceof Thread && RUNNER.compareAndSet(this, thread, SUSPENDED)) {
            return thread;
        }
        return null;
    }

    private void resumeAfterInline(Object thread) {
        if (thread != null) {
            RUNNER.compareAndSet(this, SUSPENDED, thread);
        }
    }

    /** The drainer: handles messages until the mailbox is empty, yielding every {@code throughput} messages. */
    private void drain() {
        Thread self = Thread.currentThread();
        runner = self;
        owner = self;
        CURRENT.set(this);
        int budget = runtime.options().throughput();
        int handled = 0;
        try {
            while (true) {
                if (killReason != null) {
                    die(killReason);
                    return;
                }
                if (pendingContinue != NO_CONTINUE) {
                    Object arg = pendingContinue;
                    pendingContinue = NO_CONTINUE;
                    runContinue(arg);
                    if (status == DEAD) {
                        return;
                    }
                    continue;
                }
                Envelope envelope = poll();
                if (envelope == null && handled >= STREAM && awaitMore()) {
                    continue;
                }
                if (envelope == null) {
                    if (!RUNNER.compareAndSet(this, self, null)) {
                        Thread.interrupted(); // a killer claimed this thread; the kill is handled below
                    }
                    status = IDLE;
                    if (killReason != null && STATUS.compareAndSet(this, IDLE, BUSY)) {
                        die(killReason);
                        return;
                    }
                    if (mailboxEmpty() || !STATUS.compareAndSet(this, IDLE, BUSY)) {
                        return;
                    }
                    runner = self;
                    owner = self;
                    continue;
                }
                handle(envelope);
                handled++;
                if (status == DEAD) {
                    return;
                }
                if (--budget == 0) {
                    budget = runtime.options().throughput();
                    Thread.yield();
                }
            }
        } finally {
            owner = null;
            CURRENT.remove();
        }
    }

    // ---------------------------------------------------------------- handling one message (owner only)

    private void handle(Envelope envelope) {
        Object message = envelope.message;
        envelope.message = null;
        PendingCall call = envelope instanceof PendingCall pending ? pending : null;
        long queuedAt = call != null ? call.queuedAt : envelope instanceof TimedEnvelope timed ? timed.queuedAt : 0;
        if (queuedAt != 0) {
            runtime.options().listener().messageWaited(this, System.nanoTime() - queuedAt);
        }
        HANDLING.setOpaque(this, message == null ? envelope : message);
        try {
            switch (envelope.kind) {
                case Envelope.CALL -> {
                    CALLS.setOpaque(this, (long) CALLS.getOpaque(this) + 1);
                    applyCall(server.handleCall((Call<?>) message, call, state), call);
                }
                case Envelope.CAST -> {
                    CASTS.setOpaque(this, (long) CASTS.getOpaque(this) + 1);
                    apply(server.handleCast(message, state));
                }
                case Envelope.INFO -> {
                    INFOS.setOpaque(this, (long) INFOS.getOpaque(this) + 1);
                    // demonitor with flush: a DOWN queued before it is dropped here (see MonitorRef#flush).
                    if (!MonitorRef.isFlushedDown(message)) {
                        apply(server.handleInfo(message, state));
                    }
                }
                case Envelope.STOP -> {
                    OTHERS.setOpaque(this, (long) OTHERS.getOpaque(this) + 1);
                    terminateAndDie((ExitReason) message);
                    call.reply(null);
                }
                case Envelope.SYSTEM -> {
                    OTHERS.setOpaque(this, (long) OTHERS.getOpaque(this) + 1);
                    call.reply(((SystemRequest) message).run(server, state));
                }
                case Envelope.IDLE_CHECK -> {
                    OTHERS.setOpaque(this, (long) OTHERS.getOpaque(this) + 1);
                    idleCheck();
                }
                default -> throw new IllegalStateException("unknown envelope kind " + envelope.kind);
            }
        } catch (Throwable failure) {
            crashed(failure, call);
        } finally {
            HANDLING.setOpaque(this, null);
        }
    }

    private void runContinue(Object arg) {
        OTHERS.setOpaque(this, (long) OTHERS.getOpaque(this) + 1);
        HANDLING.setOpaque(this, arg == null ? Next.Continue.class : arg);
        try {
            apply(server.handleContinue(arg, state));
        } catch (Throwable failure) {
            crashed(failure, null);
        } finally {
            HANDLING.setOpaque(this, null);
        }
    }

    private void applyCall(CallResult<Object> result, PendingCall call) {
        switch (result) {
            case Reply<Object> reply -> {
                state = reply.state();
                call.reply(reply.value());
                applyNext(reply.next());
            }
            case StopReply<Object> stop -> {
                state = stop.state();
                call.reply(stop.reply());
                terminateAndDie(stop.reason());
            }
            case Stop<Object> stop -> {
                apply(stop);
                call.fail(new ProcessExitException(this, exitReason)); // unless answered through from already
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
        if (deferred == null) {
            deferred = new ArrayList<>(2);
        } else if (deferred.size() >= deferredPruneAt) {
            deferred.removeIf(PendingCall::isDone);
            deferredPruneAt = Math.max(16, deferred.size() * 2);
        }
        deferred.add(call);
    }

    private void apply(Result<Object> result) {
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
            case Next.Flag flag -> idleTimeoutNanos = 0;
            case Next.Timeout timeout -> armIdleTimeout(timeout.after());
            case Next.Continue continuation -> {
                idleTimeoutNanos = 0;
                pendingContinue = continuation.arg();
            }
        }
    }

    // ---------------------------------------------------------------- idle timeouts

    /**
     * Records the deadline and starts a timer only if none is pending: a busy process with a rolling idle
     * timeout writes two fields per message instead of scheduling and cancelling a timer each time. When the
     * timer fires, {@link #idleCheck()} delivers {@link IdleTimeout} or re-arms for the time that is left.
     */
    private void armIdleTimeout(Duration after) {
        TimerService timers = runtime.options().timers();
        idleTimeoutNanos = Math.max(1, after.toNanos());
        lastActivityNanos = timers.nanoTime();
        if (!idleCheckPending) {
            idleCheckPending = true;
            timers.schedule(this::requestIdleCheck, after);
        }
    }

    private void requestIdleCheck() {
        if (status != DEAD) {
            enqueue(new Envelope(Envelope.IDLE_CHECK, null), false);
        }
    }

    private void idleCheck() {
        idleCheckPending = false;
        if (idleTimeoutNanos == 0) {
            return;
        }
        TimerService timers = runtime.options().timers();
        long idleFor = timers.nanoTime() - lastActivityNanos;
        if (idleFor >= idleTimeoutNanos) {
            idleTimeoutNanos = 0;
            apply(server.handleInfo(IdleTimeout.INSTANCE, state));
        } else {
            idleCheckPending = true;
            timers.schedule(this::requestIdleCheck, Duration.ofNanos(idleTimeoutNanos - idleFor));
        }
    }

    // ---------------------------------------------------------------- exits (owner only)

    private void crashed(Throwable failure, PendingCall call) {
        ExitReason kill = killReason;
        if (kill != null) {
            if (call != null) {
                call.fail(new ProcessExitException(this, kill));
            }
            die(kill);
            return;
        }
        if (status == DEAD) {
            return; // the callback stopped the process and then failed afterwards
        }
        ExitReason reason = ExitReason.crash(failure);
        LOG.log(Level.ERROR, "process " + this + " (" + service + ") crashed", failure);
        if (call != null) {
            call.fail(new ProcessExitException(this, reason));
        }
        terminateAndDie(reason);
        if (failure instanceof VirtualMachineError fatal) {
            throw fatal;
        }
    }

    private void terminateAndDie(ExitReason reason) {
        if (killReason == null) {
            try {
                server.terminate(reason, state);
            } catch (Throwable failure) {
                LOG.log(Level.ERROR, "terminate of " + this + " (" + service + ") failed", failure);
            }
        }
        die(killReason != null ? killReason : reason);
    }

    /**
     * The end: the name is released first (so a supervisor may re-register it at once), then waiting callers
     * fail, then monitors and links hear of it.
     */
    private void die(ExitReason reason) {
        exitReason = reason;
        status = DEAD;
        state = null;
        pendingContinue = NO_CONTINUE;
        runtime.unregister(this);
        runtime.retire(this);
        failQueued(reason);
        if (deferred != null) {
            for (PendingCall call : deferred) {
                call.fail(new ProcessExitException(this, reason)); // dropped if already answered
            }
            deferred = null;
        }
        Ties ties = detach();
        List<MonitorRef> monitors = ties.watchers();
        List<MonitorRef> held = ties.monitoring();
        List<ProcessCell> linked = ties.links();
        if (held != null) {
            for (MonitorRef ref : held) {
                ref.target.removeWatcher(ref); // a dead watcher wants no DOWN: do not let the target keep the ref
            }
        }
        if (monitors != null) {
            for (MonitorRef ref : monitors) {
                ref.watcher.removeMonitoring(ref);
                ref.watcher.sendSystem(new Down(ref, this, reason));
            }
        }
        if (linked != null) {
            for (ProcessCell other : linked) {
                other.removeLink(this);
                other.exitSignal(this, reason);
            }
        }
        try {
            runtime.options().listener().processExited(this, reason);
        } finally {
            exitDone = true;
        }
    }

    /** An exit signal from a linked process: a message if trapping, otherwise death unless it ended normally. */
    private void exitSignal(ProcessCell from, ExitReason reason) {
        if (trapExits) {
            sendSystem(new Exit(from, reason));
        } else if (reason.kind() != ExitReason.Kind.NORMAL) {
            kill(reason);
        }
    }

    private void failQueued(ExitReason reason) {
        Envelope envelope;
        while ((envelope = pollAfterDeath()) != null) {
            if (envelope instanceof PendingCall call) {
                if (envelope.kind == Envelope.STOP) {
                    call.reply(null);
                } else {
                    call.fail(new ProcessExitException(this, reason));
                }
            }
            envelope.message = null;
        }
    }
}
