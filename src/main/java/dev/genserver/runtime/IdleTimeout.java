package dev.genserver.runtime;

/**
 * The info message a process receives when an idle timeout set through {@link Next#timeout} elapses with no
 * other message: OTP's {@code handle_info(:timeout, state)}.
 */
public enum IdleTimeout {
    /** The single instance. */
    INSTANCE
}
