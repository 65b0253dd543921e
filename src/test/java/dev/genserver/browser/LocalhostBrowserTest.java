package dev.genserver.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser's {@code localhost} is the 127.0.0.1 the jars bind ({@link Browser#LOCALHOST_IS_IPV4}): a listener at
 * {@code [::1]} on the same port that accepts and never answers does not hold a page's load. Without the rule
 * Chromium connects there first and the load fails after {@code Browser}'s 30 s page load timeout.
 */
@BrowserTest
class LocalhostBrowserTest {

    private static HttpServer site;
    private static ServerSocket silent;
    private static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        site.createContext("/", exchange -> {
            byte[] page = "<!doctype html><title>from 127.0.0.1</title>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        silent = new ServerSocket(); // the kernel completes its connections; nothing ever reads or answers them
        try {
            silent.bind(new InetSocketAddress(InetAddress.getByName("::1"), site.getAddress().getPort()));
        } catch (IOException noIpv6Loopback) {
            assumeTrue(false, "no [::1] listener possible here (" + noIpv6Loopback + "): nothing to go to first");
        }
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        RunningJar.closeAll(browser, silent, site == null ? null : () -> site.stop(0));
    }

    @Test
    void localhost_isServedFromTheIpv4Loopback_thoughSomethingSilentListensAtTheIpv6One() {
        browser.driver.get("http://localhost:" + site.getAddress().getPort() + "/");

        assertThat(browser.driver.getTitle()).isEqualTo("from 127.0.0.1");
    }
}
