package dev.genserver.browser;

import dev.genserver.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged service ({@code -Dbrowser.jar=}, by default {@code target/genserver-boot-*.jar}) started in a JVM
 * of its own on two free ports, as a person would run it; {@link #close()} stops it with SIGTERM. Its output goes
 * to {@code target/browser/NAME.log}. {@link #management()} includes the management server's base path
 * ({@code --management.server.base-path=}) where one is given, as actuator's base path is read from the arguments.
 */
final class RunningJar implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(90);
    private static final String BASE_PATH = "--management.endpoints.web.base-path=";
    private static final String SERVER_BASE_PATH = "--management.server.base-path=";
    private static final Set<RunningJar> RUNNING = ConcurrentHashMap.newKeySet();

    private final Process process;
    private final String name;
    private final String[] arguments;
    private final int port;
    private final int managementPort;
    private final String managementBasePath;
    private final String actuator;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private RunningJar(Process process, String name, String[] arguments, int port, int managementPort,
            String managementBasePath, String actuator) {
        this.process = process;
        this.name = name;
        this.arguments = arguments;
        this.port = port;
        this.managementPort = managementPort;
        this.managementBasePath = managementBasePath;
        this.actuator = actuator;
    }

    static RunningJar start(String name, String... arguments) throws IOException, InterruptedException {
        return start(name, FreePorts.next(), FreePorts.next(), arguments);
    }

    /** Stops this jar and starts it again on the same ports, as an instance restarted in place. */
    RunningJar restarted() throws IOException, InterruptedException {
        close();
        return start(name + "-restarted", port, managementPort, arguments);
    }

    private static RunningJar start(String name, int port, int management, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-jar", jar().toString(), "--server.port=" + port, "--management.server.port=" + management,
                "--server.address=127.0.0.1", "--management.server.address=127.0.0.1",
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(arguments));
        Path log = Browser.OUTPUT.resolve(name + ".log");
        Files.createDirectories(Browser.OUTPUT);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RunningJar jar = new RunningJar(process, name, arguments, port, management,
                lastValue(arguments, SERVER_BASE_PATH, ""), lastValue(arguments, BASE_PATH, "/actuator"));
        RUNNING.add(jar);
        try {
            jar.awaitHealthy(log);
        } catch (IOException | InterruptedException | RuntimeException failed) {
            RUNNING.remove(jar); // its threads are nothing a later failure needs
            throw failed;
        }
        return jar;
    }

    /** The jar's JVM, to pause it ({@code kill -STOP}) as a long GC pause or an overloaded machine would. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    String api() {
        return "http://localhost:" + port;
    }

    /** The management server's root: its port, and its base path if it has one. */
    String management() {
        return "http://localhost:" + managementPort + managementBasePath;
    }

    /** Sends a request and returns the answer's body, failing on any status but 2xx. */
    String send(String method, String url, String json) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new AssertionError(method + " " + url + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    /** Closes what a test class started, the browser before the jar it looks at; nulls are what never started. */
    static void closeAll(AutoCloseable... started) throws Exception {
        for (AutoCloseable resource : started) {
            if (resource != null) {
                resource.close();
            }
        }
    }

    /** The jars started and not yet closed. */
    static Set<RunningJar> running() {
        return Set.copyOf(RUNNING);
    }

    /**
     * Dumps this jar's threads, virtual ones too, to {@code target/browser/NAME-threads.txt} and returns its request
     * threads as {@link RequestThreads} groups them, or why there is no dump.
     */
    String threadDump() {
        Path file = Browser.OUTPUT.resolve(name + "-threads.txt").toAbsolutePath();
        if (!process.isAlive()) {
            return name + ": no thread dump, the jar exited with " + process.exitValue();
        }
        try {
            Files.deleteIfExists(file);
            Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.dump_to_file",
                    "-format=text", file.toString()).redirectErrorStream(true).start();
            if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                return name + ": no thread dump, jcmd did not finish in 30 s";
            }
            if (!Files.exists(file)) { // jcmd has exited: its output is all there, and says why
                return name + ": no thread dump: " + new String(dump.getInputStream().readNBytes(500)).strip();
            }
            return name + " (" + file + "):" + RequestThreads.summary(Files.readString(file));
        } catch (IOException | InterruptedException failed) {
            return name + ": no thread dump (" + failed + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        RUNNING.remove(this);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void awaitHealthy(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the jar exited at startup:\n" + Files.readString(log));
            }
            try {
                send("GET", management() + actuator + "/health/readiness", null);
                return;
            } catch (IOException | AssertionError notYet) {
                Thread.sleep(250);
            }
        }
        close();
        throw new IllegalStateException("the jar did not become ready in " + STARTUP + ":\n" + Files.readString(log));
    }

    /** The value of the last argument starting with {@code prefix}, as Spring reads it, else {@code absent}. */
    private static String lastValue(String[] arguments, String prefix, String absent) {
        return Stream.of(arguments).filter(argument -> argument.startsWith(prefix))
                .map(argument -> argument.substring(prefix.length())).reduce((first, last) -> last).orElse(absent);
    }

    /** {@code -Dbrowser.jar=}, or the one in target/. */
    private static Path jar() throws IOException {
        String given = System.getProperty("browser.jar");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("genserver-boot-.*\\.jar"))
                    .filter(f -> !f.getFileName().toString().endsWith("-plain.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/genserver-boot-*.jar: run ./mvnw package"));
        }
    }

}
