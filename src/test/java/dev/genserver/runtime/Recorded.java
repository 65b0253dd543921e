package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The recorded output of a script under {@code src/test/conformance}, run under OTP: one line per observation, each
 * starting with its scenario's label and a space. A conformance test prints the same lines from this runtime and
 * compares them with {@link #scenario}'s.
 */
final class Recorded {

    private final List<String> lines;

    private Recorded(List<String> lines) {
        this.lines = lines;
    }

    /** The lines of {@code resource}, a file under {@code src/test/resources}. */
    static Recorded load(String resource) {
        try (InputStream in = Recorded.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no recorded output " + resource);
            }
            return new Recorded(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An exit reason as the scripts print it: a raise is {@code :crash}, {@code {:shutdown, x}} a tuple, any other
     * reason its atom.
     */
    static String elixir(ExitReason reason) {
        if (reason.cause() instanceof ProcessExitException call && !call.isUntakenStop() && !call.isCallExit()) {
            return ":crash"; // a request's wait failing, let through: the script raises on its error
        }
        if (reason.cause() instanceof ProcessExitException call) {
            return elixir(call.reason()); // a call's exit let through: {reason, {GenServer, :call, _}}, as T.norm
        }
        return switch (reason.kind()) {
            case CRASH -> reason.cause() != null ? ":crash" : ":" + reason.detail();
            case SHUTDOWN -> ExitReason.SHUTDOWN.equals(reason) ? ":shutdown" : "{:shutdown, :" + reason.detail() + "}";
            default -> ":" + reason.detail();
        };
    }

    /** A test's own printout, compared with this record scenario by scenario. */
    Printout printout() {
        return new Printout(this);
    }

    /** The lines a test prints from the runtime, as the script prints them from OTP. */
    static final class Printout {
        private final Recorded recorded;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        private Printout(Recorded recorded) {
            this.recorded = recorded;
        }

        void show(String label, Object value) {
            lines.add(label + ": " + value);
        }

        /** What was shown is the scenario's recorded lines, in order. */
        void assertAsOtp(String scenario) {
            assertThat(lines).as("scenario %s as OTP 25 ran it", scenario).isEqualTo(recorded.scenario(scenario));
        }
    }

    /** The lines {@code label} printed, in order: "C" takes "C events: ..." but not "C2 events: ...". */
    List<String> scenario(String label) {
        return lines.stream().filter(line -> line.startsWith(label + " ")).toList();
    }
}
