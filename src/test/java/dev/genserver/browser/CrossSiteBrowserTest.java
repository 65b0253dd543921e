package dev.genserver.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a page of another site can do to the service through a visitor's browser, in Chromium: send writes that
 * need no CORS preflight (a bodiless POST, a text body), which the browser sends and only the service can refuse.
 * The page is served from 127.0.0.1 on a port of its own, the service is at localhost: another site. The Swagger
 * UI's writes from the service's own origin are {@link SwaggerUiBrowserTest}'s.
 */
@BrowserTest
class CrossSiteBrowserTest {

    private static final int FAILURES = 5; // a breaker's default threshold: five would open it

    private static RunningJar jar;
    private static HttpServer site;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        jar = RunningJar.start("cross-site");
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            byte[] page = page(jar.api()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        RunningJar.closeAll(browser, site == null ? null : () -> site.stop(0), jar);
    }

    @Test
    void aPageOfAnotherSite_cannotWriteThroughTheBrowser_thoughTheBrowserSendsIt() throws Exception {
        long counter = value(jar.send("GET", jar.api() + "/api/counter", null));
        long refusedBefore = refused();

        browser.driver.get("http://127.0.0.1:" + site.getAddress().getPort() + "/");
        browser.waiting(Duration.ofSeconds(20)).until(driver -> driver.getTitle().startsWith("sent"));

        assertThat(browser.driver.getTitle()).as("every fetch came back (opaque, as no-cors answers are)")
                .isEqualTo("sent " + (FAILURES + 3));
        assertThat(value(jar.send("GET", jar.api() + "/api/counter", null))).as("the counter").isEqualTo(counter);
        assertThat(jar.send("GET", jar.api() + "/api/circuit-breakers/payments", null))
                .as("the breaker the page tried to open").contains("\"state\":\"closed\"", "\"failures\":0");
        assertThat(jar.send("GET", jar.api() + "/api/kv", null)).as("no store made").contains("\"ids\":[]");
        assertThat(refused() - refusedBefore).as("the browser sent each write, and each was refused 403")
                .isEqualTo(FAILURES + 3);
    }

    /** Writes a page may send anywhere without a preflight, each with no-cors, then says how many came back. */
    private static String page(String api) {
        return """
                <!doctype html><title>loading</title><script>
                const api = '%s';
                const send = (path, body) => fetch(api + path, {method: 'POST', mode: 'no-cors', body});
                (async () => {
                  const sent = [send('/api/counter/increment'), send('/api/counter/increment'),
                      send('/api/kv', 'text')];
                  for (let i = 0; i < %d; i++) sent.push(send('/api/circuit-breakers/payments/failure'));
                  const answers = await Promise.all(sent);
                  document.title = 'sent ' + answers.filter(answer => answer.type === 'opaque').length;
                })();
                </script>""".formatted(api, FAILURES);
    }

    /** The 403s the service has answered, from its own metrics. */
    private static long refused() throws Exception {
        Matcher counts = Pattern.compile("(?m)^http_server_requests_seconds_count\\{[^}]*status=\"403\"[^}]*} (\\S+)$")
                .matcher(jar.send("GET", jar.management() + "/actuator/prometheus", null));
        long refused = 0;
        while (counts.find()) {
            refused += (long) Double.parseDouble(counts.group(1));
        }
        return refused;
    }

    private static long value(String json) {
        Matcher value = Pattern.compile("\"value\":(\\d+)").matcher(json);
        assertThat(value.find()).as(json).isTrue();
        return Long.parseLong(value.group(1));
    }
}
