package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * The supervisor process: it traps exits, so each child's end arrives as an {@link Exit} message, and answers it
 * according to the child's restart type, the strategy and the restart intensity.
 */
final class SupervisorServer implements GenServer<SupervisorServer.State> {

    private static final System.Logger LOG = System.getLogger(SupervisorServer.class.getName());

    record WhichChildren() implements Call<List<ChildInfo>> { }

    record Stats() implements Call<SupervisorStats> { }

    record StartChild(ChildSpec spec) implements Call<Pid> { }

    /** One child slot: its spec, the running process (or null) and how often it was restarted. */
    static final class Slot {
        final ChildSpec spec;
        Pid pid;
        int restarts;

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

    SupervisorServer(SupervisorSpec spec) {
        this.spec = spec;
    }

    @Override
    public Init<State> init() {
        State state = new State(new Intensity(spec.maxRestarts(), spec.period()));
        for (ChildSpec child : spec.children()) {
            Slot slot = new Slot(child);
            try {
                startChild(slot);
            } catch (GenServerException failure) {
                stopChildren(state.slots);
                return Init.stop(ExitReason.shutdown("failed_to_start_child " + child.id() + ": "
                        + failure.getMessage()));
            }
            state.slots.add(slot);
        }
        return Init.ok(state);
    }

    @Override
    public CallResult<State> handleCall(Call<?> request, From from, State state) {
        return switch (request) {
            case WhichChildren which -> which.reply(children(state), state);
            case Stats stats -> stats.reply(stats(state), state);
            case StartChild start -> addChild(start, from, state);
            default -> GenServer.super.handleCall(request, from, state);
        };
    }

    @Override
    public Result<State> handleInfo(Object message, State state) {
        if (message instanceof Exit exit) {
            return childExited(exit, state);
        }
        return GenServer.super.handleInfo(message, state);
    }

    @Override
    public void terminate(ExitReason reason, State state) {
        stopChildren(state.slots);
    }

    @Override
    public Object formatStatus(State state) {
        return stats(state);
    }

    private CallResult<State> addChild(StartChild start, From from, State state) {
        for (Slot slot : state.slots) {
            if (slot.spec.id().equals(start.spec().id())) {
                from.fail(new IllegalArgumentException("duplicate child id: " + start.spec().id()));
                return Result.noreply(state);
            }
        }
        Slot slot = new Slot(start.spec());
        try {
            startChild(slot);
        } catch (GenServerException failure) {
            from.fail(failure);
            return Result.noreply(state);
        }
        state.slots.add(slot);
        return start.reply(slot.pid, state);
    }

    private Result<State> childExited(Exit exit, State state) {
        int index = indexOf(state, exit.pid());
        if (index < 0) {
            return Result.noreply(state); // a child we stopped ourselves, or not ours
        }
        Slot slot = state.slots.get(index);
        slot.pid = null;
        if (!slot.spec.restart().restartsAfter(exit.reason())) {
            if (slot.spec.restart() == RestartType.TEMPORARY) {
                state.slots.remove(index);
            }
            return Result.noreply(state);
        }
        if (exit.reason().isAbnormal()) {
            LOG.log(Level.WARNING, "child {0} of {1} exited: {2}", slot.spec.id(), Self.pid(), exit.reason());
        }
        List<Slot> affected = switch (spec.strategy()) {
            case ONE_FOR_ONE -> List.of(slot);
            case ONE_FOR_ALL -> List.copyOf(state.slots);
            case REST_FOR_ONE -> List.copyOf(state.slots.subList(index, state.slots.size()));
        };
        stopChildren(affected);
        state.slots.removeIf(other -> affected.contains(other) && other != slot
                && other.spec.restart() == RestartType.TEMPORARY);
        if (!restart(state.slots.stream().filter(affected::contains).toList(), state)) {
            LOG.log(Level.ERROR, "supervisor {0} reached its maximum restart intensity ({1} in {2}); giving up",
                    Self.pid(), spec.maxRestarts(), spec.period());
            return Result.stop(ExitReason.shutdown("reached_max_restart_intensity"), state);
        }
        return Result.noreply(state);
    }

    /**
     * Restarts the given children in start order. The event counts once toward the intensity, as in OTP; a start
     * that fails counts again and is retried while the intensity allows (OTP's try_again).
     */
    private static boolean restart(List<Slot> slots, State state) {
        if (!state.intensity.allowRestart(Self.runtime().options().timers().nanoTime())) {
            return false;
        }
        for (Slot slot : slots) {
            slot.restarts++;
            while (true) {
                try {
                    startChild(slot);
                    Self.runtime().options().listener().childRestarted(Self.pid(), slot.spec.id());
                    break;
                } catch (GenServerException failure) {
                    LOG.log(Level.WARNING, "restarting child {0} failed: {1}", slot.spec.id(),
                            failure.getMessage());
                    if (!state.intensity.allowRestart(Self.runtime().options().timers().nanoTime())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static void startChild(Slot slot) {
        StartOptions options = slot.spec.options().withLink(Self.pid()).withRestarts(slot.restarts);
        try {
            slot.pid = Self.runtime().start(slot.spec.factory().get(), options);
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
            if (pid != null) {
                Self.runtime().shutdown(pid, slot.spec.shutdown());
            }
        }
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
                .map(slot -> new ChildInfo(slot.spec.id(), slot.pid, slot.spec.restart(), slot.restarts))
                .toList();
    }

    private SupervisorStats stats(State state) {
        int alive = (int) state.slots.stream().filter(slot -> slot.pid != null).count();
        int inWindow = state.intensity.inWindow(Self.runtime().options().timers().nanoTime());
        return new SupervisorStats(spec.strategy().name().toLowerCase(), alive, inWindow, spec.maxRestarts(),
                spec.period());
    }
}
