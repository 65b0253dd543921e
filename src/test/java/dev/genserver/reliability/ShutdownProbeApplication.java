package dev.genserver.reliability;

import dev.genserver.GenServerApplication;
import org.springframework.boot.SpringApplication;

/**
 * The application as {@link GracefulShutdownTest} runs it in a child JVM: the real application plus
 * {@link ShutdownProbes}, which report on stdout what a test cannot see from outside.
 */
public final class ShutdownProbeApplication {

    private ShutdownProbeApplication() {
    }

    public static void main(String[] args) {
        new SpringApplication(GenServerApplication.class, ShutdownProbes.class).run(args);
    }
}
