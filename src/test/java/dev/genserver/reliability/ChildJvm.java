package dev.genserver.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * {@link ShutdownProbeApplication} in a child JVM on this test's classpath, with its output collected line by
 * line as it comes. Every wait has a deadline; none is a fixed sleep.
 */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread collector;

    private ChildJvm(Process process) {
        this.process = process;
        this.collector = Thread.ofPlatform().daemon().start(this::collect);
    }

    static ChildJvm start(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ShutdownProbeApplication.class.getName()));
        command.addAll(List.of(arguments));
        return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** The first line output so far, or later until {@code deadline}, that matches. */
    String awaitLine(String what, Predicate<String> matches, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() - end < 0) {
            Optional<String> line = find(matches);
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive() && outputEnded() && find(matches).isEmpty()) {
                throw new AssertionError("the child exited (" + process.exitValue() + ") before " + what
                        + "; output:\n" + String.join("\n", lines()));
            }
            LockSupport.parkNanos(5_000_000);
        }
        throw new AssertionError("no " + what + " within " + deadline + "; output:\n" + String.join("\n", lines()));
    }

    /** True once everything the exited child wrote has been read (waiting a little for the reader). */
    private boolean outputEnded() {
        try {
            collector.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !collector.isAlive();
    }

    synchronized Optional<String> find(Predicate<String> matches) {
        return lines.stream().filter(matches).findFirst();
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The lines starting {@code PROBE }, without that prefix, in output order. */
    List<String> probeLines() {
        return lines().stream().filter(line -> line.startsWith("PROBE ")).map(line -> line.substring(6)).toList();
    }

    void send(String command) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /**
     * SIGTERM, as an orchestrator stops a container. Through the process handle: {@link Process#destroy()} sends
     * the same signal but also closes our end of the child's output, which would lose everything it reports while
     * it shuts down.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    boolean awaitExit(Duration deadline) throws InterruptedException {
        return process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void collect() {
        try (BufferedReader out = process.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                }
            }
        } catch (IOException ended) {
            // the child is gone
        }
    }
}
