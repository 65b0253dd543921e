package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The supervisor process: it traps exits, so each child's end arrives as an {@link Exit} message, and answers it
 * according to the child's restart type, the strategy, the restart intensity and the automatic shutdown.
 */
final class SupervisorServer implements GenServer<SupervisorServer.State>, Published.Publisher {

    /**
     * Its reports of a child's own exit, a failed restart or start and its giving up begin with the label of the OTP
     * report each stands for ({@code child_terminated}, {@code start_error}, {@code shutdown}): a reader, and the
     * conformance tests, tell them apart by it. The {@code shutdown_error} reports of a child it shuts down carry
     * that label too, but come from {@link ProcessRuntime}'s logger, which shuts the child down.
     */
    private static final System.Logger LOG = System.getLogger(SupervisorServer.class.getName());

    record WhichChildren() implements Call<List<ChildInfo>> { }

    record Stats() implements Call<SupervisorStats> { }

    record StartChild(ChildSpec spec) implements Call<Pid> { }

    record TerminateChild(String id) implements Call<Boolean> { }

    record RestartChild(String id) implements Call<Pid> { }

    record DeleteChild(String id) implements Call<Void> { }

    record CountChildren() implements Call<ChildCounts> { }

    /**
     * Sent to itself after a restart failed (OTP's {@code try_again_restart}): the next attempt waits behind the
     * messages already queued, so a stop, a call or another child's exit is not held up by a child that keeps
     * failing to start, and every attempt counts toward the intensity, which ends the retries.
     */
    record TryAgainRestart(String id) { }

    /** One child slot: its spec, the running process (or null) and how often it was restarted. */
    static final class Slot {
        final ChildSpec spec;
        Pid pid;
        int restarts;
        /** A restart failed and a {@link TryAgainRestart} is queued: OTP's {@code {restarting, Pid}}. */
        boolean restarting;

        Slot(ChildSpec spec) {
            this.spec = spec;
        }
    }

    /** Owned by the supervisor process; children in start order. */
    static final class State {
        final List<Slot> slots = new ArrayList<>();
        final Intensity intensity;

        State(Intensity intensity) {
            this.intensity = intensity;
        }
    }

    private final SupervisorSpec spec;
    /** Written by this supervisor after every message, read by anyone: see {@link Published}. */
    private volatile Published published;

    SupervisorServer(SupervisorSpec spec) {
        this.spec = spec;
    }

    @Override
    public Published published() {
        return published;
    }

    private void publish(State state) {
        int alive = (int) state.slots.stream().filter(slot -> slot.pid != null).count();
        published = new Published(spec.strategy().name().toLowerCase(Locale.ROOT), alive, state.intensity.times(),
                spec.maxRestarts(), spec.period(), children(state), false);
    }

    @Override
    public Init<State> init() {
        Self.trapExits(true); // supervisor.erl's init: process_flag(trap_exit, true), whatever it was started with
        State state = new State(new Intensity(spec.maxRestarts(), spec.period()));
        for (ChildSpec child : spec.children()) {
            Slot slot = new Slot(child);
            try {
                startChild(slot, 0);
            } catch (GenServerException failure) {
                // init_children's start_children reports it as a failed restart is reported, then OTP answers
                // {error, {shutdown, {failed_to_start_child, Id, Reason}}}, once the others are stopped.
                LOG.log(Level.WARNING, "start_error: starting child {0} of {1} failed: {2}", child.id(), Self.pid(),
                        startError(failure));
                stopChildren(state.slots);
                return Init.stop(new ExitReason(ExitReason.Kind.SHUTDOWN, "failed_to_start_child " + child.id()
                        + ": " + failure.getMessage(), failure, true));
            }
            if (!isIgnoredTemporary(slot)) {
                state.slots.add(slot);
            }
        }
        publish(state);
        return Init.ok(state);
    }

    @Override
    public CallResult<State> handleCall(Call<?> request, From from, State state) {
        CallResult<State> result = switch (request) {
            // newest first, as OTP lists them; the published report keeps start order
            case WhichChildren which -> which.reply(children(state).reversed(), state);
            case Stats stats -> stats.reply(stats(), state);
            case StartChild start -> addChild(start, from, state);
            case TerminateChild terminate -> terminateChild(terminate, state);
            case RestartChild restart -> restartChild(restart, from, state);
            case DeleteChild delete -> deleteChild(delete, from, state);
            case CountChildren count -> count.reply(counts(state), state);
            default -> GenServer.super.handleCall(request, from, state);
        };
        publish(state);
        return result;
    }

