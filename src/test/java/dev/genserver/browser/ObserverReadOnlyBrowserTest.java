package dev.genserver.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The observer page with the default settings, where actions on processes are off: it offers none. */
@BrowserTest
class ObserverReadOnlyBrowserTest {

    private static RunningJar jar;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        jar = RunningJar.start("observer-default-settings");
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        RunningJar.closeAll(browser, jar);
    }

    @Test
    void theProcessView_hasNoKillSuspendOrResumeButtons_whenActionsAreOff() throws Exception {
        browser.driver.get(jar.management() + "/observer#process/counter");

        browser.waiting(Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("process-state"), "\"value\""));
        assertThat(browser.driver.findElements(By.cssSelector("#process-actions button"))).isEmpty();
        assertThat(browser.driver.findElements(By.cssSelector("button[data-action]"))).isEmpty();
        browser.screenshot("observer-process-read-only");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
