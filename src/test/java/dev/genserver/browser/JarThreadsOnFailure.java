package dev.genserver.browser;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * When a browser test fails, dumps the threads of every jar still running ({@link RunningJar#threadDump()}) and adds
 * what their request threads were doing to the failure, where a CI log shows it: a page that never loads may be the
 * browser's fault or a port that stopped answering, and only the service's threads at that moment tell which. A
 * failure in {@code @BeforeAll} or {@code @BeforeEach} is explained the same way: a class's first page load is often
 * made there.
 */
final class JarThreadsOnFailure implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        handleTestExecutionException(context, failure);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable failure)
            throws Throwable {
        handleTestExecutionException(context, failure);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (failure instanceof TestAbortedException) {
            throw failure; // an assumption that does not hold is no failure to explain
        }
        StringBuilder threads = new StringBuilder();
        for (RunningJar jar : RunningJar.running()) {
            threads.append('\n').append(jar.threadDump());
        }
        if (threads.isEmpty()) {
            throw failure;
        }
        throw new AssertionError(failure + "\n-- the running jars' request threads:" + threads, failure);
    }
}