    @Override
    public Result<State> handleInfo(Object message, State state) {
        Result<State> result = switch (message) {
            case Exit exit -> childExited(exit, state);
            case TryAgainRestart again -> tryAgain(again, state);
            default -> GenServer.super.handleInfo(message, state);
        };
        publish(state);
        return result;
    }

    @Override
    public void terminate(ExitReason reason, State state) {
        stopChildren(state.slots);
    }

    @Override
    public Object formatStatus(State state) {
        return stats();
    }

    private CallResult<State> addChild(StartChild start, From from, State state) {
        String refused = spec.autoShutdown().refusal(start.spec());
        if (refused != null) { // supervisor.erl checks the spec first, then whether its id is taken
            PendingCall.failOnReturn(from, new IllegalArgumentException(refused));
            return Result.noreply(state);
        }
        Slot present = find(state, start.spec().id());
        if (present != null) { // supervisor.erl's handle_start_child: the running child's pid, or already_present
            PendingCall.failOnReturn(from, present.pid != null && !present.restarting
                    ? new AlreadyStartedException(start.spec().id(), present.pid)
                    : new ChildStateException(start.spec().id(), ChildStateException.Problem.ALREADY_PRESENT));
            return Result.noreply(state);
        }
        Slot slot = new Slot(start.spec());
        try {
            startChild(slot, 0);
        } catch (GenServerException | IllegalStateException failure) { // or the runtime closing refused it
            PendingCall.failOnReturn(from, failure);
            return Result.noreply(state);
        }
        if (!isIgnoredTemporary(slot)) {
            state.slots.add(slot);
        }
        return start.reply(slot.pid, state);
    }

    /** supervisor.erl: {@code {ok, undefined} when ?is_temporary(Child)} is not stored, as it could never run. */
    private static boolean isIgnoredTemporary(Slot slot) {
        return slot.pid == null && slot.spec.restart() == RestartType.TEMPORARY;
    }

    /**
     * OTP's {@code terminate_child}: stops the child's process, if any, and keeps the spec for a later restart,
     * unless the child is temporary; false if there is no such child.
     */
    private CallResult<State> terminateChild(TerminateChild terminate, State state) {
        Slot slot = find(state, terminate.id());
        if (slot == null) {
            return terminate.reply(false, state);
        }
        stopChildren(List.of(slot));
        if (slot.spec.restart() == RestartType.TEMPORARY) {
            state.slots.remove(slot);
        }
        return terminate.reply(true, state);
    }

    /**
     * OTP's {@code restart_child}: starts a child that is in the spec but not running. Not a restart the intensity
     * counts, nor one in {@link ChildInfo#restarts()}: it is asked for, not a recovery.
     */
    private CallResult<State> restartChild(RestartChild restart, From from, State state) {
        Slot slot = stoppedChild(state, restart.id(), from);
        if (slot == null) {
            return Result.noreply(state);
        }
        try {
            startChild(slot, slot.restarts);
        } catch (GenServerException | IllegalStateException failure) { // or the runtime closing refused it
            PendingCall.failOnReturn(from, failure);
            return Result.noreply(state);
        }
        return restart.reply(slot.pid, state);
    }

    /** OTP's {@code delete_child}: forgets the spec of a child that is not running. */
    private CallResult<State> deleteChild(DeleteChild delete, From from, State state) {
        Slot slot = stoppedChild(state, delete.id(), from);
        if (slot == null) {
            return Result.noreply(state);
        }
        state.slots.remove(slot);
        return delete.reply(null, state);
    }

    /**
     * The child {@code restart_child} or {@code delete_child} may act on: one in the spec and not running. If there
     * is none, the caller has been answered with the refusal and this returns null.
     */
    private static Slot stoppedChild(State state, String id, From from) {
        Slot slot = find(state, id);
        ChildStateException.Problem refused = refusal(slot);
        if (refused != null) {
            PendingCall.failOnReturn(from, new ChildStateException(id, refused));
            return null;
        }
        return slot;
    }

