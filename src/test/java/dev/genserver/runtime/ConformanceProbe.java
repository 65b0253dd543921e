package dev.genserver.runtime;

import dev.genserver.testing.JulRecords;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.LogRecord;
import java.util.stream.Collectors;

/**
 * The child of {@code src/test/conformance/supervisors.exs} and {@code dynamic_supervisors.exs} ({@code P} there): it
 * traps exits (unless made plain, as {@code P.start_plain}), records each start, numbered per id, and each
 * {@code terminate} in {@link Events}, as Elixir terms print, and crashes or stops when a call asks. A start fails
 * ({@code {:stop, :bad_config}}) or returns {@code :ignore} as its {@link Plan} says.
 */
final class ConformanceProbe implements GenServer<String> {

    /** {@code GenServer.call(pid, :boom)}: the handler raises. */
    record Crash() implements Call<Object> {
    }

    /** {@code GenServer.call(pid, {:stop, r})}: {@code {:stop, r, :bye, state}}. */
    record StopWith(ExitReason reason) implements Call<String> {
    }

    private final String id;
    private final Events events;
    private final boolean trap;

    ConformanceProbe(String id, Events events) {
        this(id, events, true);
    }

    /** A probe that traps exits or, as the script's {@code P.start_plain}, not. */
    ConformanceProbe(String id, Events events, boolean trap) {
        this.id = id;
        this.events = events;
        this.trap = trap;
    }

    @Override
    public Init<String> init() {
        Self.trapExits(trap);
        String outcome = events.started(id);
        return switch (outcome) {
            case "fail" -> Init.stop(ExitReason.abnormal("bad_config"));
            case "ignore" -> Init.ignore();
            default -> Init.ok(id);
        };
    }

    @Override
    public CallResult<String> handleCall(Call<?> request, From from, String state) {
        return switch (request) {
            case Crash crash -> throw new IllegalStateException("boom " + state);
            case StopWith stop -> stop.stop(stop.reason(), "bye", state);
            default -> GenServer.super.handleCall(request, from, state);
        };
    }

    @Override
    public void terminate(ExitReason reason, String state) {
        events.add("{:terminate, :" + state + ", " + Recorded.elixir(reason) + "}");
    }

    /** {@code P.crash}: a raise in a call to {@code child}, then its {@code DOWN} awaited. */
    static void crash(Pid child, Fixtures.Exits exits) {
        try {
            child.call(new Crash());
        } catch (ProcessExitException expected) {
            // the call crashed its server
        }
        exits.await(child);
    }

    /** {@code P.stop}: {@code {:stop, reason, :bye, state}} from a call, then the {@code DOWN} awaited. */
    static void stop(Pid child, ExitReason reason, Fixtures.Exits exits) {
        child.call(new StopWith(reason));
        exits.await(child);
    }

    /** The exits of supervisors.exs K and dynamic_supervisors.exs O: {@link ExitReason#KILLED} is a kill. */
    static final List<ExitReason> EXITS = List.of(ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.shutdown("bye"),
            ExitReason.abnormal("boom"), ExitReason.KILLED);

    /** An exit of {@link #EXITS} as the scripts' labels print it: the kill as {@code :kill}, the signal sent. */
    static String exitLabel(ExitReason reason) {
        return reason.equals(ExitReason.KILLED) ? ":kill" : Recorded.elixir(reason);
    }

    /**
     * {@code P.exit_with}: {@code Process.exit(pid, :kill)} for {@link ExitReason#KILLED}, else {@link #stop}; then
     * the {@code DOWN} awaited.
     */
    static void exitWith(ProcessRuntime runtime, Pid child, ExitReason reason, Fixtures.Exits exits) {
        if (reason.equals(ExitReason.KILLED)) {
            runtime.kill(child);
            exits.await(child);
        } else {
            stop(child, reason, exits);
        }
    }

