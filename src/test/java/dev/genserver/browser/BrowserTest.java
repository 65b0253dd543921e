package dev.genserver.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class driving Chromium against the packaged jar: run by {@code ./mvnw -Pbrowser test}, not by the
 * ordinary build, and a failure says what the jars' request threads were doing ({@link JarThreadsOnFailure}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@ExtendWith(JarThreadsOnFailure.class)
@interface BrowserTest {
}