    /** Why {@code restart_child} or {@code delete_child} may not touch this child; null if they may. */
    private static ChildStateException.Problem refusal(Slot slot) {
        if (slot == null) {
            return ChildStateException.Problem.NOT_FOUND;
        }
        if (slot.restarting) {
            return ChildStateException.Problem.RESTARTING;
        }
        return slot.pid != null ? ChildStateException.Problem.RUNNING : null;
    }

    private Result<State> childExited(Exit exit, State state) {
        int index = indexOf(state, exit.pid());
        if (index < 0) {
            return Result.noreply(state); // a child we stopped ourselves, or not ours
        }
        Slot slot = state.slots.get(index);
        slot.pid = null;
        if (slot.spec.restart().reportsExit(exit.reason())) { // supervisor.erl's do_restart/3
            LOG.log(Level.WARNING, "child_terminated: child {0} of {1} exited: {2}", slot.spec.id(), Self.pid(),
                    exit.reason());
        }
        if (!slot.spec.restart().restartsAfter(exit.reason())) {
            if (slot.spec.restart() == RestartType.TEMPORARY) {
                state.slots.remove(index);
            }
            return autoShutdown(slot, exit.reason(), state);
        }
        return restart(slot, state);
    }

    /**
     * supervisor.erl's {@code do_auto_shutdown/2}, after a child's own exit that is not restarted: a significant
     * child's may end the supervisor with {@code shutdown}, which then stops the others in {@link #terminate}. A
     * child whose restart failed is still to run, as OTP's {@code {restarting, Pid}} is not {@code undefined}.
     */
    private Result<State> autoShutdown(Slot exited, ExitReason reason, State state) {
        if (!exited.spec.significant()) {
            return Result.noreply(state); // most exits: no look through the other children
        }
        boolean significantRunning = state.slots.stream()
                .anyMatch(slot -> slot.spec.significant() && (slot.pid != null || slot.restarting));
        if (!spec.autoShutdown().shutsDownAfter(exited.spec, significantRunning)) {
            return Result.noreply(state);
        }
        LOG.log(Level.DEBUG, "auto_shutdown: supervisor {0} shuts down ({1}): significant child {2} exited: {3}",
                Self.pid(), spec.autoShutdown(), exited.spec.id(), reason);
        return Result.stop(ExitReason.SHUTDOWN, state); // supervisor.erl: {stop, shutdown, State1}, no report
    }

    private Result<State> tryAgain(TryAgainRestart again, State state) {
        Slot slot = find(state, again.id());
        if (slot == null || !slot.restarting) {
            return Result.noreply(state); // terminated, deleted or restarted by a later restart meanwhile
        }
        return restart(slot, state);
    }

    /**
     * OTP's {@code restart/2}: counts one restart toward the intensity, then restarts {@code slot} and, by the
     * strategy, the children that go with it, stopping those still running first. If a start fails, that child
     * is marked restarting and the rest of the work is retried from it by a {@link TryAgainRestart}.
     */
    private Result<State> restart(Slot slot, State state) {
        if (!state.intensity.allowRestart(Self.runtime().options().timers().nanoTime())) {
            // supervisor.erl's restart/2: a report labelled shutdown, its reason reached_max_restart_intensity
            LOG.log(Level.ERROR, "shutdown: supervisor {0}: reached_max_restart_intensity ({1} in {2}); giving up",
                    Self.pid(), spec.maxRestarts(), spec.period());
            return Result.stop(ExitReason.SHUTDOWN, state); // supervisor.erl: {stop, shutdown, State1}
        }
        int index = state.slots.indexOf(slot);
        List<Slot> affected = switch (spec.strategy()) {
            case ONE_FOR_ONE -> List.of(slot);
            case ONE_FOR_ALL -> List.copyOf(state.slots);
            case REST_FOR_ONE -> List.copyOf(state.slots.subList(index, state.slots.size()));
        };
        stopChildren(affected);
        state.slots.removeIf(other -> affected.contains(other) && other != slot
                && other.spec.restart() == RestartType.TEMPORARY);
        for (Slot next : affected) {
            if (!state.slots.contains(next)) {
                continue; // a temporary child, stopped for good
            }
            try {
                startChild(next, next.restarts + 1);
            } catch (GenServerException failure) {
                LOG.log(Level.WARNING, "start_error: restarting child {0} of {1} failed, trying again: {2}",
                        next.spec.id(), Self.pid(), startError(failure));
                next.restarting = true;
                ((ProcessCell) Self.pid()).sendSystem(new TryAgainRestart(next.spec.id()));
                return Result.noreply(state);
            } catch (IllegalStateException refused) {
                if (!Self.runtime().isClosed()) {
                    throw refused;
                }
                return Result.stop(ExitReason.SHUTDOWN, state); // nothing starts any more, and close() stops this too
            }
            next.restarts++;
            Self.runtime().options().listener().childRestarted(Self.pid(), next.spec.id());
        }
        return Result.noreply(state);
    }

