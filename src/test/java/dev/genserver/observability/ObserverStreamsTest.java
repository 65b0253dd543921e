package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.testing.GoneClient;
import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * A stream on Spring's own SSE response, over mock servlet objects whose container never reports a failed write:
 * Tomcat did not, for a client that left in the middle of the first event (read its first line, then closed), and
 * that stream then held graceful shutdown for its whole phase (see {@link ObserverStreams}). Its pace is measured
 * on a clock the test moves, with sends on the test's thread.
 */
class ObserverStreamsTest {

    private final ObserverStreams streams = new ObserverStreams();
    private final ManualTimers timers = new ManualTimers();
    private final ObserverStreams paced = new ObserverStreams(timers, Runnable::run);

    @AfterEach
    void stop() {
        streams.stop();
        paced.stop();
    }

    @Test
    void aStream_sendsTheViewAtOnce_thenAtMostOnceASecond() throws Exception {
        paced.start();
        AtomicInteger version = new AtomicInteger();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/observer/stream");
        request.setAsyncSupported(true);
        MockHttpServletResponse response = new MockHttpServletResponse();

        paced.open(new ObserverStreams.View("tree", "tree", () -> Map.of("version", version.get())), request)
                .writeTo(request, response, () -> List.of(new JacksonJsonHttpMessageConverter()));

        assertThat(timers.pending()).as("the first tick, not run yet").isEqualTo(1);
        assertThat(data(response)).as("sent as the stream opened").containsExactly("{\"version\":0}");

        version.set(1);
        assertThat(timers.advance(ObserverStreams.MIN_GAP.minusNanos(1))).as("ticks run").isEqualTo(8);
        assertThat(data(response)).as("within the least gap").containsExactly("{\"version\":0}");

        assertThat(timers.advance(Duration.ofNanos(1))).as("ticks run").isEqualTo(1);
        assertThat(data(response)).as("once the least gap has passed")
                .containsExactly("{\"version\":0}", "{\"version\":1}");
    }

    /** A value to which each second adds points; after one sent, the points past its last. */
    record Points(List<Integer> points) implements Continued<Points> {
        @Override
        public Points after(Points sent) {
            return new Points(points.subList(sent.points.size(), points.size()));
        }
    }

    /** A continued view's events after the first carry what is new since the stream's last; a new stream, all. */
    @Test
    void aContinuedView_isSentWhole_thenWhatIsNewSinceTheStreamsLastEvent() throws Exception {
        paced.start();
        List<Integer> points = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(1, 2));
        ObserverStreams.View view = new ObserverStreams.View("overview", "overview",
                () -> new Points(List.copyOf(points)));
        MockHttpServletResponse first = open(view);
        assertThat(data(first)).containsExactly("{\"points\":[1,2]}");

        points.add(3);
        timers.advance(ObserverStreams.INTERVAL);
        points.add(4);
        points.add(5);
        timers.advance(ObserverStreams.INTERVAL);
        MockHttpServletResponse second = open(view);

        assertThat(data(first)).containsExactly("{\"points\":[1,2]}", "{\"points\":[3]}", "{\"points\":[4,5]}");
        assertThat(data(second)).as("opened later, it is sent all").containsExactly("{\"points\":[1,2,3,4,5]}");
    }

    private MockHttpServletResponse open(ObserverStreams.View view) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/observer/stream");
        request.setAsyncSupported(true);
        MockHttpServletResponse response = new MockHttpServletResponse();
        paced.open(view, request).writeTo(request, response, () -> List.of(new JacksonJsonHttpMessageConverter()));
        return response;
    }

    /** With no stream open nothing is scheduled: an idle observer costs no wake-ups. */
    @Test
    void ticks_areScheduledOnlyWhileAStreamIsOpen() throws Exception {
        paced.start();
        assertThat(timers.pending()).as("before any stream").isZero();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/observer/stream");
        request.setAsyncSupported(true);

        paced.open(new ObserverStreams.View("tree", "tree", () -> Map.of("id", "root")), request)
                .writeTo(request, new GoneClient(new MockHttpServletResponse()),
                        () -> List.of(new JacksonJsonHttpMessageConverter()));
        assertThat(timers.pending()).as("while it is open").isEqualTo(1);
        assertThat(request.isAsyncStarted()).as("its client gone, the first send ended it").isFalse();

        assertThat(timers.advance(ObserverStreams.TICK)).isEqualTo(1);
        assertThat(timers.pending()).as("once the last stream has gone").isZero();
    }

    @Test
    void aStreamRefused_isAProblemNamingItsPath() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/observer/stream");
        MockHttpServletResponse response = new MockHttpServletResponse();

        streams.open(new ObserverStreams.View("tree", "tree", () -> Map.of("id", "root")), request) // not started
                .writeTo(request, response, () -> List.of(new JacksonJsonHttpMessageConverter()));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentAsString()).contains("\"instance\":\"/observer/stream\"")
                .contains("\"error\":\"unavailable\"");
    }

    /** HEAD answers as GET would at that moment, without taking a slot: refused while the streams are stopped. */
    @Test
    void head_answersAsGetWould_withoutAStream() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("HEAD", "/observer/stream");
        MockHttpServletResponse stopped = new MockHttpServletResponse();
        streams.head(request).writeTo(request, stopped, () -> List.of(new JacksonJsonHttpMessageConverter()));
        assertThat(stopped.getStatus()).isEqualTo(503);

        streams.start();
        MockHttpServletResponse running = new MockHttpServletResponse();
        streams.head(request).writeTo(request, running, () -> List.of(new JacksonJsonHttpMessageConverter()));

        assertThat(running.getStatus()).isEqualTo(200);
        assertThat(running.getContentType()).isEqualTo("text/event-stream");
        assertThat(running.getHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(request.isAsyncStarted()).isFalse();
    }

    @Test
    void aStreamWhoseSendFailed_isCompleted_thoughSpringsBuilderIgnoresCompleteOnceASendFailed() throws Exception {
        streams.start();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/observer/stream");
        request.setAsyncSupported(true);
        ServerResponse stream = streams.open(new ObserverStreams.View("tree", "tree", () -> Map.of("id", "root")),
                request);

        stream.writeTo(request, new GoneClient(new MockHttpServletResponse()),
                () -> List.of(new JacksonJsonHttpMessageConverter()));

        await("the stream's request completes").atMost(Duration.ofSeconds(10)).until(() -> !request.isAsyncStarted());
    }

    /** The data of each event written so far. */
    private static List<String> data(MockHttpServletResponse response) throws Exception {
        return response.getContentAsString().lines().filter(line -> line.startsWith("data:"))
                .map(line -> line.substring("data:".length())).toList();
    }
}