    /**
     * {@code SupReports.reports}: the reports a supervisor logged since its log's first {@code before} records, as
     * {@code [label: reason]}. Each begins with the label of the OTP report it stands for; its reason is its last
     * parameter, an exit reason, or for {@code shutdown} the {@code reached_max_restart_intensity} it says.
     */
    static String reports(JulRecords log, int before) {
        List<LogRecord> records = log.records();
        return records.subList(before, records.size()).stream().map(ConformanceProbe::report)
                .filter(Objects::nonNull).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String report(LogRecord record) {
        String message = record.getMessage();
        String label = message.contains(": ") ? message.substring(0, message.indexOf(": ")) : "";
        Object[] parameters = record.getParameters();
        Object last = parameters == null || parameters.length == 0 ? null : parameters[parameters.length - 1];
        return switch (label) {
            case "child_terminated", "start_error" -> label + ": "
                    + (last instanceof ExitReason reason ? Recorded.elixir(reason) : String.valueOf(last));
            case "shutdown" -> label + ": " + (message.contains("reached_max_restart_intensity")
                    ? ":reached_max_restart_intensity" : message);
            default -> null;
        };
    }

    /** {@code Supervisor.which_children}, newest first, as {@code [id: :pid | :undefined | :restarting]}. */
    static String children(Supervisor sup) {
        return sup.children().stream().map(child -> child.id() + ": " + (child.pid() != null ? ":pid"
                : child.restarting() ? ":restarting" : ":undefined")).collect(Collectors.joining(", ", "[", "]"));
    }

    /** {@code count_children}, as Elixir prints its map. */
    static String counts(Supervisor sup) {
        return elixir(sup.countChildren());
    }

    /** {@code DynamicSupervisor.count_children}, as Elixir prints its map. */
    static String counts(DynamicSupervisor sup) {
        return elixir(sup.countChildren());
    }

    /** What {@code terminate_child} answers. */
    static String terminated(Supervisor sup, String id) {
        return sup.terminateChild(id) ? ":ok" : "{:error, :not_found}";
    }

    /** What {@code DynamicSupervisor.terminate_child} answers. */
    static String terminated(DynamicSupervisor sup, Pid child) {
        return sup.terminateChild(child) ? ":ok" : "{:error, :not_found}";
    }

    /** What a child API call answers, as Elixir prints it; a pid as {@code :pid}. */
    static String answer(Supplier<Pid> call) {
        try {
            Pid pid = call.get();
            return pid == null ? "{:ok, :undefined}" : "{:ok, :pid}";
        } catch (ChildStateException refused) {
            return "{:error, :" + refused.error() + "}";
        } catch (AlreadyStartedException started) {
            return "{:error, {:already_started, :pid}}";
        } catch (InitFailedException failed) {
            return "{:error, " + Recorded.elixir(failed.reason()) + "}";
        }
    }

    /** What a child API call without a pid to answer answers: {@code :ok} or its error. */
    static String done(Runnable call) {
        return answer(() -> {
            call.run();
            return null;
        }).replace("{:ok, :undefined}", ":ok");
    }

    /** {@code count_children} as Elixir prints its map. */
    static String elixir(ChildCounts counts) {
        return "%{active: " + counts.active() + ", specs: " + counts.specs() + ", supervisors: "
                + counts.supervisors() + ", workers: " + counts.workers() + "}";
    }

    /** Which of an id's starts fail or ignore. */
    static final class Plan {
        private final Set<Integer> fail = new HashSet<>();
        private final Set<Integer> ignore = new HashSet<>();
        private int failFrom = Integer.MAX_VALUE;

        void failOn(int start) {
            fail.add(start);
        }

        void failFrom(int start) {
            failFrom = start;
        }

        void ignoreOn(int start) {
            ignore.add(start);
        }

        String outcome(int start) {
            return fail.contains(start) || start >= failFrom ? "fail" : ignore.contains(start) ? "ignore" : "ok";
        }
    }

    /** The script's {@code Ev} agent: the events in order, the starts so far per id, and the plans. */
    static final class Events {
        private final List<String> events = new ArrayList<>();
        private final Map<String, Integer> starts = new HashMap<>();
        private final Map<String, Plan> plans = new HashMap<>();

        synchronized Plan plan(String id) {
            return plans.computeIfAbsent(id, unused -> new Plan());
        }

        /** Forgets the events and the starts, as {@code Ev.reset()}; the plans stay. */
        synchronized void reset() {
            events.clear();
            starts.clear();
        }

        /** Forgets the events only, the starts counting on. */
        synchronized void clearEvents() {
            events.clear();
        }

        /** As if each of {@code ids} had started once. */
        synchronized void startsSoFar(String... ids) {
            for (String id : ids) {
                starts.put(id, 1);
            }
        }

        synchronized String started(String id) {
            int start = starts.merge(id, 1, Integer::sum);
            String outcome = plans.getOrDefault(id, new Plan()).outcome(start);
            events.add("{:start, :" + id + ", " + start + ", :" + outcome + "}");
            return outcome;
        }

        synchronized void add(String event) {
            events.add(event);
        }

        /** The terminates only, sorted, as {@code Ev.terminates()}: children stopped together end in any order. */
        synchronized String terminates() {
            return events.stream().filter(event -> event.startsWith("{:terminate,")).sorted()
                    .collect(Collectors.joining(", ", "[", "]"));
        }

        @Override
        public synchronized String toString() {
            return "[" + String.join(", ", events) + "]";
        }
    }
}