    /**
     * The reason of a failed restart's {@code start_error} report: supervisor.erl's restart/3 reports the
     * {@code {error, Reason}} the start returned, which for an init that stopped or crashed is that init's reason
     * ({@code {:stop, :bad_config}} reports {@code bad_config}, supervisors.exs K2); any other failure by its message.
     */
    static Object startError(GenServerException failure) {
        return failure instanceof InitFailedException init ? init.reason() : failure.getMessage();
    }

    private static void startChild(Slot slot, int restarts) {
        try {
            slot.pid = slot.spec.start(restarts);
        } catch (StartIgnoredException ignored) {
            slot.pid = null;
        }
    }

    /** Stops the given children in reverse start order, each within its shutdown time. */
    private static void stopChildren(List<Slot> slots) {
        for (int i = slots.size() - 1; i >= 0; i--) {
            Slot slot = slots.get(i);
            Pid pid = slot.pid;
            slot.pid = null;
            slot.restarting = false;
            if (pid != null) {
                Self.runtime().shutdown(pid, slot.spec.shutdown(),
                        (cell, reason, exitedBefore) -> isExpectedShutdownExit(slot.spec, reason));
            }
        }
    }

    /**
     * supervisor.erl's {@code shutdown/1} (OTP 25): the exits of a child it shuts down that it does not report as a
     * {@code shutdown_error}. {@code shutdown} ({@code killed} for a brutal kill), and from a child that is not
     * permanent {@code normal}, {@code shutdown} or {@code {shutdown, _}} too (shutdown.exs's K). The same for a
     * child that had exited already: its reason is read from the waiting {@code 'EXIT'} (L), or is {@code noproc},
     * which none of these takes, if the child had unlinked itself first and sent none (N).
     */
    private static boolean isExpectedShutdownExit(ChildSpec spec, ExitReason reason) {
        ExitReason asked = spec.shutdown() instanceof Shutdown.BrutalKill ? ExitReason.KILLED : ExitReason.SHUTDOWN;
        return reason.equals(asked) || spec.restart() != RestartType.PERMANENT
                && (reason.kind() == ExitReason.Kind.NORMAL || reason.kind() == ExitReason.Kind.SHUTDOWN);
    }

    private static Slot find(State state, String id) {
        for (Slot slot : state.slots) {
            if (slot.spec.id().equals(id)) {
                return slot;
            }
        }
        return null;
    }

    private static int indexOf(State state, Pid pid) {
        for (int i = 0; i < state.slots.size(); i++) {
            if (state.slots.get(i).pid == pid) {
                return i;
            }
        }
        return -1;
    }

    private List<ChildInfo> children(State state) {
        return state.slots.stream()
                .map(slot -> new ChildInfo(slot.spec.id(), slot.pid, slot.restarting, slot.spec.type(),
                        slot.spec.restart(), slot.restarts))
                .toList();
    }

    /** OTP's {@code count_children}: active means a process that is alive, as its {@code is_process_alive}. */
    private static ChildCounts counts(State state) {
        int active = 0;
        int supervisors = 0;
        for (Slot slot : state.slots) {
            if (slot.pid != null && slot.pid.isAlive()) {
                active++;
            }
            if (slot.spec.type() == ChildType.SUPERVISOR) {
                supervisors++;
            }
        }
        return new ChildCounts(state.slots.size(), active, supervisors, state.slots.size() - supervisors);
    }

    /** What this supervisor published after its last message: a stats request or formatStatus changes nothing. */
    private SupervisorStats stats() {
        return published.report(Self.runtime().options().timers().nanoTime()).stats();
    }
}
