package dev.genserver.runtime;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dynamic supervisor process: children are started on demand, each under its own spec, and bounded by
 * {@code maxChildren}. Temporary children (the usual kind here) leave when they exit and never count toward the
 * restart intensity.
 */
final class DynamicSupervisorServer implements GenServer<DynamicSupervisorServer.State> {

    private static final System.Logger LOG = System.getLogger(DynamicSupervisorServer.class.getName());

    record StartChild(ChildSpec spec) implements Call<Pid> { }

    record TerminateChild(Pid pid) implements Call<Boolean> { }

    record CountChildren() implements Call<Integer> { }

    record Stats() implements Call<SupervisorStats> { }

    /** Owned by the supervisor process. Insertion order is start order. */
    static final class State {
        final Map<Pid, ChildSpec> children = new LinkedHashMap<>();
        final Map<Pid, Integer> restarts = new LinkedHashMap<>();
        final Intensity intensity;

        State(Intensity intensity) {
            this.intensity = intensity;
        }
    }

    private final DynamicSupervisorSpec spec;

    DynamicSupervisorServer(DynamicSupervisorSpec spec) {
        this.spec = spec;
    }

    @Override
    public Init<State> init() {
        return Init.ok(new State(new Intensity(spec.maxRestarts(), spec.period())));
    }

    @Override
    public CallResult<State> handleCall(Call<?> request, From from, State state) {
        return switch (request) {
            case StartChild start -> startChild(start, from, state);
            case TerminateChild terminate -> {
                ChildSpec child = state.children.remove(terminate.pid());
                state.restarts.remove(terminate.pid());
                if (child != null) {
                    Self.runtime().shutdown(terminate.pid(), child.shutdown());
                }
                yield terminate.reply(child != null, state);
            }
            case CountChildren count -> count.reply(state.children.size(), state);
            case Stats stats -> stats.reply(stats(state), state);
            default -> GenServer.super.handleCall(request, from, state);
        };
    }

    @Override
    public Result<State> handleInfo(Object message, State state) {
        if (!(message instanceof Exit exit)) {
            return GenServer.super.handleInfo(message, state);
        }
        ChildSpec child = state.children.remove(exit.pid());
        Integer restarts = state.restarts.remove(exit.pid());
        if (child == null || !child.restart().restartsAfter(exit.reason())) {
            return Result.noreply(state);
        }
        int count = restarts == null ? 1 : restarts + 1;
        while (true) {
            if (!state.intensity.allowRestart(Self.runtime().options().timers().nanoTime())) {
                LOG.log(Level.ERROR, "dynamic supervisor {0} reached its maximum restart intensity; giving up",
                        Self.pid());
                return Result.stop(ExitReason.shutdown("reached_max_restart_intensity"), state);
            }
            try {
                Pid pid = start(child, count);
                state.children.put(pid, child);
                state.restarts.put(pid, count);
                Self.runtime().options().listener().childRestarted(Self.pid(), child.id());
                return Result.noreply(state);
            } catch (StartIgnoredException ignored) {
                return Result.noreply(state);
            } catch (GenServerException failure) {
                LOG.log(Level.WARNING, "restarting child {0} failed: {1}", child.id(), failure.getMessage());
            }
        }
    }

    /**
     * Stops all children at once, newest first, each within its own shutdown time, as Elixir's DynamicSupervisor
     * does: its children are alike and independent, and a million of them stopped one after another would take
     * minutes.
     */
    @Override
    public void terminate(ExitReason reason, State state) {
        List<ProcessCell> newestFirst = new ArrayList<>(state.children.size());
        for (Pid child : state.children.keySet()) {
            newestFirst.add((ProcessCell) child);
        }
        Collections.reverse(newestFirst);
        Self.runtime().shutdownAll(newestFirst, child -> state.children.get(child).shutdown());
        state.children.clear();
    }

    @Override
    public Object formatStatus(State state) {
        return stats(state);
    }

    private CallResult<State> startChild(StartChild start, From from, State state) {
        if (state.children.size() >= spec.maxChildren()) {
            from.fail(new MaxChildrenException(Self.pid().toString(), spec.maxChildren()));
            return Result.noreply(state);
        }
        try {
            Pid pid = start(start.spec(), 0);
            state.children.put(pid, start.spec());
            return start.reply(pid, state);
        } catch (GenServerException failure) {
            from.fail(failure);
            return Result.noreply(state);
        }
    }

    private static Pid start(ChildSpec child, int restarts) {
        return Self.runtime().start(child.factory().get(),
                child.options().withLink(Self.pid()).withRestarts(restarts));
    }

    private SupervisorStats stats(State state) {
        return new SupervisorStats("one_for_one", state.children.size(),
                state.intensity.inWindow(Self.runtime().options().timers().nanoTime()), spec.maxRestarts(),
                spec.period());
    }
}
