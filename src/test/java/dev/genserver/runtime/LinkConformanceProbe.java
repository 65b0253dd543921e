package dev.genserver.runtime;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The actor of {@code src/test/conformance/links.exs} ({@code A} there): it runs the functions it is called with,
 * in itself, and records in {@link Events} the messages its {@code handleInfo} gets and its {@code terminate}, under
 * its label. A hook, if set, runs after each message and is recorded as {@code {:hook, …}}.
 */
final class LinkConformanceProbe implements GenServer<String> {

    /** {@code A.run(pid, f)}: runs {@code action} inside the process and answers with its result. */
    record Run<R>(Supplier<R> action) implements Call<R> {
    }

    /** {@code GenServer.call(pid, :ping)}: an answer, so the process still runs. */
    record Ping() implements Call<String> {
    }

    /** {@code GenServer.call(pid, :boom)}: the handler raises. */
    record Boom() implements Call<Object> {
    }

    /** {@code GenServer.call(pid, {:stop, r})}: {@code {:stop, r, :bye, state}}. */
    record StopWith(ExitReason reason) implements Call<String> {
    }

    /** {@code GenServer.call(pid, {:hook, f})}: runs {@code hook} after each message, recording what it prints. */
    record Hook(Supplier<String> hook) implements Call<Boolean> {
    }

    /** What the hook printed, as {@code {:hook, …}}. */
    record Hooked(String printed) {
    }

    /** What {@code terminate} saw. */
    record Terminated(String label, ExitReason reason) {
    }

    private final String label;
    private final Events events;
    private Supplier<String> hook;

    LinkConformanceProbe(String label, Events events) {
        this.label = label;
        this.events = events;
    }

    @Override
    public Init<String> init() {
        return Init.ok(label);
    }

    @Override
    public CallResult<String> handleCall(Call<?> request, From from, String state) {
        return switch (request) {
            case Run<?> run -> reply(run, state);
            case Ping ping -> ping.reply("pong", state);
            case Boom boom -> throw new IllegalStateException("boom");
            case StopWith stop -> stop.stop(stop.reason(), "bye", state);
            case Hook set -> {
                hook = set.hook();
                yield set.reply(true, state);
            }
            default -> GenServer.super.handleCall(request, from, state);
        };
    }

    private static <R> CallResult<String> reply(Run<R> run, String state) {
        return run.reply(run.action().get(), state);
    }

    @Override
    public Result<String> handleInfo(Object message, String state) {
        events.add(label, message);
        if (hook != null) {
            events.add(label, new Hooked(hook.get()));
        }
        return Result.noreply(state);
    }

    @Override
    public void terminate(ExitReason reason, String state) {
        events.add(label, new Terminated(label, reason));
    }

    /** The script's {@code Ev}: each label's events in order, and the names pids and monitor refs print as. */
    static final class Events {
        private final Map<String, List<Object>> events = new HashMap<>();
        private final Map<Object, String> names = new HashMap<>();

        /** Forgets the events, as {@code Ev.reset()}; the names stay, each pid's and ref's own. */
        synchronized void reset() {
            events.clear();
        }

        synchronized void name(Object pidOrRef, String name) {
            names.put(pidOrRef, name);
        }

        synchronized void add(String label, Object event) {
            events.computeIfAbsent(label, unused -> new ArrayList<>()).add(event);
        }

        synchronized int count(String label) {
            return events.getOrDefault(label, List.of()).size();
        }

        /** {@code T.events(label)}, printed as the script prints it. */
        synchronized String of(String label) {
            return events.getOrDefault(label, List.of()).stream().map(this::elixir)
                    .collect(Collectors.joining(", ", "[", "]"));
        }

        private String elixir(Object event) {
            return switch (event) {
                case Exit exit -> "{:EXIT, " + name(exit.pid()) + ", " + Recorded.elixir(exit.reason()) + "}";
                case Down down -> "{:DOWN, " + name(down.ref()) + ", :process, " + name(down.pid()) + ", "
                        + Recorded.elixir(down.reason()) + "}";
                case Terminated ended -> "{:terminate, :" + ended.label() + ", "
                        + Recorded.elixir(ended.reason()) + "}";
                case Hooked hooked -> "{:hook, " + hooked.printed() + "}";
                default -> event.toString();
            };
        }

        private String name(Object pidOrRef) {
            String name = names.get(pidOrRef);
            return name != null ? ":" + name : pidOrRef instanceof Pid ? ":pid" : ":ref";
        }
    }
}
