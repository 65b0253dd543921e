package dev.genserver.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The observer page with the management server under a base path of its own ({@code management.server.base-path},
 * the context path of the whole management port), where the page was blank: it asked for its assets, its data and
 * its stream at {@code /observer/…}, and its actions went to {@code /actuator/…}, all outside the base path.
 */
@BrowserTest
class ObserverUnderAServerBasePathBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Pattern PID = Pattern.compile("\"id\":(\\d+)");
    private static final String BASE_PATH = "/admin";

    private static RunningJar jar;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        jar = RunningJar.start("observer-server-base-path", "--management.server.base-path=" + BASE_PATH,
                "--genserver.observability.allow-kill=true", "--genserver.runtime.max-restarts=20");
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        RunningJar.closeAll(browser, jar);
    }

    @Test
    void thePage_underTheServersBasePath_drawsItsChartsAndGoesLive_withNoConsoleErrors() throws Exception {
        browser.driver.get(jar.management() + "/observer#overview");

        browser.waiting(PATIENCE).until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#chart-messages canvas")));
        browser.waiting(PATIENCE).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "live"));
        browser.screenshot("observer-server-base-path");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aKillFromTheProcessView_isSentUnderTheServersBasePath_andReachesTheProcess() throws Exception {
        long pid = pidOf("calculator");
        assertThat(jar.send("GET", jar.management() + "/observer/api/processes/" + pid, null))
                .contains("\"actions\":\"" + BASE_PATH + "/actuator/processes/" + pid + "\"");
        browser.driver.get(jar.management() + "/observer#process/" + pid);

        browser.waiting(PATIENCE).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#process-actions button[data-action='kill']"))).click();
        browser.waiting(PATIENCE).until(ExpectedConditions.alertIsPresent()).accept();

        browser.waiting(PATIENCE).ignoring(AssertionError.class) // noproc until its supervisor restarts it
                .until(driver -> pidOf("calculator") != pid); // restarted: the kill reached it
        // "Kill: done." may already have given way to the problem the killed process's panel then shows
        assertThat(browser.driver.findElement(By.id("process-message")).getText()).doesNotContain("failed");
        assertThat(browser.consoleErrors()).isEmpty(); // a 404 from the kill would be logged
    }

    private static long pidOf(String name) {
        try {
            Matcher id = PID.matcher(jar.send("GET", jar.management() + "/actuator/processes/" + name, null));
            assertThat(id.find()).isTrue();
            return Long.parseLong(id.group(1));
        } catch (Exception failed) {
            throw new AssertionError(failed);
        }
    }
}
