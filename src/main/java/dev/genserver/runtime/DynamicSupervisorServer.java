package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dynamic supervisor process: children are started on demand, each under its own spec, and bounded by
 * {@code maxChildren}. Temporary children (the usual kind here) leave when they exit and never count toward the
 * restart intensity.
 */
final class DynamicSupervisorServer implements GenServer<DynamicSupervisorServer.State>, Published.Publisher {

    /**
     * Its reports of a child's own exit, a failed restart and its giving up begin with the label of the OTP report
     * each stands for ({@code child_terminated}, {@code start_error}, {@code shutdown}): a reader, and the
     * conformance tests, tell them apart by it. The {@code shutdown_error} reports of a child it shuts down carry
     * that label too, but come from {@link ProcessRuntime}'s logger, which shuts the child down.
     */
    private static final System.Logger LOG = System.getLogger(DynamicSupervisorServer.class.getName());

    record StartChild(ChildSpec spec) implements Call<Pid> { }

    record TerminateChild(Pid pid) implements Call<Boolean> { }

    record CountChildren() implements Call<ChildCounts> { }

    record WhichChildren() implements Call<List<ChildInfo>> { }

    record Stats() implements Call<SupervisorStats> { }

    /**
     * Sent to itself after a restart failed (Elixir's {@code {:"$gen_restart", pid}}): the next attempt waits
     * behind the messages already queued, and every attempt counts toward the intensity, which ends the retries.
     */
    record TryAgainRestart(Pid pid) { }

    /** One child: its spec, how often it was restarted, and whether a restart of it is to be tried again. */
    static final class Child {
        final ChildSpec spec;
        int restarts;
        boolean restarting;

        Child(ChildSpec spec) {
            this.spec = spec;
        }
    }

    /**
     * Owned by the supervisor process. Children by pid, insertion order being start order; a child whose restart
     * failed stays under its old pid, marked restarting, as in Elixir. The counts are kept as children come and go,
     * so that {@code count_children} costs the same for a million children as for one.
     */
    static final class State {
        final Map<Pid, Child> children = new LinkedHashMap<>();
        final Intensity intensity;
        int restarting;
        int supervisors;
        /** {@link #childExits} as the last scan at the bound read it ({@link #madeRoom}); -1 before any. */
        long exitsAtScan = -1;

        State(Intensity intensity) {
            this.intensity = intensity;
        }

        void add(Pid pid, Child child) {
            children.put(pid, child);
            if (child.spec.type() == ChildType.SUPERVISOR) {
                supervisors++;
            }
        }

        /** Forgets a child, keeping the counts right; null if it was not a child. */
        Child remove(Pid pid) {
            Child child = children.remove(pid);
            if (child != null && child.restarting) {
                child.restarting = false;
                restarting--;
            }
            if (child != null && child.spec.type() == ChildType.SUPERVISOR) {
                supervisors--;
            }
            return child;
        }

        void markRestarting(Child child) {
            if (!child.restarting) {
                child.restarting = true;
                restarting++;
            }
        }

        int active() {
            return children.size() - restarting;
        }

        /** Elixir's {@code count_children}: a restarting child is a spec without an active process. */
        ChildCounts counts() {
            return new ChildCounts(children.size(), active(), supervisors, children.size() - supervisors);
        }
    }

    private final DynamicSupervisorSpec spec;
    /** Written by this supervisor after every message, read by anyone: see {@link Published}. */
    private volatile Published published;
    /** Exits of this supervisor's children claimed so far, counted by the children as they claim them. */
    private final AtomicLong childExits = new AtomicLong();

    DynamicSupervisorServer(DynamicSupervisorSpec spec) {
        this.spec = spec;
    }

    @Override
    public Init<State> init() {
        Self.trapExits(true); // as supervisor.erl's init, whatever options it was started with
        State state = new State(new Intensity(spec.maxRestarts(), spec.period()));
        publish(state);
        return Init.ok(state);
    }

    @Override
    public Published published() {
        return published;
    }

    /** Counts only: a dynamic supervisor may have a million children, and they come and go all the time. */
    private void publish(State state) {
        published = new Published("one_for_one", state.active(), state.intensity.times(), spec.maxRestarts(),
                spec.period(), List.of(), true);
    }

    /**
     * Elixir's {@code which_children}: {@code {:undefined, pid | :restarting, type, modules}}, in start order (Elixir
     * walks its map of children by pid, the start order, while there are at most 32; beyond, in the map's own order).
     */
    private static List<ChildInfo> children(State state) {
        List<ChildInfo> children = new ArrayList<>(state.children.size());
        state.children.forEach((pid, child) -> children.add(new ChildInfo(null, child.restarting ? null : pid,
                child.restarting, child.spec.type(), child.spec.restart(), child.restarts)));
        return children;
    }

