package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime is a library others could lift out: its sources compile with the JDK alone, nothing of Spring, of
 * the other packages here or of any dependency on the class path, and so does the README's example against them.
 */
class LiftOutTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/genserver/runtime");
    private static final Path README = Path.of("README.md");

    @TempDir
    static Path work;
    private static Path runtime;
    private static int status;
    private static final ByteArrayOutputStream DIAGNOSTICS = new ByteArrayOutputStream();

    /**
     * Compiled once for both tests, with every lint warning an error: the package compiles clean, and its javadoc,
     * the library's documentation, has no broken reference, HTML or tag (doclint; a missing comment aside).
     */
    @BeforeAll
    static void compileTheRuntime() throws IOException {
        runtime = work.resolve("runtime");
        status = javac(DIAGNOSTICS, runtimeSources(runtime, work, "-Xlint:all", "-Xdoclint:all,-missing",
                "-Werror"));
    }

    @Test
    void theRuntimesSources_compileWithTheJdkAlone() {
        assertThat(status).as("javac on %s with an empty class path:%n%s", SOURCES, DIAGNOSTICS).isZero();
        assertThat(runtime.resolve("dev/genserver/runtime/ProcessRuntime.class")).exists();
    }

    /**
     * The README's example, as it stands there (a compact source file), against the runtime's classes alone; run,
     * it prints what the README says.
     */
    @Test
    void theReadmesExample_compilesAgainstTheRuntimeAlone_andPrintsTheValue() throws Exception {
        assertThat(status).as("the runtime compiled").isZero();
        String readme = Files.readString(README);
        int section = readme.indexOf("## Use the runtime on its own");
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        assertThat(section).as("the README's section").isPositive();
        Path file = work.resolve("Example.java");
        Files.writeString(file, readme.substring(start, readme.indexOf("```", start)));
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

        int compiled = javac(diagnostics, List.of("-d", work.resolve("out").toString(), "-classpath",
                runtime.toString(), "-proc:none", file.toString()));

        assertThat(compiled).as("the README's example against the runtime alone:%n%s%n%s", diagnostics,
                Files.readString(file)).isZero();
        String java = ProcessHandle.current().info().command().orElseThrow();
        Path printed = work.resolve("example.out");
        Process run = new ProcessBuilder(java, "-cp", work.resolve("out") + File.pathSeparator + runtime, "Example")
                .redirectErrorStream(true).redirectOutput(printed.toFile()).start();
        boolean ended = run.waitFor(1, TimeUnit.MINUTES);
        if (!ended) {
            run.destroyForcibly().waitFor();
        }
        String output = Files.readString(printed, StandardCharsets.UTF_8);
        assertThat(ended).as("the example ended within a minute: %s", output).isTrue();
        assertThat(run.exitValue()).as(output).isZero();
        assertThat(output).isEqualTo("value=2 reset=0" + System.lineSeparator());
        assertThat(readme).contains("prints `value=2 reset=0`");
    }

    /**
     * javac's arguments for the runtime's sources into {@code classes}, with an empty directory as class path and the
     * release the project is built for: its API and language, whichever javac of that release or later compiles.
     */
    private static List<String> runtimeSources(Path classes, Path work, String... options) throws IOException {
        Path nothing = Files.createDirectories(work.resolve("empty"));
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", nothing.toString(),
                "--release", "25", "-proc:none"));
        arguments.addAll(List.of(options));
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).forEach(arguments::add);
        }
        return arguments;
    }

    private static int javac(ByteArrayOutputStream diagnostics, List<String> arguments) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        return javac.run(null, diagnostics, diagnostics, arguments.toArray(String[]::new));
    }
}
