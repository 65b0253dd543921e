package dev.genserver.runtime;

/**
 * What {@link ProcessRuntime#status} returns when the server's {@link GenServer#formatStatus} threw: the process
 * goes on, as in OTP, where a crashing {@code format_status} callback is caught and its failure reported in place
 * of the status. Unlike OTP's fallback it never shows the raw state: {@code formatStatus} is where servers redact
 * secrets, so a failing one must not leak what it was meant to hide.
 *
 * @param exception the class name of what {@code formatStatus} threw (never its message, which may carry data)
 */
public record StatusFormatFailed(String exception) {
}
