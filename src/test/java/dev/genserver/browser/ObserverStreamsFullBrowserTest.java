package dev.genserver.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The observer page when every stream slot of the instance is taken. A jar of its own, so that the only streams
 * ever opened on it are this test's and its page's: a page another test left keeps its slot until the server
 * notices it gone, and could free it while this page loads, which would then go live instead of being refused.
 */
@BrowserTest
class ObserverStreamsFullBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Pattern DETAIL = Pattern.compile("\"detail\":\"([^\"]+)\"");
    private static final Pattern RETRY_AFTER = Pattern.compile("(?im)^Retry-After: *(\\d+)\\r?$");

    private static RunningJar jar;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        jar = RunningJar.start("observer-streams-full");
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        RunningJar.closeAll(browser, jar);
    }

    /** The badge said only "disconnected; retrying in 1 s" and the page asked again after 0.5 s, 1 s, 2 s. */
    @Test
    void aPageRefusedForTooManyStreams_saysWhy_retriesNoSoonerThanRetryAfter_andGoesLiveOnceASlotIsFree()
            throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            String refusal = holdEverySlot(held);
            String detail = group(DETAIL, refusal);
            int retryAfter = Integer.parseInt(group(RETRY_AFTER, refusal));

            browser.driver.get(jar.management() + "/observer#overview");

            String expected = "down: " + detail + "; retrying in " + retryAfter + " s"; // the first backoff: 0.5 s
            browser.waiting(PATIENCE).withMessage(() -> "the badge reads " + badge())
                    .until(driver -> expected.equals(badge()));
            browser.screenshot("observer-streams-full");
            // each try is the EventSource's request, then the page's fetch asking why: the page's own clock says when
            List<Double> asked = browser.waiting(PATIENCE).until(driver -> {
                List<Double> starts = reasonsAsked();
                return starts.size() >= 2 ? starts : null;
            });
            assertThat(asked.get(1) - asked.get(0)).as("ms between the first two tries' fetches")
                    .isGreaterThanOrEqualTo(retryAfter * 1000.0);
        } finally {
            for (Socket stream : held) {
                stream.close();
            }
        }
        // the server frees a slot when its next event finds the socket closed; the page tries again meanwhile
        browser.waiting(PATIENCE).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "live"));
        assertThat(browser.consoleErrors()).as("the refused requests, which the browser logs itself, and nothing else")
                .allSatisfy(error -> assertThat(error).contains("/observer/stream"));
    }

    /**
     * Opens streams, holding each, until one is refused; returns that refusal's status line, headers and body.
     * Nothing else opens a stream on this jar meanwhile, so the page opened next finds no slot.
     */
    private static String holdEverySlot(List<Socket> held) throws IOException {
        URI stream = URI.create(jar.management() + "/observer/stream?view=overview");
        while (true) {
            Socket socket = new Socket(stream.getHost(), stream.getPort());
            held.add(socket); // closed by the caller, whatever its answer
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET " + stream.getRawPath() + "?" + stream.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: " + stream.getAuthority() + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream answer = socket.getInputStream();
            String status = line(answer); // "HTTP/1.1 200": Tomcat sends no reason phrase
            if (status.startsWith("HTTP/1.1 200")) {
                continue; // its events wait unread in the socket's buffers; a few kB a second
            }
            assertThat(status).as("after %d streams", held.size() - 1).startsWith("HTTP/1.1 503");
            return status + "\n" + new String(answer.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One line of an answer's head, read byte by byte so that nothing after it is consumed. */
    private static String line(InputStream answer) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = answer.read(); b != '\n'; b = answer.read()) {
            if (b == -1) {
                throw new IOException("the connection closed after " + line);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }

    /** The connection badge's state and text, read at once: each try of the page sets both. */
    private static String badge() {
        return (String) browser.driver.executeScript("const badge = document.getElementById('connection');"
                + " return badge.dataset.state + ': ' + badge.textContent");
    }

    /** When the page's fetches of the stream (each asking why a try failed) began, in ms of the page's clock. */
    @SuppressWarnings("unchecked")
    private static List<Double> reasonsAsked() {
        return ((List<Number>) browser.driver.executeScript("return performance.getEntriesByType('resource')"
                + ".filter(entry => entry.initiatorType === 'fetch' && entry.name.includes('/observer/stream'))"
                + ".map(entry => entry.startTime)")).stream().map(Number::doubleValue).toList();
    }

    private static String group(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in %s", pattern, text).isTrue();
        return matcher.group(1);
    }
}
