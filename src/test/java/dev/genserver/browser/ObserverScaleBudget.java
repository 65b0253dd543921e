package dev.genserver.browser;

import dev.genserver.GenServerApplication;
import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A benchmark, not a timed test (docs/performance.md, "The observer"): the observer page's first render in
 * Chromium with a million idle processes, the service started in this JVM so the million can be added to its
 * runtime. Prints the figures and writes them to {@code target/browser/observer-scale.txt}; asserts nothing about
 * time. Run it alone, on a quiet machine:
 * <pre>
 * ./mvnw -Pbrowser test -Dsurefire.groups=budget -Dsurefire.excludedGroups= -Dtest=ObserverScaleBudget
 * </pre>
 */
@Tag("budget")
class ObserverScaleBudget {

    /** An idle process. */
    static final class Idle implements GenServer<Long> {
        @Override
        public Init<Long> init() {
            return Init.ok(0L);
        }
    }

    @Test
    void firstRender_withAMillionIdleProcesses() throws Exception {
        int count = Integer.getInteger("processes", 1_000_000);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GenServerApplication.class)
                .properties("server.port=0", "spring.main.banner-mode=off",
                        "logging.level.root=WARN")
                .run("--management.server.port=0"); // an argument: application.yml's 8081 outranks defaults
             Browser browser = new Browser()) {
            ProcessRuntime runtime = app.getBean(ProcessTree.class).runtime();
            for (int i = 0; i < count; i++) {
                runtime.start(new Idle(), StartOptions.DEFAULTS.withService("idle"));
            }
            String page = "http://localhost:" + app.getEnvironment().getProperty("local.management.port")
                    + "/observer";
            List<String> figures = new ArrayList<>();
            figures.add(String.format("%,d processes alive", runtime.count()));
            for (String view : List.of("overview", "tree", "processes", "processes?sort=mailbox&limit=20",
                    "overview")) {
                By rendered = view.startsWith("processes") ? By.cssSelector("#processes-table tbody tr")
                        : view.equals("tree") ? By.cssSelector("li[data-node='counter']")
                        : By.cssSelector("#card-processes");
                browser.driver.get("about:blank");
                browser.driver.get(page + "#" + view);
                browser.waiting(Duration.ofSeconds(30)).until(driver -> !driver.findElements(rendered).isEmpty());
                Object millis = browser.driver.executeScript("return Math.round(performance.now())");
                figures.add(String.format("#%s: rendered %s ms after navigation began", view, millis));
            }
            browser.screenshot("observer-scale");
            figures.forEach(System.out::println);
            Files.createDirectories(Browser.OUTPUT);
            Files.write(Browser.OUTPUT.resolve("observer-scale.txt"), figures);
        }
    }
}
