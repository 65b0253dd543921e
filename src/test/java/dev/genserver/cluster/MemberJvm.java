package dev.genserver.cluster;

import dev.genserver.GenServerApplication;
import dev.genserver.testing.FreePorts;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * One instance of the application in a JVM of its own, a member of a cluster on loopback: API, management and
 * cluster ports all on 127.0.0.1, chosen free by the parent. Started from this JVM's classpath (tests) or from the
 * packaged jar (measurements), with the JVM flags Hazelcast needs (the {@code hazelcast.jvm.flags} system property,
 * which the build copies from the pom) and any in {@code member.jvm.options}, with any application arguments in
 * {@code member.args}. {@link #kill()} is SIGKILL: no shutdown hook, no goodbye to the cluster; {@link #pause()}
 * is SIGSTOP.
 */
final class MemberJvm implements AutoCloseable {

    private static final String JAVA = ProcessHandle.current().info().command().orElse("java");
    private static final int KEPT_LINES = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    final int port;
    final int managementPort;
    final int clusterPort;
    private final List<String> command;
    private Process process;
    private final Deque<String> lastLines = new ArrayDeque<>();

    private MemberJvm(List<String> command, int port, int managementPort, int clusterPort) {
        this.command = command;
        this.port = port;
        this.managementPort = managementPort;
        this.clusterPort = clusterPort;
    }

    /**
     * A member of the cluster {@code name} whose members listen on {@code clusterPorts}, this one on
     * {@code clusterPorts[index]}; not started yet.
     *
     * @param launch {@code ["-cp", classpath, mainClass]} or {@code ["-jar", jar]}
     * @param extra  more application arguments ({@code --name=value})
     */
    static MemberJvm of(List<String> launch, String name, List<Integer> clusterPorts, int index, int minMembers,
            String... extra) {
        String flags = System.getProperty("hazelcast.jvm.flags");
        if (flags == null || flags.isBlank()) {
            throw new IllegalStateException("-Dhazelcast.jvm.flags is not set: the pom's Surefire configuration "
                    + "passes it, and src/test/perf/failover.sh does");
        }
        int port = FreePorts.next();
        int management = FreePorts.next();
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Dhazelcast.wait.seconds.before.join=1"));
        command.addAll(Arrays.asList(flags.trim().split("\\s+")));
        String options = System.getProperty("member.jvm.options", "").trim(); // more, for measurements
        if (!options.isEmpty()) {
            command.addAll(Arrays.asList(options.split("\\s+")));
        }
        command.addAll(launch);
        String members = String.join(",", clusterPorts.stream().map(p -> "127.0.0.1:" + p).toList());
        command.addAll(List.of("--server.address=127.0.0.1", "--server.port=" + port,
                "--management.server.address=127.0.0.1", "--management.server.port=" + management,
                "--spring.main.banner-mode=off", "--logging.level.root=WARN",
                "--genserver.cluster.enabled=true", "--genserver.cluster.name=" + name,
                "--genserver.cluster.address=127.0.0.1", "--genserver.cluster.port=" + clusterPorts.get(index),
                "--genserver.cluster.members=" + members, "--genserver.cluster.min-members=" + minMembers));
        command.addAll(List.of(extra));
        String arguments = System.getProperty("member.args", "").trim(); // more, for measurements
        if (!arguments.isEmpty()) {
            command.addAll(Arrays.asList(arguments.split("\\s+")));
        }
        return new MemberJvm(command, port, management, clusterPorts.get(index));
    }

    /** This member, to be started with {@code options} among its JVM's flags (system properties: Hazelcast's). */
    MemberJvm withJvmOptions(String... options) {
        command.addAll(1, List.of(options));
        return this;
    }

    /**
     * Starts {@code size} members of a new cluster named {@code prefix} and a random suffix, from this JVM's
     * classpath, each with {@code jvmOptions} and the application arguments {@code args}, and waits until each is
     * ready and sees all of them. Each is added to {@code into} as it is launched, so that the caller closes even
     * those started before one failed.
     */
    static void startCluster(List<MemberJvm> into, String prefix, int size, int minMembers, List<String> jvmOptions,
            Duration startup, String... args) throws IOException {
        List<Integer> clusterPorts = IntStream.range(0, size).mapToObj(i -> FreePorts.next()).toList();
        List<String> launch = List.of("-cp", System.getProperty("java.class.path"),
                GenServerApplication.class.getName());
        String name = prefix + "-" + UUID.randomUUID();
        for (int i = 0; i < size; i++) {
            into.add(of(launch, name, clusterPorts, i, minMembers, args)
                    .withJvmOptions(jvmOptions.toArray(String[]::new)).start());
        }
        long deadline = System.nanoTime() + startup.toNanos();
        for (MemberJvm member : into) {
            member.awaitReady(size, deadline);
        }
    }

    /**
     * The index in {@code members} of one that is not the master (the oldest, first in every member's list), whose
     * pause would also hold up the cluster's decisions on membership.
     */
    static int notTheMaster(List<MemberJvm> members) {
        String master = members.getFirst().membersSeen().getFirst();
        return IntStream.range(0, members.size()).filter(i -> !master.endsWith(":" + members.get(i).clusterPort))
                .findFirst().orElseThrow();
    }

    /** Launches the JVM (again, after a kill: same ports, same arguments). */
    MemberJvm start() throws IOException {
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Process started = process;
        Thread.ofPlatform().daemon().start(() -> collect(started));
        return this;
    }

    /** Waits, until {@code deadline}, for readiness and a cluster of {@code members} as this member sees it. */
    void awaitReady(int members, long deadlineNanos) {
        Predicate<String> formed = health -> health.contains("\"status\":\"UP\"")
                && health.contains("\"partitions\":\"stable\"")
                && membersIn(health).size() == members;
        while (System.nanoTime() - deadlineNanos < 0) {
            if (!process.isAlive()) {
                throw new AssertionError("member " + clusterPort + " exited (" + process.exitValue() + "):\n" + log());
            }
            String health = get(managementPort, "/actuator/health/readiness", "");
            if (formed.test(health)) {
                return;
            }
            LockSupport.parkNanos(100_000_000);
        }
        throw new AssertionError("member " + clusterPort + " not ready in a cluster of " + members
                + "; its health: " + get(managementPort, "/actuator/health", "none") + "; its log:\n" + log());
    }

    /** The members this one sees, as its readiness lists them ({@code host:port}, the master first). */
    List<String> membersSeen() {
        return membersIn(get(managementPort, "/actuator/health/readiness", ""));
    }

    /** The members a readiness answer, without its whitespace, lists; none if it lists none. */
    private static List<String> membersIn(String health) {
        String listed = health.replaceAll(".*\"members\":\\[([^]]*)].*", "$1");
        return listed.equals(health) ? List.of() : Arrays.stream(listed.split(","))
                .map(member -> member.replace("\"", "")).filter(member -> !member.isEmpty()).toList();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new AssertionError("member " + clusterPort + " survived SIGKILL");
        }
    }

    /** SIGSTOP: the whole JVM stands still, as in a long GC pause or a starved VM, until {@link #resume()}. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor();
        if (exit != 0) {
            throw new AssertionError("kill " + signal + " of member " + clusterPort + " exited " + exit);
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The JVM's heap in use, bytes, from the Prometheus scrape (after {@code jcmd GC.run} it is the live set). */
    long heapUsed() {
        return raw(managementPort, "/actuator/prometheus", "").lines()
                .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    synchronized String log() {
        return String.join("\n", lastLines);
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private static String get(int port, String path, String otherwise) {
        return raw(port, path, otherwise).replaceAll("\\s", "");
    }

    private static String raw(int port, String path, String otherwise) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException notYet) {
            return otherwise;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise;
        }
    }

    private void collect(Process from) {
        try (BufferedReader out = from.inputReader(StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (this) {
                    lastLines.addLast(line);
                    if (lastLines.size() > KEPT_LINES) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException ended) {
            // the member is gone
        }
    }
}
