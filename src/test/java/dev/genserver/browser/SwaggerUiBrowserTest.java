package dev.genserver.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The Swagger UI's "Try it out" on the counter, in Chromium, loaded through a naive proxy on another host and
 * port: the operations answer 200 {@code {"value": n}}, and the UI's requests go to the origin it was loaded from
 * (the proxy), not to the backend behind it.
 */
@BrowserTest
class SwaggerUiBrowserTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private static RunningJar jar;
    private static NaiveProxy proxy;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        jar = RunningJar.start("swagger-ui");
        proxy = new NaiveProxy(jar.api());
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        RunningJar.closeAll(browser, proxy, jar);
    }

    @ParameterizedTest
    @CsvSource({"get, /api/counter", "post, /api/counter/increment"})
    void tryItOut_answersFromTheOriginTheUiWasLoadedFrom(String method, String path) throws Exception {
        browser.driver.get(proxy.origin() + "/swagger-ui/index.html");
        By block = By.xpath("//div[contains(@class,'opblock-" + method + "')][.//*[contains(@class,"
                + "'opblock-summary-path') and @data-path='" + path + "']]");
        WebElement operation = browser.waiting(PATIENCE).until(ExpectedConditions.presenceOfElementLocated(block));
        operation.findElement(By.cssSelector(".opblock-summary-control")).click();
        // the expanded body is rendered after the click returns: the button is looked for inside the wait
        browser.waiting(PATIENCE).until(driver -> {
            WebElement tryOut = operation.findElement(By.cssSelector(".try-out__btn"));
            return tryOut.isDisplayed() && tryOut.isEnabled() ? tryOut : null;
        }).click();
        browser.waiting(PATIENCE).until(driver -> operation.findElement(By.cssSelector(".execute"))).click();

        String status = browser.waiting(PATIENCE).until(driver -> operation.findElement(
                By.cssSelector(".live-responses-table tbody .response-col_status")).getText().trim());
        String body = operation.findElement(By.cssSelector(".live-responses-table tbody .microlight")).getText();
        String url = operation.findElement(By.cssSelector(".request-url pre")).getText().trim();
        browser.screenshot("swagger-ui-" + method + path.replace('/', '-'));

        assertThat(status).isEqualTo("200");
        assertThat(body).matches("(?s)\\{\\s*\"value\"\\s*:\\s*\\d+\\s*}");
        assertThat(url).isEqualTo(proxy.origin() + path);
        assertThat(proxy.carried()).as("the proxy, the UI's origin, carried the request")
                .contains(method.toUpperCase() + " " + path);
        if (method.equals("post")) { // executed again, it increments again: no key the UI fills in replays it
            long first = Long.parseLong(body.replaceAll("\\D", ""));
            operation.findElement(By.cssSelector(".execute")).click();
            browser.waiting(PATIENCE).until(driver -> !operation.findElement(By.cssSelector(
                    ".live-responses-table tbody .microlight")).getText().equals(body));
            String again = operation.findElement(By.cssSelector(".live-responses-table tbody .microlight")).getText();
            assertThat(Long.parseLong(again.replaceAll("\\D", ""))).as(again).isEqualTo(first + 1);
        }
    }
}
