package dev.genserver.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A pid names one process of one instance. An instance restarted in place numbers its processes afresh, so a page
 * left open on a process's panel may see its pid come back as another process: it must say its process exited,
 * not show the other one under the old title and offer to kill it.
 */
@BrowserTest
class ObserverRestartBrowserTest {

    /** The restart and the new instance's start take two startups on a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern PID = Pattern.compile("\"id\":(\\d+)");
    /** How many named counters the new instance may start before one takes the stack's pid. */
    private static final int TRIES = 50;

    private static RunningJar jar;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        jar = RunningJar.start("observer-restart", "--genserver.observability.allow-kill=true");
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        RunningJar.closeAll(browser, jar);
    }

    @Test
    void aPanelOpenedByPid_whosePidComesBackAsAnotherProcessAfterARestart_saysItsProcessExited() throws Exception {
        jar.send("POST", jar.api() + "/api/stacks", null);
        long pid = lastPid(); // the stack's: the newest process
        browser.driver.get(jar.management() + "/observer#process/" + pid);
        browser.waiting(PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-fields"),
                "stacks"));

        jar = jar.restarted();
        takePid(pid);

        browser.waiting(PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-problem"),
                "This process has exited"));
        browser.waiting(PATIENCE).until(ExpectedConditions.attributeToBe(By.id("connection"), "data-state", "live"));
        assertThat(browser.driver.findElement(By.cssSelector("dd[data-field='service']")).getText())
                .isEqualTo("stacks");
        assertThat(browser.driver.findElements(By.cssSelector("#process-actions button")))
                .hasSize(3).noneMatch(WebElement::isEnabled);
        browser.screenshot("observer-pid-after-restart");
    }

    /**
     * A confirmation dialog holds the page, and the stream's news with it: a kill confirmed after the instance
     * restarted and gave the pid to another process is not done (it killed that process): the new instance refuses
     * it for its start time.
     */
    @Test
    void aKillConfirmedAfterTheInstanceRestarted_isNotDoneToTheProcessNowAtThatPid() throws Exception {
        jar.send("POST", jar.api() + "/api/stacks", null);
        long pid = lastPid();
        browser.driver.get(jar.management() + "/observer#process/" + pid);
        browser.waiting(PATIENCE).until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.kill")));
        browser.driver.findElement(By.cssSelector("button.kill")).click(); // the dialog opens and holds the page

        jar = jar.restarted();
        takePid(pid);
        browser.driver.switchTo().alert().accept();

        browser.waiting(PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(By.id("process-message"),
                "Kill not done"));
        assertThat(jar.send("GET", jar.management() + "/actuator/processes/" + pid, null))
                .as("the new instance's process at that pid lives").contains("\"service\":\"counters\"");
    }

    /**
     * A stopped instance refuses the browser's attempts to reconnect, each an error: the page says the instance does
     * not answer, and not that six connections may be open already, which is a queued request's case (a request
     * waiting for a connection fails with no error).
     */
    @Test
    void aStoppedInstance_isSaidNotToAnswer_notToBeBehindSixConnections() throws Exception {
        By connection = By.id("connection");
        browser.driver.get(jar.management() + "/observer#members");
        browser.waiting(PATIENCE).until(ExpectedConditions.attributeToBe(connection, "data-state", "live"));
        jar.close();
        try {
            browser.waiting(PATIENCE).until(ExpectedConditions.attributeToBe(connection, "data-state", "silent"));
            assertThat(browser.driver.findElement(connection).getText()).startsWith("no connection for ")
                    .contains("the instance does not answer (stopped, restarting or out of reach)")
                    .doesNotContain("six connections");
            browser.screenshot("observer-instance-stopped");
        } finally {
            jar = jar.restarted();
        }
        browser.waiting(PATIENCE).until(ExpectedConditions.attributeToBe(connection, "data-state", "live"));
    }

    /** Starts named counters on the new instance until one has {@code pid}. */
    private static void takePid(long pid) throws Exception {
        long counters = 0;
        long taken;
        do {
            jar.send("POST", jar.api() + "/api/counters/restarted-" + counters++ + "/increment", null);
            taken = lastPid();
        } while (taken < pid && counters < TRIES);
        assertThat(taken).as("a counter of the new instance took the pid").isEqualTo(pid);
    }

    /** The highest pid the new instance has given. */
    private static long lastPid() throws Exception {
        Matcher id = PID.matcher(jar.send("GET", jar.management() + "/actuator/processes?limit=1000", null));
        long last = 0;
        while (id.find()) {
            last = Math.max(last, Long.parseLong(id.group(1)));
        }
        return last;
    }
}