    @Override
    public CallResult<State> handleCall(Call<?> request, From from, State state) {
        CallResult<State> result = switch (request) {
            case StartChild start -> startChild(start, from, state);
            case TerminateChild terminate -> {
                Child child = state.children.get(terminate.pid());
                if (child != null && !child.restarting) {
                    Self.runtime().shutdown(terminate.pid(), child.spec.shutdown(),
                            (cell, reason, exitedBefore) -> isExpectedShutdownExit(child.spec, reason, exitedBefore));
                }
                state.remove(terminate.pid()); // a restarting child has no process: forgetting it is enough
                yield terminate.reply(child != null, state);
            }
            case CountChildren count -> count.reply(state.counts(), state);
            case WhichChildren which -> which.reply(children(state), state);
            case Stats stats -> stats.reply(stats(), state);
            default -> GenServer.super.handleCall(request, from, state);
        };
        publish(state);
        return result;
    }

    /** Elixir's {@code handle_cast(_msg, state)}: a stray cast is ignored, not a crash that takes every child. */
    @Override
    public Result<State> handleCast(Object message, State state) {
        return Result.noreply(state);
    }

    @Override
    public Result<State> handleInfo(Object message, State state) {
        Result<State> result = switch (message) {
            case Exit exit -> childExited(exit, state);
            case TryAgainRestart again -> {
                Child child = state.children.get(again.pid());
                // Absent if terminated meanwhile (Elixir's "we may hit this clause" case).
                yield child != null && child.restarting ? restart(again.pid(), child, state) : Result.noreply(state);
            }
            default -> GenServer.super.handleInfo(message, state);
        };
        publish(state);
        return result;
    }

    /**
     * Stops all children at once, each within its own shutdown time, signalled in start order (Elixir's
     * DynamicSupervisor signals them in its children map's order: start order while there are at most 32, see
     * {@link #children}): its children are alike and independent, and a million of them stopped one after another
     * would take minutes.
     */
    @Override
    public void terminate(ExitReason reason, State state) {
        List<ProcessCell> running = new ArrayList<>(state.children.size());
        state.children.forEach((pid, child) -> {
            if (!child.restarting) {
                running.add((ProcessCell) pid);
            }
        });
        Self.runtime().shutdownAll(running, child -> state.children.get(child).spec.shutdown(),
                (child, exit, exitedBefore) -> isExpectedShutdownExit(state.children.get(child).spec, exit,
                        exitedBefore));
        state.children.clear();
    }

    /**
     * dynamic_supervisor.ex's {@code wait_child}: the exits of a child it shuts down that it does not report as a
     * {@code shutdown_error}. {@code killed} for a brutal kill; else {@code shutdown} or {@code {shutdown, _}}, and
     * {@code normal} from a child that is not permanent (shutdown.exs's K). Of a child that had exited already,
     * {@code monitor_child} finds the {@code 'EXIT'} waiting, and only {@code normal} from a child that is not
     * permanent goes unreported (L); one that had unlinked itself first sent none and is reported {@code noproc} (N).
     */
    private static boolean isExpectedShutdownExit(ChildSpec spec, ExitReason reason, boolean exitedBefore) {
        if (exitedBefore) {
            return reason.kind() == ExitReason.Kind.NORMAL && spec.restart() != RestartType.PERMANENT;
        }
        if (spec.shutdown() instanceof Shutdown.BrutalKill) {
            return reason.equals(ExitReason.KILLED);
        }
        return reason.kind() == ExitReason.Kind.SHUTDOWN
                || reason.kind() == ExitReason.Kind.NORMAL && spec.restart() != RestartType.PERMANENT;
    }

    @Override
    public Object formatStatus(State state) {
        return stats();
    }

    private CallResult<State> startChild(StartChild start, From from, State state) {
        if (state.children.size() >= spec.maxChildren() && !madeRoom(state)) {
            PendingCall.failOnReturn(from, new MaxChildrenException(Self.pid().toString(), spec.maxChildren()));
            return Result.noreply(state);
        }
        try {
            Pid pid = start.spec().start(0);
            state.add(pid, new Child(start.spec()));
            return start.reply(pid, state);
        } catch (StartIgnoredException ignored) { // dynamic_supervisor.ex: ":ignore -> :ignore", nothing added
            return start.reply(null, state);
        } catch (GenServerException | IllegalStateException failure) { // or the runtime closing refused it
            PendingCall.failOnReturn(from, failure);
            return Result.noreply(state);
        }
    }

