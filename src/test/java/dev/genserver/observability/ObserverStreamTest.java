package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.GenServerApplication;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The observer's Server-Sent Events stream in an application of its own, since the last test closes it: an open
 * stream must not hold graceful shutdown for the shutdown phase's 20 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObserverStreamTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static ConfigurableApplicationContext app;
    private static String management;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(GenServerApplication.class)
                .properties("server.port=0", "spring.main.banner-mode=off")
                .run("--management.server.port=0"); // an argument: application.yml's 8081 outranks defaults
        management = "http://localhost:" + app.getEnvironment().getProperty("local.management.port");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    /** Its pace (at once, then at most once a second) is {@link ObserverStreamsTest}'s, on a clock moved by hand. */
    @Test
    @Order(1)
    void aStream_isTheViewAsServerSentEvents_sentAgainAsTheTickerTicks() throws Exception {
        HttpResponse<Stream<String>> stream = open("tree");
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        try (Stream<String> lines = stream.body()) {
            Iterator<String> events = lines.iterator();
            for (int k = 0; k < 2; k++) {
                assertThat(nextData(events, "tree")).as("event %d", k).contains("\"id\":\"root\"", "\"counter\"");
            }
        }
    }

    @Test
    @Order(3)
    void aProcessThatExitsWhileWatched_orIsUnknown_isAProblemOnTheStream_andAMalformedIdIsRefusedUpFront()
            throws Exception {
        ProcessRuntime runtime = app.getBean(ProcessRuntime.class);
        GenServer<String> watched = () -> Init.ok("watched");
        Pid pid = runtime.start(watched, StartOptions.DEFAULTS.withService("watched"));
        try (Stream<String> lines = open("process&id=" + pid.id()).body()) {
            Iterator<String> events = lines.iterator();
            assertThat(nextData(events, "process")).contains("\"service\":\"watched\"");
            runtime.kill(pid);
            assertThat(nextData(events, "problem")).contains("\"error\":\"noproc\"");
        }

        try (Stream<String> lines = open("process&id=999999999").body()) {
            assertThat(nextData(lines.iterator(), "problem")).contains("\"error\":\"noproc\"");
        }
        for (String malformed : List.of("x".repeat(600), "%00", "1&id=2")) {
            HttpResponse<Stream<String>> refused = open("process&id=" + malformed);
            assertThat(refused.statusCode()).as(malformed).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            refused.body().close();
        }
    }

    @Test
    @Order(4)
    void closingTheApplication_endsOpenStreams_withoutWaitingForTheShutdownPhase() throws Exception {
        HttpResponse<Stream<String>> stream = open("overview");
        Iterator<String> events = stream.body().iterator();
        assertThat(nextData(events, "overview")).contains("\"member\"");
        CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> events.forEachRemaining(line -> { }));

        long closing = System.nanoTime();
        app.close();
        Duration closed = Duration.ofNanos(System.nanoTime() - closing);

        ended.get(5, TimeUnit.SECONDS);
        assertThat(closed).as("the shutdown phase is 20 s; an open stream must not hold it").isLessThan(
                Duration.ofSeconds(10));
    }

    private static HttpResponse<Stream<String>> open(String view) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(management + "/observer/stream?view=" + view))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
    }

    /** The data of the next event named {@code name}. */
    private static String nextData(Iterator<String> lines, String name) {
        boolean named = false;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.equals("event:" + name)) {
                named = true;
            } else if (named && line.startsWith("data:")) {
                return line.substring("data:".length());
            }
        }
        throw new AssertionError("the stream ended before an event " + name);
    }
}
