package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private static final Path EXAMPLE = Path.of("src/test/java/dev/genserver/runtime/ReadmeExampleTest.java");

    @TempDir
    static Path work;
    private static Path runtime;
    private static int status;
    private static final ByteArrayOutputStream DIAGNOSTICS = new ByteArrayOutputStream();

    /** Compiled once for both tests, with every lint warning an error: the package compiles clean, too. */
    @BeforeAll
    static void compileTheRuntime() throws IOException {
        runtime = work.resolve("runtime");
        status = javac(DIAGNOSTICS, runtimeSources(runtime, work, "-Xlint:all", "-Werror"));
    }

    @Test
    void theRuntimesSources_compileWithTheJdkAlone() {
        assertThat(status).as("javac on %s with an empty class path:%n%s", SOURCES, DIAGNOSTICS).isZero();
        assertThat(runtime.resolve("dev/genserver/runtime/ProcessRuntime.class")).exists();
    }

    /** The example's own test needs JUnit and AssertJ, so its classes are compiled here without the test method. */
    @Test
    void theReadmesExample_compilesAgainstTheRuntimeAlone() throws IOException {
        assertThat(status).as("the runtime compiled").isZero();

        String source = Files.readString(EXAMPLE);
        String example = source.substring(source.indexOf("// --- as in the README ---"),
                source.indexOf("// --- end ---"));
        Path file = work.resolve("Example.java");
        Files.writeString(file, "import dev.genserver.runtime.*;\nimport java.time.Duration;\n\nclass Example {\n"
                + example + "\n}\n");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();

        int status = javac(diagnostics, List.of("-d", work.resolve("out").toString(), "-classpath",
                runtime.toString(), "-proc:none", file.toString()));

        assertThat(status).as("the README's example against the runtime alone:%n%s", diagnostics).isZero();
    }

    /** javac's arguments for the runtime's sources into {@code classes}, with an empty directory as class path. */
    private static List<String> runtimeSources(Path classes, Path work, String... options) throws IOException {
        Path nothing = Files.createDirectories(work.resolve("empty"));
        List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", nothing.toString(),
                "-proc:none"));
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