    /**
     * At the bound, the children that have exited, and will not be restarted, with their exits not here yet: each
     * exit is handled now, as it will be when it arrives (it is then a child's no longer here, and ignored). A key's
     * process that idles out and is used again at once (the next increment of a named counter) was otherwise refused
     * for a bound that only it filled, with nothing left of it but a signal on its way: the caller finds its name
     * free before the signal is sent. In OTP the start would be refused until the {@code EXIT} came; this answers as
     * if it had come. The children are scanned only if one has claimed its exit since the last scan, so a flood of
     * starts at the bound costs what a refusal did before (a scan of 10,000 children takes 40–90 µs), and children
     * exiting meanwhile one scan each at most.
     */
    private boolean madeRoom(State state) {
        long exits = childExits.get(); // before the scan: an exit claimed during it is scanned for next time
        if (exits == state.exitsAtScan) {
            return false;
        }
        List<Pid> gone = new ArrayList<>();
        state.children.forEach((pid, child) -> {
            // claimed, not yet marked dead maybe: a child counts its claim in between, so one counted is seen here
            ExitReason claimed = ((ProcessCell) pid).exitReason;
            if (!child.restarting && claimed != null && !child.spec.restart().restartsAfter(claimed)) {
                gone.add(pid);
            }
        });
        for (Pid pid : gone) {
            childExited(new Exit(pid, ((ProcessCell) pid).exitReason), state);
        }
        state.exitsAtScan = exits; // every exit it counts was seen: handled now, or its child is to be restarted
        return state.children.size() < spec.maxChildren();
    }

    /**
     * Called by a child of this supervisor as it claims its exit, on the child's thread, before it is marked dead:
     * whoever then finds it gone (its name free) and asks for a start here is counted after it.
     */
    void childExitClaimed() {
        childExits.incrementAndGet();
    }

    private Result<State> childExited(Exit exit, State state) {
        Child child = state.children.get(exit.pid());
        if (child == null) {
            return Result.noreply(state); // a child we stopped ourselves, or not ours
        }
        if (child.spec.restart().reportsExit(exit.reason())) { // dynamic_supervisor.ex's maybe_restart_child/5
            LOG.log(Level.WARNING, "child_terminated: child {0} of {1} exited: {2}", exit.pid(), Self.pid(),
                    exit.reason());
        }
        if (!child.spec.restart().restartsAfter(exit.reason())) {
            state.remove(exit.pid());
            return Result.noreply(state);
        }
        return restart(exit.pid(), child, state);
    }

    /**
     * Elixir's {@code restart_child/3}: counts one restart toward the intensity, then starts the child afresh. If
     * the start fails, the child stays under its old pid, marked restarting, and a {@link TryAgainRestart} is
     * queued.
     */
    private Result<State> restart(Pid old, Child child, State state) {
        if (!state.intensity.allowRestart(Self.runtime().options().timers().nanoTime())) {
            state.remove(old);
            // dynamic_supervisor.ex's restart_child/3: report_error(:shutdown, :reached_max_restart_intensity, ...)
            LOG.log(Level.ERROR, "shutdown: dynamic supervisor {0}: reached_max_restart_intensity; giving up",
                    Self.pid());
            return Result.stop(ExitReason.SHUTDOWN, state); // as Elixir's: {:stop, :shutdown, state}
        }
        Pid pid;
        try {
            pid = child.spec.start(child.restarts + 1);
        } catch (StartIgnoredException ignored) {
            state.remove(old);
            return Result.noreply(state);
        } catch (GenServerException failure) {
            // restart_child/4: report_error(:start_error, reason, ...), the reason start_child's {:error, reason}
            LOG.log(Level.WARNING, "start_error: restarting child {0} of {1} failed, trying again: {2}",
                    child.spec.id(), Self.pid(), SupervisorServer.startError(failure));
            state.markRestarting(child);
            ((ProcessCell) Self.pid()).sendSystem(new TryAgainRestart(old));
            return Result.noreply(state);
        } catch (IllegalStateException refused) {
            if (!Self.runtime().isClosed()) {
                throw refused;
            }
            state.remove(old);
            return Result.stop(ExitReason.SHUTDOWN, state); // nothing starts any more, and close() stops this too
        }
        state.remove(old);
        child.restarts++;
        state.add(pid, child);
        Self.runtime().options().listener().childRestarted(Self.pid(), child.spec.id());
        return Result.noreply(state);
    }

    /** What this supervisor published after its last message: a stats request or formatStatus changes nothing. */
    private SupervisorStats stats() {
        return published.report(Self.runtime().options().timers().nanoTime()).stats();
    }
}
