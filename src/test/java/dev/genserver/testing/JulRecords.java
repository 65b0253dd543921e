package dev.genserver.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What one class's {@code java.util.logging} logger records while this is open: where the runtime's
 * {@link System.Logger}s write in a test without Spring (Boot bridges them to its logging only in the application).
 * {@code try (JulRecords log = JulRecords.of(SupervisorServer.class)) { … }}.
 */
public final class JulRecords extends Handler implements AutoCloseable {

    private static final SimpleFormatter FORMAT = new SimpleFormatter();

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private JulRecords(Logger logger) {
        this.logger = logger;
        logger.addHandler(this);
    }

    public static JulRecords of(Class<?> source) {
        return of(source.getName());
    }

    /** By the logger's name, for a class this test's package cannot see. */
    public static JulRecords of(String loggerName) {
        return new JulRecords(Logger.getLogger(loggerName));
    }

    /** The records so far, in order; safe while other threads log. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The messages so far, their parameters filled in. */
    public List<String> messages() {
        return records.stream().map(FORMAT::formatMessage).toList();
    }

    /** The messages so far at {@code level}, their parameters filled in. */
    public List<String> messages(Level level) {
        return records.stream().filter(record -> record.getLevel() == level).map(FORMAT::formatMessage).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
