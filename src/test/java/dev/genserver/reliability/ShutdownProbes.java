package dev.genserver.reliability;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.From;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.Result;
import dev.genserver.runtime.Self;
import dev.genserver.runtime.StartOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Test-only beans for the child JVM of {@link GracefulShutdownTest} (not a component, so no test context picks it
 * up). They print {@code PROBE …} lines: the port once ready, readiness changes, and for three probe processes
 * started in the order first, nested (under a dynamic supervisor started between), last, every {@code terminate}
 * with its reason. On stdin, {@code cast N} casts to the last probe a hold and then N slow messages (half a second
 * each), which wait behind the hold until {@code release}; {@code GET /probe/held} on the API port is a call to the
 * last probe, answered once the casts queued before it are handled. So the test, not the timing, decides what is
 * still queued or in flight when it sends SIGTERM.
 */
class ShutdownProbes {

    static final Duration SLOW_CAST = Duration.ofMillis(500);
    /** Opened by {@code release} on stdin; the hold cast waits for it. */
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** The cast that holds the probe until {@code release}. */
    enum Hold { INSTANCE }

    /** The call {@code GET /probe/held} makes. */
    record Held() implements Call<String> { }

    /**
     * A probe process: prints its {@code terminate}, waits at a {@link Hold} until released, takes half a second
     * over each {@code Integer} cast, and answers {@link Held} with the casts handled so far. It traps exits, as a
     * process that is to handle its queue and run {@code terminate} when its supervisor shuts it down must.
     */
    record Probe(String label) implements GenServer<Integer> {
        @Override
        public Init<Integer> init() {
            Self.trapExits(true);
            return Init.ok(0);
        }

        @Override
        public Result<Integer> handleCast(Object message, Integer handled) {
            try {
                if (message == Hold.INSTANCE) {
                    RELEASE.await();
                    return Result.noreply(handled);
                }
                Thread.sleep(SLOW_CAST); // the work a queued cast stands for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            print("cast handled " + label + " " + message);
            return Result.noreply(handled + 1);
        }

        @Override
        public CallResult<Integer> handleCall(Call<?> request, From from, Integer handled) {
            return request instanceof Held held ? held.reply("answered after " + handled + " casts", handled)
                    : GenServer.super.handleCall(request, from, handled);
        }

        @Override
        public void terminate(ExitReason reason, Integer handled) {
            print("terminate " + label + " " + reason.detail() + " after " + handled + " casts");
        }
    }

    static void print(String line) {
        System.out.println("PROBE " + line);
        System.out.flush();
    }

    @Bean
    Pid probeProcesses(ProcessTree tree) {
        tree.startChild(ChildSpec.permanent("probe-first", () -> new Probe("first"))
                .withOptions(StartOptions.named(Name.local("probe-first"))));
        DynamicSupervisor nested = tree.startDynamicSupervisor("probe-nested",
                DynamicSupervisorSpec.withMaxChildren(1));
        nested.startChild(ChildSpec.temporary("probe-nested", () -> new Probe("nested")));
        Pid last = tree.startChild(ChildSpec.permanent("probe-last", () -> new Probe("last"))
                .withOptions(StartOptions.named(Name.local("probe-last"))).withShutdown(Duration.ofSeconds(15)));
        Thread.ofPlatform().daemon().start(() -> readCommands(last));
        return last;
    }

    /** The held call: its own timeout, since the hold and the casts before it outlast the default 5 s. */
    @Bean
    RouterFunction<ServerResponse> heldCall(ProcessTree tree) {
        return RouterFunctions.route().GET("/probe/held", request -> ServerResponse.ok().body(
                tree.runtime().call("probe-last", new Held(), Duration.ofSeconds(60)))).build();
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> portPrinter(Environment environment) {
        return ready -> print("ready port=" + environment.getProperty("local.server.port")
                + " management=" + environment.getProperty("local.management.port")
                + " timeout-per-shutdown-phase="
                + environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase"));
    }

    @Bean
    ApplicationListener<AvailabilityChangeEvent<?>> availabilityPrinter() {
        return change -> print("availability " + change.getState());
    }

    private static void readCommands(Pid last) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("cast ")) {
                    int count = Integer.parseInt(line.substring(5).trim());
                    last.cast(Hold.INSTANCE);
                    for (int i = 1; i <= count; i++) {
                        last.cast(i);
                    }
                    print("casts queued " + count);
                } else if (line.equals("release")) {
                    RELEASE.countDown();
                    print("released");
                }
            }
        } catch (java.io.IOException closed) {
            // the test is gone; nothing more to read
        }
    }
}
