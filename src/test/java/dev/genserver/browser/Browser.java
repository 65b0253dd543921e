package dev.genserver.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through chromedriver by Selenium WebDriver: Debian's {@code chromium} and
 * {@code chromium-driver} packages, found at their Debian paths (override with {@code -Dbrowser.binary=} and
 * {@code -Dwebdriver.chrome.driver=}). Selenium Manager is never asked for anything, so nothing is downloaded.
 */
final class Browser implements AutoCloseable {

    /** Where screenshots and logs go, for a reviewer to look at. */
    static final Path OUTPUT = Path.of("target", "browser");

    private static final Duration PAGE_LOAD = Duration.ofSeconds(30);

    /**
     * The jars bind 127.0.0.1 only, and Chromium resolves {@code localhost} to {@code ::1} first, whatever
     * {@code /etc/hosts} says: anything else listening at {@code [::1]} on a jar's port (another program, a port
     * handed out twice) would take the page's request and could hold its load. The rule sends {@code localhost} to
     * 127.0.0.1 alone; the name, and so the page's origin, stays {@code localhost}, which {@link CrossSiteBrowserTest}
     * needs to tell the service's site from 127.0.0.1's.
     */
    static final String LOCALHOST_IS_IPV4 = "--host-resolver-rules=MAP localhost 127.0.0.1";

    final ChromeDriver driver;

    Browser() {
        System.setProperty("webdriver.chrome.driver",
                System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--no-first-run", LOCALHOST_IS_IPV4);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(options);
        // a page that does not load fails its test in this time, with chromedriver's reason, where Selenium's
        // client would give up on the command only after three minutes, without one
        driver.manage().timeouts().pageLoadTimeout(PAGE_LOAD);
    }

    /** Waits polling every 50 ms; the live page redraws what it shows, so a stale element is retried too. */
    WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** The console's errors since the last call (the browser log is read and emptied). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Saves what the page shows as {@code target/browser/NAME.png}. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(OUTPUT);
        Path file = OUTPUT.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
