package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A set of processes with their names, timers and monitors: the Java counterpart of a BEAM node.
 *
 * <pre>{@code
 * {:ok, pid} = GenServer.start(Stack, [1, 2, 3])           Pid pid = runtime.start(new StackServer(List.of(1, 2, 3)));
 * GenServer.whereis(Counter)                               runtime.whereis("counter")
 * GenServer.call(Counter, :increment)                      runtime.call("counter", new Increment())
 * GenServer.stop(pid, :normal, 5_000)                      runtime.stop(pid, ExitReason.NORMAL, Duration.ofSeconds(5))
 * Process.exit(pid, :kill)                                 runtime.kill(pid)
 * :sys.get_status(pid)                                     runtime.status(pid, Duration.ofSeconds(5))
 * :sys.suspend(pid)                                        runtime.suspend(pid, Duration.ofSeconds(5))
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops every process: each supervisor stops its own children in its own order,
 * as OTP's does, and the processes without one are asked to stop all at once, {@code terminate} and all (see
 * {@link #close()}).
 */
public final class ProcessRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ProcessRuntime.class.getName());
    /** Why a start whose init outran its start timeout failed: OTP's {@code {error, timeout}}. */
    static final ExitReason START_TIMEOUT = ExitReason.abnormal("timeout");
    /** The reason a monitor of an exited process reports, as in OTP: the old exit reason is not kept. */
    static final ExitReason NOPROC = ExitReason.abnormal("noproc");

    private final RuntimeOptions options;
    private final AtomicLong ids = new AtomicLong();
    /** Living processes by id, in start order. */
    private final ProcessTable processes = new ProcessTable();
    /** Messages handled by processes that have exited, per service, so message counters never go down. */
    private final ConcurrentHashMap<String, ServiceTotals> exited = new ConcurrentHashMap<>();
    private final Registry localNames = Registry.create("local");
    private volatile boolean closed;
    /** Exits and starts that close() waits for: they change the table beyond its last pass. */
    final TableChanges tableChanges = new TableChanges();
    /** Whether the runtime's clock is {@link System#nanoTime()}, as the default {@link TimerService}'s is. */
    final boolean systemClock;
    /** Where its processes' crashes are reported, at most {@link CrashReports#PER_SECOND} a second per service. */
    final CrashReports crashReports;

    private ProcessRuntime(RuntimeOptions options) {
        Objects.requireNonNull(options, "options");
        this.options = options.withListener(GuardedListener.guard(options.listener())); // one that throws fails nothing
        this.systemClock = Deadline.isSystemClock(options.timers());
        this.crashReports = new CrashReports(System.getLogger(ProcessCell.class.getName()), this.options.timers());
        if (!options.slowHandlerThreshold().isZero()) {
            new SlowHandlerWatch(this, options.slowHandlerThreshold()).start();
        }
    }

    /** A runtime with {@link RuntimeOptions#defaults()}. */
    public static ProcessRuntime create() {
        return new ProcessRuntime(RuntimeOptions.defaults());
    }

    /** A runtime with these options. */
    public static ProcessRuntime create(RuntimeOptions options) {
        return new ProcessRuntime(options);
    }

    /** The options this runtime was created with (its listener wrapped so that one that throws fails nothing). */
    public RuntimeOptions options() {
        return options;
    }

    /** Starts an unnamed process; see {@link #start(GenServer, StartOptions)}. */
    public Pid start(GenServer<?> server) {
        return start(server, StartOptions.DEFAULTS);
    }

    /**
     * {@code GenServer.start/3}: registers the name, runs {@code init} and returns once it has. The process is
     * linked to nothing, even when started from inside another one; a process starts one linked to itself with
     * {@link Self#startLink}, a supervisor with {@link Supervisor#startLink}.
     *
     * @throws AlreadyStartedException if the name is taken (carrying the holder)
     * @throws InitFailedException     if {@code init} returned {@link Init#stop} or threw, or the process was killed
     *                                 (through its name) while {@code init} ran; the name is free again
     * @throws StartIgnoredException   if {@code init} returned {@link Init#ignore}
     * @throws IllegalStateException   if the runtime is closed
     */
    public Pid start(GenServer<?> server, StartOptions startOptions) {
        return start(server, startOptions, null, 0, null).pid();
    }

    /**
     * {@code spawn_monitor}: starts a process monitored by the calling process, with the monitor in place before
     * the new process handles anything, so even an exit during its first message arrives as a {@link Down} with
     * the real reason (monitoring after {@code start} could only report {@code noproc}).
     *
     * @throws IllegalStateException if not called from inside a process, or the runtime is closed
     * @see #start(GenServer, StartOptions)
     */
    public Monitored startMonitored(GenServer<?> server, StartOptions startOptions) {
        ProcessCell watcher = ProcessCell.CURRENT.get();
        if (watcher == null || watcher.runtime != this) {
            throw new IllegalStateException("startMonitored must be called from a process of this runtime");
        }
        return start(server, startOptions, null, 0, watcher);
    }

    /** A process started with {@link #startMonitored} and the monitor on it. */
    public record Monitored(Pid pid, MonitorRef ref) { }

    /**
     * Starts a process linked to {@code parent} before its {@code init} runs ({@link Self#startLink}, and
     * supervisors with the number of times they restarted the child).
     */
    Pid startLinked(GenServer<?> server, StartOptions startOptions, ProcessCell parent, int restarts) {
        return start(server, startOptions, Objects.requireNonNull(parent, "parent"), restarts, null).pid();
    }

    /** {@link Self#startLinkMonitored}: started linked to {@code self} and monitored by it. */
    Monitored startLinkedMonitored(GenServer<?> server, StartOptions startOptions, ProcessCell self) {
        return start(server, startOptions, self, 0, self);
    }

    private Monitored start(GenServer<?> server, StartOptions startOptions, ProcessCell parent, int restarts,
                            ProcessCell watcher) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(startOptions, "startOptions");
        ProcessCell starter = ProcessCell.refuseZombie();
        try {
            ProcessCell cell = admit(server, startOptions, parent, watcher, restarts);
            if (starter != null) {
                starter.yieldWaiting(); // proc_lib's starter waits for the ack in a receive: it yields there
            }
            Init<Object> init = init(cell, startOptions, starter);
            switch (init) {
                case Init.Ok<Object> ok -> {
                    if (!cell.isAlive() || !cell.claimStarted()) {
                        // Killed through its name while init ran: the start fails, as proc_lib's sync_start returns
                        // {error, Reason} on the 'DOWN' that comes instead of the ack.
                        cell.started(ok.state(), ok.next());
                        throw new InitFailedException(server.getClass().getName(), cell.exitReason);
                    }
                    MonitorRef monitor = watcher == null ? null : monitorStarted(watcher, cell);
                    options.listener().processStarted(cell);
                    cell.started(ok.state(), ok.next());
                    return new Monitored(cell, monitor);
                }
                case Init.Ignore<Object> ignore -> {
                    unlinkFailedStart(cell, parent);
                    abandon(cell, ExitReason.NORMAL);
                    throw new StartIgnoredException(server.getClass().getName());
                }
                case Init.StopInit<Object> stop -> {
                    if (parent != null && (parent.trapsExits() || stop.reason() == START_TIMEOUT)) {
                        unlinkFailedStart(cell, parent);
                    }
                    // proc_lib's kill_flush_EXIT: the starter hears {error, timeout}, the process itself is killed
                    abandon(cell, stop.reason() == START_TIMEOUT ? ExitReason.KILLED : stop.reason());
                    throw new InitFailedException(server.getClass().getName(), stop.reason());
                }
            }
        } finally {
            ProcessCell.endIfExited(starter); // its init, or the exit of a process it started linked, ended it here
        }
    }

    /**
     * The start up to {@code init}: the process linked to its parent, registered under its name and in the table.
     * Counted as a change of the table from before it reads {@link #closed} until the process is in: close() sets
     * closed and then waits for the changes in flight, so a start either finds the runtime closed or is waited for,
     * and one that finds it closed once its process is in (close() having made its last pass) is refused as a
     * start after close() is, leaving no process behind.
     */
    private ProcessCell admit(GenServer<?> server, StartOptions startOptions, ProcessCell parent,
            ProcessCell watcher, int restarts) {
        tableChanges.begin();
        try {
            if (closed) {
                throw new IllegalStateException("the runtime is closed");
            }
            ProcessCell cell = new ProcessCell(this, ids.incrementAndGet(), server, startOptions, parent,
                    watcher, restarts, options.mailboxCapacity());
            // Linked before anyone can reach it by name or pid, as spawn_link is atomic: a kill through its name
            // while init runs must reach the parent, or a supervisor would never hear of its child's death.
            if (parent != null && !linkBeforeInit(cell, parent)) {
                throw new NoProcessException(parent.toString());
            }
            try {
                register(cell);
            } catch (AlreadyStartedException taken) {
                unlinkFailedStart(cell, parent);
                throw taken;
            }
            processes.add(cell);
            if (!cell.isAlive()) {
                // Killed before it was in the table or its registry (through its name, or by its parent's exit over
                // the link): its exit took it out of them before it was in, so it leaves them now.
                unregister(cell);
            } else if (closed) {
                unlinkFailedStart(cell, parent);
                abandon(cell, ExitReason.SHUTDOWN);
                throw new IllegalStateException("the runtime is closed");
            }
            return cell;
        } finally {
            tableChanges.end();
        }
    }

    /** The monitor of {@link #startMonitored}; a child killed a moment ago is reported with its real reason. */
    private static MonitorRef monitorStarted(ProcessCell watcher, ProcessCell cell) {
        MonitorRef monitor = new MonitorRef(watcher, cell);
        if (!cell.addWatcher(monitor)) {
            cell.awaitExitAnnounced(); // as for any monitor of a process that has exited (monitor)
            watcher.sendSystem(new Down(monitor, cell, cell.exitReason));
        } else if (!watcher.addMonitoring(monitor)) {
            cell.removeWatcher(monitor);
        }
        return monitor;
    }

    /**
     * Runs {@code init} for a start by {@code starter} (null outside a process). With a start timeout it runs on a
     * thread of its own while the starter waits, and a kill of the starter ends that wait at once, as before. Without
     * one it runs on the starter's thread, as a call is run inline: an interrupt there is the starter's, so one it
     * has is taken off while {@code init} runs and given back after, and its drainer is lent for the while, so that
     * a kill of the starter (no kill of the process starting, linked to it or not) does not interrupt that
     * {@code init}: the starter gets it once {@code init} returns. A starter nested {@link Turn#MAX_INLINE_DEPTH}
     * deep on its thread (a chain of inits each starting the next) waits so for an {@code init} run on a thread of
     * its own instead, from a fresh stack.
     */
    private Init<Object> init(ProcessCell cell, StartOptions startOptions, ProcessCell starter) {
        if (startOptions.startTimeout().isPresent()) {
            return init(cell, startOptions);
        }
        boolean starterInterrupted = Thread.interrupted();
        Object lent = starter == null ? null : starter.lendRunner();
        try {
            return Turn.nestsTooDeep(starter) ? initOnAThreadOfItsOwn(cell) : init(cell);
        } finally {
            if (starter != null) {
                starter.takeRunnerBack(lent);
            }
            if (starterInterrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@link #init(ProcessCell)} on a thread of its own, waited for without an end, as on the starter's thread. */
    private static Init<Object> initOnAThreadOfItsOwn(ProcessCell cell) {
        CompletableFuture<Init<Object>> done = new CompletableFuture<>();
        Thread.ofVirtual().name("init " + cell).start(() -> done.complete(init(cell))); // init(cell) throws nothing
        return done.join(); // deaf to interrupts: a kill of the starter reaches it once init returns, as inline
    }

    private static Init<Object> init(ProcessCell cell) {
        try {
            return BadReturnValue.check(cell.runInit(), "init");
        } catch (Throwable failure) {
            // an init that ended its own process (an exit signal to itself) fails with that exit, not with a crash
            return Init.stop(cell.isAlive() ? ExitReason.thrownBy(failure) : cell.exitReason);
        }
    }

    /**
     * {@code GenServer.start_link(mod, arg, timeout: t)}: init runs on a thread of its own, and if it has not
     * returned within the timeout (measured by the runtime's {@link TimerService}) the start fails with reason
     * {@code timeout} and the process is gone, as in OTP. The init thread is interrupted (it is the runtime's,
     * so nobody else sees that interrupt); should it carry on regardless, what it returns is discarded.
     */
    private Init<Object> init(ProcessCell cell, StartOptions startOptions) {
        Init<Object> timedOut = Init.stop(START_TIMEOUT);
        CompletableFuture<Init<Object>> done = new CompletableFuture<>();
        TimerRef timer = options.timers().schedule(() -> done.complete(timedOut),
                startOptions.startTimeout().orElseThrow());
        Thread initializer = Thread.ofVirtual().name("init " + cell).start(() -> done.complete(init(cell)));
        Init<Object> abandoned = Init.stop(ExitReason.shutdown("interrupted"));
        try {
            done.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // the starter gives up: so does the start, unless init just ended
            done.complete(abandoned);
        } catch (ExecutionException impossible) {
            done.complete(Init.stop(ExitReason.crash(impossible.getCause())));
        }
        timer.cancel();
        Init<Object> result = done.join();
        if (result == timedOut || result == abandoned) {
            initializer.interrupt();
        }
        return result;
    }

    /** {@code GenServer.whereis/1} for a name in the runtime's own registry. */
    public Optional<Pid> whereis(String name) {
        return localNames.whereis(name);
    }

    /** {@code GenServer.whereis/1}. */
    public Optional<Pid> whereis(Name name) {
        return switch (Objects.requireNonNull(name, "name")) {
            case Name.Local local -> localNames.whereis(local.name());
            case Name.Via via -> via.registry().whereis(via.key());
        };
    }

    /**
     * {@code GenServer.call/2} by name: the name is looked up at the moment of the call, so a call after a
     * restart reaches the new process, with no {@code whereis} by the caller.
     *
     * <pre>{@code
     * GenServer.call(Counter, :increment)                 runtime.call("counter", new Increment())
     * GenServer.call(Counter, :increment, 1_000)          runtime.call("counter", new Increment(), ofSeconds(1))
     * GenServer.call({:via, Registry, {Reg, id}}, :pop)   runtime.call(Name.via(stacks, id), new Pop())
     * GenServer.cast(Counter, :reset)                     runtime.cast("counter", Reset.INSTANCE)
     * }</pre>
     *
     * @throws NoProcessException if no process holds the name ({@code :noproc}), or the holder exited before the
     *     call was queued; once queued, as {@link Pid#call(Call)} (an exit then is {@link ProcessExitException})
     */
    public <R> R call(Name name, Call<R> request) {
        Objects.requireNonNull(request, "request"); // before the lookup, whose noproc would hide the mistake
        return holder(name).call(request);
    }

    /** {@code GenServer.call/3} by name; see {@link #call(Name, Call)}. */
    public <R> R call(Name name, Call<R> request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        Timeouts.checkWait(timeout); // before the lookup, as gen.erl's guard comes before it
        return holder(name).call(request, timeout);
    }

    /** {@link #call(Name, Call)} for a name in the runtime's own registry, {@code Name.local(name)}. */
    public <R> R call(String name, Call<R> request) {
        return call(Name.local(name), request);
    }

    /** {@link #call(Name, Call, Duration)} for a name in the runtime's own registry. */
    public <R> R call(String name, Call<R> request, Duration timeout) {
        return call(Name.local(name), request, timeout);
    }

    /**
     * {@code GenServer.cast/2} by name. A cast to a name nobody holds, or whose holder exits before the cast
     * reaches it, is dropped silently as OTP's is: a name may be between two incarnations of its process, and a
     * cast promises nothing anyway. ({@link Pid#cast} throws instead: a pid, once dead, stays dead.)
     *
     * @throws MailboxFullException if the holder's mailbox is at its bound
     * @throws ProcessExitException if the sender is a callback of a process that has exited under it (a zombie,
     *     see {@link Pid#cast}), and the name is held
     */
    public void cast(Name name, Object message) {
        Objects.requireNonNull(message, "message"); // a free name drops the cast, which is no reason to take a null
        Optional<Pid> holder = whereis(name);
        if (holder.isPresent()) {
            try {
                holder.get().cast(message);
            } catch (NoProcessException exitedMeanwhile) {
                // dropped, as a cast to a free name is
            }
        }
    }

    /** {@link #cast(Name, Object)} for a name in the runtime's own registry. */
    public void cast(String name, Object message) {
        cast(Name.local(name), message);
    }

    /**
     * {@code send(name, message)}, erlang's {@code Name ! Message}: an info message to the name's holder, looked up
     * now. Unlike a cast, a send to a name nobody holds fails, as erlang's raises {@code badarg} for an unregistered
     * name (and Elixir's {@code Registry.send/2} for a free key); a holder that exits before the message reaches it
     * drops it, as any send to an exited process. So does one that has exited but still holds the name, its exit
     * being announced: erlang frees a name only late in an exit ({@code erl_process.c}, the exit's {@code FREE}
     * phase), and Elixir's registry once its own process hears of the exit; until then the send finds the process
     * and the message goes with it, where a call or {@link #whereis} finds no live process.
     *
     * @throws NoProcessException if no process holds the name
     * @throws MailboxFullException if the holder's mailbox is at its bound
     * @throws ProcessExitException if the sender is a callback of a process killed under it (a zombie), and the
     *     name is held
     */
    public void send(Name name, Object message) {
        Objects.requireNonNull(message, "message");
        ProcessCell registered = switch (Objects.requireNonNull(name, "name")) {
            case Name.Local local -> localNames.registered(local.name());
            case Name.Via via -> via.registry().registered(via.key());
        };
        if (registered == null) {
            throw new NoProcessException(name.toString());
        }
        registered.send(message);
    }

    /** {@link #send(Name, Object)} for a name in the runtime's own registry. */
    public void send(String name, Object message) {
        send(Name.local(name), message);
    }

    private Pid holder(Name name) {
        return whereis(name).orElseThrow(() -> new NoProcessException(name.toString()));
    }

    /**
     * {@code GenServer.stop/3}: the stop is handled after the messages already queued, {@code terminate} runs,
     * and this returns once the process is gone. If the process exits before handling it, with this same reason
     * (another stop, a {@link Stop} result), this returns too, as {@code proc_lib:stop} does since erlang/otp#8772
     * (2024); OTP 25, run beside it, exits with {@code {Reason, {sys, terminate, _}}}.
     *
     * @throws NullPointerException if {@code reason} is null (nothing is sent)
     * @throws NoProcessException   if the process has already exited
     * @throws ProcessExitException if it exited with another reason than {@code reason} ({@code terminate} threw,
     *                              or it crashed or was killed first), as OTP's {@code proc_lib:stop} exits; or
     *                              with the stopping process's own exit, if the stopped one was linked to it and
     *                              its exit ended it
     * @throws CallTimeoutException if it did not stop within {@code timeout} (it may still stop later)
     * @throws CallingSelfException if a process tries to stop itself this way (return {@link Stop} instead), or
     *                              the process runs a handler further up this thread, which the stop would wait for
     */
    public void stop(Pid pid, ExitReason reason, Duration timeout) {
        ProcessCell stopper = ProcessCell.refuseZombie();
        Objects.requireNonNull(reason, "reason"); // here, not in the process, whose exit it would crash
        timeout = Timeouts.checkWait(timeout);
        ProcessCell cell = cell(pid);
        if (cell.runsUpThisThread()) {
            throw new CallingSelfException(cell, stopper);
        }
        if (!cell.isAlive()) {
            throw new NoProcessException(pid.toString());
        }
        try {
            cell.requestStop(reason).await(options.timers().nanoTime() + timeout.toNanos(), timeout);
        } finally {
            ProcessCell.endIfExited(stopper); // linked to it, and ended by its exit before the stop was answered
        }
    }

    /**
     * {@code GenServer.stop/3} by name: the holder, looked up now, stopped as {@link #stop(Pid, ExitReason,
     * Duration)} stops it.
     *
     * @throws NoProcessException if no process holds the name, as {@code proc_lib:stop} exits {@code noproc}, or
     *     its holder has exited before the stop was queued; otherwise as {@link #stop(Pid, ExitReason, Duration)}
     */
    public void stop(Name name, ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        Timeouts.checkWait(timeout); // before the lookup, as for a call by name
        stop(holder(name), reason, timeout);
    }

    /** {@link #stop(Name, ExitReason, Duration)} for a name in the runtime's own registry. */
    public void stop(String name, ExitReason reason, Duration timeout) {
        stop(Name.local(name), reason, timeout);
    }

    /**
     * Stops {@code pid} as a supervisor does, with a shutdown of {@code timeout}: see
     * {@link #shutdown(Pid, Shutdown)}.
     */
    public void shutdown(Pid pid, Duration timeout) {
        shutdown(pid, Shutdown.timeout(timeout));
    }

    /**
     * Stops {@code pid} as a supervisor stops a child with this {@code shutdown}: a brutal kill, or
     * {@code exit(Pid, shutdown)}, which ends a process that does not trap exits at once with
     * {@link ExitReason#SHUTDOWN}, without {@code terminate}, and which one that traps takes in mailbox order,
     * {@code terminate} and all, within the timeout (then a kill) or without one. Returns once the process is gone
     * or killed; an exited process is fine, and nothing is logged for it. An exit of the process shut down other
     * than {@code shutdown}, {@code {shutdown, _}} or, for a brutal kill, {@code killed} is logged, as a supervisor
     * reports a {@code shutdown_error}. To have {@code terminate} run in any process, use {@link #stop}.
     */
    public void shutdown(Pid pid, Shutdown shutdown) {
        Objects.requireNonNull(shutdown, "shutdown");
        shutdown(pid, shutdown, unsupervised(shutdown));
    }

    /**
     * The rule of a stopper that is no supervisor (the public {@link #shutdown(Pid, Shutdown)}, {@link #close()}):
     * an exit from before is none of its concern (only a supervisor, linked to it, finds such an exit waiting and
     * reports it); {@code shutdown}, {@code {shutdown, _}} and, for a brutal kill, {@code killed} are as asked.
     */
    private static ExpectedExit unsupervised(Shutdown shutdown) {
        return (cell, reason, exitedBefore) -> exitedBefore || reason.kind() == ExitReason.Kind.SHUTDOWN
                || shutdown instanceof Shutdown.BrutalKill && reason.equals(ExitReason.KILLED);
    }

    /**
     * {@link #shutdown(Pid, Shutdown)} by a supervisor, which logs an exit it does not take as {@code expected}
     * as a {@code shutdown_error} (each kind of supervisor takes its own, as in OTP): one it shut down, or one
     * that had exited already, whose exit the supervisor has yet to handle.
     */
    void shutdown(Pid pid, Shutdown shutdown, ExpectedExit expected) {
        ProcessCell stopper = ProcessCell.refuseZombie();
        ProcessCell cell = cell(pid);
        try {
            if (cell.isAlive()) {
                shutdownAll(List.of(cell), any -> shutdown, expected);
            } else {
                reportUnexpected(cell, cell.exitFoundBy(stopper), true, expected);
            }
        } finally {
            ProcessCell.endIfExited(stopper); // linked to it, and ended by its exit
        }
    }

    /**
     * {@code Process.exit(pid, :kill)}: returns once the process is gone (marked dead, its name free, its monitors
     * and links told; its callers are failed right after, by whoever announces the exit: this thread, unless
     * another's exit got there first), without waiting for a handler still running; that handler's result is
     * discarded and its state never written back. Does nothing to an exited process.
     *
     * @throws ProcessExitException with the calling process's own exit, if the kill ended it (it killed itself, or
     *                              a process linked to it)
     */
    public void kill(Pid pid) {
        ProcessCell killer = ProcessCell.refuseZombie();
        cell(pid).kill(ExitReason.KILLED, killer);
        ProcessCell.endIfExited(killer); // itself, or linked to what it killed
    }

    /**
     * {@code Process.monitor/1} on behalf of {@code watcher}; prefer {@link Self#monitor} inside callbacks. There is
     * no monitor by name: monitor the pid {@link #whereis(Name)} finds, whose empty answer for a free name stands
     * where erlang's monitor of a name delivers a {@code DOWN} with {@code noproc} at once. A process monitoring
     * itself gets a reference and no monitor, as in ERTS ({@code bif.c}'s {@code local_pid_monitor} returns early
     * when the target is the caller): it cannot be told of its own exit, and demonitoring it answers false. A target
     * that has exited gets its {@code noproc} {@link Down} sent at once; if its exit is still being announced, once
     * that is done, so the watcher finds its name free and the process gone, as erlang's unregisters a name first.
     */
    public MonitorRef monitor(Pid watcher, Pid target) {
        ProcessCell watching = cell(watcher);
        ProcessCell watched = cell(target);
        MonitorRef ref = new MonitorRef(watching, watched);
        if (watching == watched) {
            return ref;
        }
        if (!watching.addMonitoring(ref)) {
            return ref; // the watcher has exited: nobody is left to be told
        }
        if (!watched.addWatcher(ref)) {
            watching.removeMonitoring(ref);
            watched.awaitExitAnnounced(); // told once its name is free and it has left the table, as any watcher is
            watching.sendSystem(new Down(ref, watched, NOPROC));
        } else if (!watching.isAlive()) {
            watched.removeWatcher(ref); // the watcher exited meanwhile and may have missed this ref
        }
        return ref;
    }

    /**
     * {@code Process.demonitor(ref, [:info])}: true if the monitor was active ({@code Process.demonitor/1} answers
     * true either way). Either way no {@link Down} for it is queued after this returns (one may have been queued
     * before), as erlang's {@code demonitor/1} promises: an exit that took the monitor first has sent its
     * {@code Down} by then. This acts for the monitor's watcher, as
     * {@link #monitor} does; a process removing only its own monitors uses {@link Self#demonitor}.
     */
    public boolean demonitor(MonitorRef ref) {
        ref.watcher.removeMonitoring(ref);
        boolean active = ref.target.removeWatcher(ref);
        if (!active) {
            ref.target.awaitExitAnnounced();
        }
        return active;
    }

    /**
     * {@code Process.demonitor(ref, [:flush, :info])}: removes the monitor, and no {@link Down} for it is
     * handled from now on, even one already queued: the watcher drops it unseen. Without flush, a monitor that
     * had fired leaves its {@code Down} to be handled.
     *
     * <pre>{@code
     * Process.demonitor(ref, [:flush])             runtime.demonitorFlush(ref);
     * Process.demonitor(ref, [:flush, :info])      boolean wasActive = runtime.demonitorFlush(ref);
     * }</pre>
     *
     * <p>OTP's {@code [:flush]} always answers true, which tells nothing, so one method serves both forms.
     *
     * @return true if the monitor was active and had not fired; false if it had fired (its {@code Down}, queued
     *     or on its way, is dropped) or was removed already
     */
    public boolean demonitorFlush(MonitorRef ref) {
        ref.flush(); // before the removal: a Down sent meanwhile is dropped too
        return demonitor(ref);
    }

    /**
     * {@code Process.send_after/3}: delivers {@code message} as info after {@code delay}, never refused for a
     * full mailbox. The returned {@link TimerRef} reads and cancels the timer, which is cancelled when {@code pid}
     * exits (or at once if it has exited), as erlang's is. A timer of delay 0 started by a process comes, as
     * erlang's does, once that process yields: when its callback goes back to the mailbox (after any
     * {@code continue}), parks waiting for a call's reply or a started process's init (its own or one it waits for
     * on the same thread), or ends. So whatever the callback sends after starting it and before such a wait arrives
     * first, and until then the timer reads 0 and a cancel answers 0 and stops it. (A call answered at once, run on
     * the caller's thread, is no wait; erlang's process also yields in a bare {@code receive} or a sleep, while a
     * callback that blocks its thread otherwise holds its zero timers until it returns.) Started outside any
     * process, it fires at once. To a name:
     * {@link #sendAfter(String, Object, Duration)}.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws ProcessExitException if called by a callback of a process killed under it (a zombie)
     */
    public TimerRef sendAfter(Pid pid, Object message, Duration delay) {
        ProcessCell starter = ProcessCell.refuseZombie();
        ProcessCell destination = cell(pid);
        Objects.requireNonNull(message, "message");
        Duration checked = Timeouts.checkWait(delay);
        if (checked.isZero() && starter != null && destination.isAlive()) {
            return starter.holdUntilYield(
                    new ZeroTimer(() -> destination.sendAfter(options.timers(), message, checked)));
        }
        return destination.sendAfter(options.timers(), message, checked);
    }

    /**
     * {@code Process.send_after(name, message, delay)} for a name in the runtime's own registry: the name is looked
     * up when the timer fires, and the message goes to whichever process holds it then, never refused for a full
     * mailbox; if none does, it is dropped without an error, as erlang's is ("no error is returned if the name does
     * not refer to a process"). So, unlike a timer to a pid, it is not cancelled when a holder of the name exits:
     * it outlives its starter and any holder, until it fires or {@link TimerRef#cancel()} stops it. A delay of 0
     * comes once its starting process yields, as {@link #sendAfter(Pid, Object, Duration)}'s. Only the runtime's own
     * names, as erlang's destination is a pid or an atom: a {@link Name#via} key takes a timer of your own process
     * that sends to {@link #whereis(Name)}'s answer.
     *
     * @throws NullPointerException     if {@code name} or {@code message} is null
     * @throws IllegalArgumentException if {@code name} is empty or {@code delay} is negative
     * @throws ProcessExitException     if called by a callback of a process killed under it (a zombie)
     */
    public TimerRef sendAfter(String name, Object message, Duration delay) {
        ProcessCell starter = ProcessCell.refuseZombie();
        String holderName = new Name.Local(name).name();
        Objects.requireNonNull(message, "message");
        Duration checked = Timeouts.checkWait(delay);
        Supplier<TimerRef> timer = () -> options.timers().schedule(() -> {
            ProcessCell holder = localNames.registered(holderName);
            if (holder != null) {
                holder.sendSystem(message);
            }
        }, checked);
        return checked.isZero() && starter != null ? starter.holdUntilYield(new ZeroTimer(timer)) : timer.get();
    }

    /** The living process with this id. */
    public Optional<Pid> find(long id) {
        return Optional.ofNullable(processes.get(id));
    }

    /** How many processes are alive. */
    public int count() {
        return processes.size();
    }

    /**
     * Up to {@code limit} processes with ids above {@code afterId}, in start order: a page of the process list,
     * costing O(limit) plus the table chunks it crosses, however many processes there are.
     */
    public List<ProcessInfo> processes(long afterId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        return processes.page(afterId, limit).stream().map(ProcessInfo::of).toList();
    }

    /**
     * Shows every living process to {@code visitor}, oldest first, with its waiting messages, the calls, casts and
     * infos it handled, and its restarts: one pass over the table, reading the plain counts each process keeps
     * anyway, with no message to any process and no allocation per process. What an observer computes "top N by
     * mailbox depth" and message rates from, at read time, so that the message path pays nothing for them. Weakly
     * consistent: a process starting or exiting during the pass may or may not be shown, and a count may lag a
     * message behind.
     */
    public void survey(ProcessVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        for (ProcessCell cell : processes.oldestFirst()) {
            visitor.visit(cell, cell.mailboxSize(), cell.calls() + cell.casts() + cell.infos(), cell.restarts);
        }
    }

    /**
     * Up to {@code limit} living children of {@code supervisor} with ids above {@code afterId}, in start order: a
     * page of a dynamic supervisor's children, which it does not publish ({@link #supervision}). Walks the table
     * from {@code afterId} until the page is full, so it costs O(processes walked), not O(children).
     */
    public List<ProcessInfo> children(Pid supervisor, long afterId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be >= 1: " + limit);
        }
        ProcessCell parent = cell(supervisor);
        List<ProcessInfo> page = new ArrayList<>(Math.min(limit, 1024));
        long after = afterId;
        while (page.size() < limit) {
            List<ProcessCell> chunk = processes.page(after, 4096);
            for (ProcessCell cell : chunk) {
                if (cell.parent == parent) {
                    page.add(ProcessInfo.of(cell));
                    if (page.size() == limit) {
                        return page;
                    }
                }
            }
            if (chunk.size() < 4096) {
                return page;
            }
            after = chunk.getLast().id();
        }
        return page;
    }

    /**
     * Processes, waiting messages and messages handled, per service: what metrics export. One pass over the
     * process table, so callers should not ask more often than a scrape does. Message counts include processes
     * that have exited and never decrease, except that a process exiting during the pass may be missed once.
     */
    public Map<String, ServiceSnapshot> services() {
        Map<String, ServiceSnapshot.Builder> builders = new HashMap<>();
        exited.forEach((service, totals) -> builders.put(service, totals.toBuilder(service)));
        for (ProcessCell cell : processes.oldestFirst()) {
            builders.computeIfAbsent(cell.service(), ServiceSnapshot.Builder::new).add(cell);
        }
        Map<String, ServiceSnapshot> snapshot = new TreeMap<>();
        builders.forEach((service, builder) -> snapshot.put(service, builder.build()));
        return snapshot;
    }

    /**
     * A supervisor's counts and children as it published them after the last message it handled, read without a
     * message, so that a health check never queues behind a busy supervisor. Empty if {@code pid} is not
     * a supervisor or has exited.
     */
    public Optional<SupervisionReport> supervision(Pid pid) {
        ProcessCell cell = cell(pid);
        if (!cell.isAlive() || !(cell.server() instanceof Published.Publisher publisher)) {
            return Optional.empty();
        }
        Published published = publisher.published();
        return published == null ? Optional.empty()
                : Optional.of(published.report(options.timers().nanoTime()));
    }

    /** A snapshot of one process. */
    public ProcessInfo info(Pid pid) {
        return ProcessInfo.of(cell(pid));
    }

    /**
     * {@code :sys.statistics(pid, :get)}: the messages handled by kind, the start time and the messages waiting.
     * Read without a message to the process (the counts are plain fields only it writes), so it costs nothing,
     * never waits, and works for a busy or suspended process alike; see {@link ProcessStatistics} for how fresh
     * the figures are.
     *
     * @throws NoProcessException if the process has exited
     */
    public ProcessStatistics statistics(Pid pid) {
        ProcessCell cell = cell(pid);
        if (!cell.isAlive()) {
            throw new NoProcessException(pid.toString());
        }
        return ProcessStatistics.of(cell);
    }

    /**
     * {@code :sys.get_status}: the state as the server's {@link GenServer#formatStatus} renders it, read inside
     * the process after the messages already queued. This is what to show operators: {@code formatStatus} is where
     * a server redacts what must not be shown.
     *
     * @throws NoProcessException   if the process has exited
     * @throws CallTimeoutException if it did not answer within {@code timeout}
     * @throws ProcessExitException if it exited before answering
     * @throws CallingSelfException if a process asks this of itself
     */
    public Object status(Pid pid, Duration timeout) {
        return cell(pid).system(new SystemRequest.Read(ProcessRuntime::formatStatus), timeout);
    }

    /**
     * {@code :sys.get_state}: the state itself, read inside the process after the messages already queued. For
     * debugging: unlike {@link #status} it shows everything, secrets included, and hands out the very object the
     * process goes on using (never change it from outside; {@link #replaceState} is the way).
     *
     * <pre>{@code
     * :sys.get_state(pid)          Long n = runtime.getState(pid, ofSeconds(5));
     * }</pre>
     *
     * @param <S> the state's type, which the caller asserts: it is not checked here, so a wrong guess throws
     *            {@link ClassCastException} where the result is used
     * @throws NoProcessException   if the process has exited
     * @throws CallTimeoutException if it did not answer within {@code timeout}
     * @throws ProcessExitException if it exited before answering
     * @throws CallingSelfException if a process asks this of itself
     */
    @SuppressWarnings("unchecked")
    public <S> S getState(Pid pid, Duration timeout) {
        return (S) cell(pid).system(new SystemRequest.Read((server, state) -> state), timeout);
    }

    /**
     * {@code :sys.replace_state}: runs {@code function} inside the process, after the messages already queued,
     * and makes its result the new state, which this returns. For debugging and repairs by an operator: the server
     * is not told. If {@code function} throws, the state stays as it was and the process lives on.
     *
     * <pre>{@code
     * :sys.replace_state(pid, fn n -> n + 1 end)     runtime.replaceState(pid, (Long n) -> n + 1, ofSeconds(5))
     * }</pre>
     *
     * @param <S> the state's type, which the caller asserts: a wrong guess makes {@code function} throw
     *            {@link ClassCastException}, which fails this call like any other throw and changes nothing
     * @throws CallbackFailedException if {@code function} threw (its cause); the state is unchanged
     * @throws NoProcessException      if the process has exited
     * @throws CallTimeoutException    if it did not answer within {@code timeout}; the function may still run later
     * @throws ProcessExitException    if it exited before answering
     * @throws CallingSelfException    if a process asks this of itself
     */
    @SuppressWarnings("unchecked")
    public <S> S replaceState(Pid pid, UnaryOperator<S> function, Duration timeout) {
        Objects.requireNonNull(function, "function");
        return (S) cell(pid).system(new SystemRequest.Replace((UnaryOperator<Object>) function), timeout);
    }

    /**
     * {@code :sys.suspend}: once the process has handled the messages already queued, it handles nothing but
     * system messages until {@link #resume}. Casts, calls and infos keep queueing (up to the mailbox's bound) and
     * are handled after the resume, in the order they arrived; a call meanwhile waits, and times out like any
     * call. What still gets through: {@link #status}, {@link #getState}, {@link #replaceState}, {@link #resume},
     * a {@link #stop}, a supervisor's shutdown ({@code terminate} runs in one that traps exits, as when OTP's
     * suspended loop receives its parent's exit signal; one that does not ends at once), and a {@link #kill}.
     * {@link #statistics} needs no message at all. Suspending a suspended process does nothing: suspends do not
     * nest.
     *
     * <pre>{@code
     * :sys.suspend(pid)            runtime.suspend(pid, ofSeconds(5))
     * :sys.resume(pid)             runtime.resume(pid, ofSeconds(5))
     * }</pre>
     *
     * @throws NoProcessException   if the process has exited
     * @throws CallTimeoutException if it did not get to the request within {@code timeout} (it still will)
     * @throws ProcessExitException if it exited before getting to it
     * @throws CallingSelfException if a process asks this of itself
     */
    public void suspend(Pid pid, Duration timeout) {
        cell(pid).system(new SystemRequest.Suspend(), timeout);
    }

    /**
     * {@code :sys.resume}: a suspended process handles the messages that queued up meanwhile, in order, then goes
     * on as before; an idle timeout counts afresh from the resume. Resuming a running process does nothing.
     *
     * @throws NoProcessException   if the process has exited
     * @throws CallTimeoutException if it did not get to the request within {@code timeout} (it still will)
     * @throws ProcessExitException if it exited before getting to it
     * @throws CallingSelfException if a process asks this of itself
     */
    public void resume(Pid pid, Duration timeout) {
        cell(pid).system(new SystemRequest.Resume(), timeout);
    }

    /**
     * A {@code formatStatus} that throws must not take its process down: introspection may ask every few seconds.
     * As gen.erl's {@code format_status} catches any class of failure, this catches all but the JVM's own errors.
     */
    private static Object formatStatus(GenServer<Object> server, Object state) {
        try {
            return server.formatStatus(state);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable failure) {
            LOG.log(Level.WARNING, "formatStatus of {0} failed: {1}", server.getClass().getName(),
                    failure.getClass().getName());
            return new StatusFormatFailed(failure.getClass().getName());
        }
    }

    /**
     * Stops every process: the supervision trees first, then the rest, as OTP stops its applications before
     * {@code init} kills the processes left. The top-level supervisors (without a parent) are all asked to stop at
     * once; each stops its own children in its own order, each within its own shutdown, and is waited for as long
     * as that takes, as OTP's application master waits for its top supervisor (a bound on the whole tree would kill
     * the children still stopping in it, with their queued messages). A supervised process may so stop, in its
     * {@code terminate}, the processes it started outside any tree, or linked to itself (a pool's workers),
     * within its own time. Then the other top-level processes are all asked to stop at once, newest first, and are
     * given {@code shutdownTimeout} together to run {@code terminate}. What is left after that is killed. Asking all at
     * once is what makes stopping a million processes take seconds rather than a million sequential hand-offs;
     * processes started without a supervisor declared no order among themselves (a supervision tree is how an
     * order is declared). A process left without its parent by that (a supervisor a plain process started linked,
     * which its parent's exit stops) is top-level in turn, and is waited for the same way before anything is
     * killed.
     *
     * <p>When the call that closes the runtime returns, every process has exited and every exit has been told to its
     * monitors, links and the {@link RuntimeListener}: {@link #count()} is 0. A later or concurrent call returns at
     * once, and so does one from code the runtime is running in the middle of an exit or a start (a listener, a
     * completion stage), without that promise. A start still on its way into the process table fails with
     * {@link IllegalStateException}, as one after {@code close} does, and leaves no process behind; one whose
     * process is in (its {@code init} running) is stopped with the others.
     *
     * <p>Close from outside the processes (the application does, from its shutdown): a callback that closes the
     * runtime may be ended by its own supervisor as the trees stop, and what it then waits for may be cut short.
     * A supervisor takes its stop only between messages, so one running a child's {@code init} (a start) is
     * waited for until that returns: give a child whose {@code init} may block a start timeout
     * ({@link StartOptions#withStartTimeout}), or {@code close} waits as long, as OTP's shutdown of a supervisor
     * blocked in a child's {@code init} does.
     *
     * <p>The executor and timer service in {@link RuntimeOptions} stay the caller's: {@code close} does not shut
     * them down (a non-daemon pool passed in keeps the JVM alive until its owner shuts it). Nor does the
     * runtime close itself when the JVM exits: processes still alive then, if {@code close} was not called, never
     * run {@code terminate}, as when an Erlang node halts.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return; // closed already, or being closed by another thread
            }
            closed = true;
        }
        Shutdown bound = Shutdown.timeout(options.shutdownTimeout());
        Shutdown whole = Shutdown.infinity();
        // Each round ends every process it lists (one its closer could not wait for, being killed meanwhile, is
        // killed), and nothing new starts once closed: the rounds run out.
        for (List<ProcessCell> topLevel = topLevel(); !topLevel.isEmpty(); topLevel = topLevel()) {
            List<ProcessCell> trees = topLevel.stream().filter(cell -> isSupervisor(cell.server())).toList();
            List<ProcessCell> round = trees.isEmpty() ? topLevel : trees;
            Shutdown each = trees.isEmpty() ? bound : whole; // a round is all supervisors, or none
            stopAll(round, any -> each, unsupervised(each), !trees.isEmpty());
            for (ProcessCell cell : round) {
                cell.kill(ExitReason.KILLED);
            }
        }
        // None is alive by now (the oldest living process never has a living parent), but an exit may still be
        // being announced on another thread: kill waits for it, so close() returns with every process gone. One
        // already out of the table, and a start that puts its process in after this pass, are waited for below.
        for (ProcessCell cell : processes.oldestFirst()) {
            cell.kill(ExitReason.KILLED);
        }
        tableChanges.awaitQuiet();
    }

    /**
     * The living processes without a living parent, newest first. Read oldest first, parents before their children
     * (a parent is older), so that a parent dying during the scan is seen dead when its child is looked at.
     */
    private List<ProcessCell> topLevel() {
        List<ProcessCell> topLevel = new ArrayList<>();
        for (ProcessCell cell : processes.oldestFirst()) {
            if (cell.isAlive() && (cell.parent == null || !cell.parent.isAlive())) {
                topLevel.add(cell);
            }
        }
        return topLevel.reversed();
    }

    private static boolean isSupervisor(Object server) {
        return server instanceof Published.Publisher; // implemented by the supervisors' servers, as supervision reads
    }

    /**
     * Stops every one of {@code cells} by its own {@link Shutdown}, as a supervisor does: in the given order,
     * without waiting in between, kills those to be killed brutally, ends those that do not trap exits at once with
     * {@link ExitReason#SHUTDOWN} (supervisor.erl's {@code exit(Pid, shutdown)} ends such a process wherever it is,
     * without {@code terminate}), and asks the trapping ones to stop with {@link ExitReason#SHUTDOWN}, a request
     * they take in mailbox order, {@code terminate} and all; then waits for each of those within its own timeout
     * counted from now, or as long as it takes for infinity, killing those that overrun (or whose stopper is
     * interrupted) at their own deadline: OTP's DynamicSupervisor stops its children this way. {@code shutdownOf}
     * is asked twice per cell. Logs each exit that {@code expected} does not take as a {@code shutdown_error}, as
     * OTP's supervisors report them: {@code killed} for one that overran its shutdown, too.
     */
    void shutdownAll(List<ProcessCell> cells, Function<ProcessCell, Shutdown> shutdownOf, ExpectedExit expected) {
        stopAll(cells, shutdownOf, expected, true);
    }

    /**
     * Which exits of a process it shuts down its stopper takes quietly (each supervisor's rule, the public
     * {@link #shutdown(Pid, Shutdown)}'s, {@link #close()}'s); any other is logged as a shutdown_error.
     */
    @FunctionalInterface
    interface ExpectedExit {
        /**
         * {@code exitedBefore}: the child had exited by the time it was to be signalled, its exit not yet handled
         * by the supervisor (OTP's supervisors find its {@code 'EXIT'} waiting).
         */
        boolean test(ProcessCell cell, ExitReason reason, boolean exitedBefore);
    }

    /**
     * {@link #shutdownAll}, or with {@code asSupervisor} false as {@link #stop} stops a process: every one not
     * killed brutally takes a stop in mailbox order, trapping or not ({@link #close()}'s processes outside a tree).
     */
    private void stopAll(List<ProcessCell> cells, Function<ProcessCell, Shutdown> shutdownOf,
            ExpectedExit expected, boolean asSupervisor) {
        long start = options.timers().nanoTime();
        List<PendingCall> stops = new ArrayList<>(cells.size());
        boolean[] exitedBefore = new boolean[cells.size()];
        ProcessCell stopper = ProcessCell.CURRENT.get();
        for (ProcessCell cell : cells) {
            exitedBefore[stops.size()] = !cell.isAlive();
            Shutdown shutdown = shutdownOf.apply(cell);
            if (shutdown instanceof Shutdown.BrutalKill) {
                cell.kill(ExitReason.KILLED);
                stops.add(null);
            } else if (asSupervisor && !cell.trapsExits()) {
                // exit(Pid, shutdown) to a process that does not trap exits ends it with that reason, whatever it
                // is doing: idle, busy, or waiting for the supervisor itself (OTP 25, shutdown.exs's D)
                cell.kill(ExitReason.SHUTDOWN);
                stops.add(null);
            } else if (shutdown instanceof Shutdown.Timeout(Duration none) && none.isZero()) {
                // supervisor.erl sends exit(Pid, shutdown), finds no 'DOWN' after 0 and kills: a trapping child
                // is killed before it takes the signal, and terminate does not run (OTP 25: 200 of 200)
                cell.kill(cell.trapsExits() ? ExitReason.KILLED : ExitReason.SHUTDOWN);
                stops.add(null);
            } else {
                stops.add(cell.requestStop(ExitReason.SHUTDOWN));
            }
        }
        // Waited for by deadline, the nearest first, infinity last: each kill then comes at its own deadline, as
        // when OTP arms a kill timer for each before waiting for any (dynamic_supervisor.ex's terminate_children);
        // in the given order, a child of infinity, or of a longer bound, held up the kill of one stopped after it.
        List<Integer> byDeadline = new ArrayList<>(cells.size());
        List<Duration> timeouts = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            byDeadline.add(i);
            timeouts.add(switch (shutdownOf.apply(cells.get(i))) {
                case Shutdown.Timeout bounded -> Timeouts.capped(bounded.duration());
                case Shutdown.Infinity infinity -> Timeouts.INFINITY;
                case Shutdown.BrutalKill brutal -> Duration.ZERO; // asked to stop above: kill it now
            });
        }
        byDeadline.sort(Comparator.comparing(timeouts::get)); // stable: the given order among equal bounds
        for (int i : byDeadline) {
            ProcessCell cell = cells.get(i);
            PendingCall stop = stops.get(i);
            Duration timeout = timeouts.get(i);
            try {
                if (stop != null) { // else ended above
                    stop.await(start + timeout.toNanos(), timeout);
                }
            } catch (CallTimeoutException | CallInterruptedException slow) {
                cell.kill(ExitReason.KILLED);
                if (ExitReason.KILLED.equals(cell.exitReason) && !expected.test(cell, ExitReason.KILLED, false)) {
                    LOG.log(Level.WARNING, slow instanceof CallTimeoutException
                            ? "shutdown_error: {0} did not stop within {1} ms: killed"
                            : "shutdown_error: {0} killed, its stopper interrupted while it stopped", cell,
                            timeout.toMillis());
                    continue;
                } // else it exited by itself as its time ran out: judged by its reason, as below
            } catch (ProcessExitException otherwise) {
                if (otherwise.pid() == stopper) {
                    continue; // the stopper's own exit, not the child's: close() goes on to kill what is left
                }
            }
            reportUnexpected(cell, exitedBefore[i] ? cell.exitFoundBy(stopper) : cell.exitReason, exitedBefore[i],
                    expected);
        }
    }

    /**
     * Logs a child's exit as a shutdown_error unless {@code expected} takes it: gone all the same, only reported.
     * Of a child that had exited before, {@code reason} is what its stopper finds
     * ({@link ProcessCell#exitFoundBy}).
     */
    private static void reportUnexpected(ProcessCell cell, ExitReason reason, boolean exitedBefore,
            ExpectedExit expected) {
        if (reason != null && !expected.test(cell, reason, exitedBefore)) { // claimed before any wait above ends
            String message = !exitedBefore ? "shutdown_error: {0} exited {1} as it was shut down"
                    : reason == NOPROC ? "shutdown_error: {0} had exited, unlinked from its stopper: {1}"
                    : "shutdown_error: {0} had exited {1} before it was shut down";
            LOG.log(Level.WARNING, message, cell, reason);
        }
    }

    /** The living processes, in start order (for the slow-handler watch). */
    Iterable<ProcessCell> cells() {
        return processes.oldestFirst();
    }

    /** True once {@link #close()} has begun. */
    public boolean isClosed() {
        return closed;
    }

    // ---------------------------------------------------------------- package-private

    private void register(ProcessCell cell) {
        Name name = cell.registeredName();
        if (name == null) {
            return;
        }
        Registry registry = registryOf(name);
        Object key = keyOf(name);
        while (true) {
            ProcessCell holder = registry.register(key, cell);
            if (holder == null) {
                return;
            }
            if (holder.isAlive()) {
                throw new AlreadyStartedException(name, holder);
            }
            registry.unregister(key, holder); // exited a moment ago and is about to leave: take its place
        }
    }

    /** Removes an exited process from the table and its registry; called before anyone hears of the exit. */
    void unregister(ProcessCell cell) {
        processes.remove(cell);
        Name name = cell.registeredName();
        if (name != null) {
            registryOf(name).unregister(keyOf(name), cell);
        }
    }

    /** Keeps an exited process's message counts; called by the process once it is out of the table. */
    void retire(ProcessCell cell) {
        exited.computeIfAbsent(cell.service(), service -> new ServiceTotals()).add(cell);
    }

    /** An init that failed or ignored: the process leaves without having been seen, but its parent is told. */
    private void abandon(ProcessCell cell, ExitReason reason) {
        tableChanges.begin(); // it leaves the table before its links hear of it
        try {
            unregister(cell);
            cell.initFailed(reason);
        } finally {
            tableChanges.end();
        }
    }

    /**
     * {@code proc_lib:spawn_link}: the link exists before {@code init} runs, so an exit while it runs reaches the
     * parent. False if the parent has exited.
     */
    private static boolean linkBeforeInit(ProcessCell child, ProcessCell parent) {
        child.addLink(parent); // first: a parent exiting once its half is there finds the child's and signals it
        if (parent.addLink(child) == Connections.EXITED) {
            child.removeLink(parent);
            return false;
        }
        return true;
    }

    /**
     * {@code proc_lib:sync_start}'s {@code flush_EXIT} (OTP 26 on): a start that returns a failure has unlinked
     * the caller first, so a caller that traps exits gets no {@link Exit} for it, and one that timed the start
     * out is not killed by the child it kills ({@code kill_flush_EXIT}).
     */
    private void unlinkFailedStart(ProcessCell child, ProcessCell parent) {
        if (parent != null) {
            unlink(parent, child);
        }
    }

    /**
     * {@code link/1} on behalf of {@code self}. Linking to a process that has exited sends {@code self} an exit
     * signal with reason {@code noproc} if it traps exits, and fails with {@code noproc} otherwise (OTP's
     * {@code link/1}); linking to itself does nothing.
     */
    void link(ProcessCell self, ProcessCell other) {
        if (self == other) {
            return;
        }
        // An exit signals through a link only if it finds the other's half there (ProcessCell.releaseTies), so
        // each half goes in before the process on the other side can see its own: self's first, then other's.
        // Only halves this call added are taken back: one that was there is a link that exists, whose exit
        // signals through it with its real reason.
        int own = self.addLink(other);
        if (own == Connections.EXITED) {
            return; // self has been killed meanwhile: its handler is a zombie
        }
        int others = other.addLink(self);
        if (others == Connections.EXITED) {
            other.awaitExitAnnounced(); // its exit has signalled through self's half, or never will
            if (!self.removeLink(other)) {
                return; // it took self's half, and signalled self with its own reason
            }
            if (!self.trapsExits()) {
                throw new NoProcessException(other.toString());
            }
            self.linkExitSignal(other, NOPROC); // an Exit, or from its parent a stop, as gen_server takes 'EXIT'
            return;
        }
        if (others == Connections.ADDED && !self.isAlive()) {
            other.removeLink(self); // self exited before other's half was there: as if it had never linked
        }
    }

    /**
     * {@code unlink/1} on behalf of {@code self}: once it returns, the link has no effect on {@code self} (an
     * exit of {@code other} that had already removed the link may have queued an {@link Exit}, as in OTP).
     */
    void unlink(ProcessCell self, ProcessCell other) {
        if (!self.removeLink(other)) {
            other.awaitExitAnnounced(); // an exit that took the link first signals self before unlink returns
        }
        other.removeLink(self);
    }

    private Registry registryOf(Name name) {
        return switch (name) {
            case Name.Local local -> localNames;
            case Name.Via via -> via.registry();
        };
    }

    private static Object keyOf(Name name) {
        return switch (name) {
            case Name.Local local -> local.name();
            case Name.Via via -> via.key();
        };
    }

    /** The cell behind {@code pid}, which must be one of this runtime's. */
    ProcessCell cell(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        if (!(pid instanceof ProcessCell cell) || cell.runtime != this) {
            throw new IllegalArgumentException(pid + " does not belong to this runtime");
        }
        return cell;
    }
}
