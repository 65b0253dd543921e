package dev.genserver.runtime;

/**
 * What {@link ProcessRuntime#status} returns when the server's {@link GenServer#formatStatus} threw: the process
 * goes on, as in OTP, where a crashing {@code format_status} callback is caught and the state shown as
 * {@code "Module:format_status/2 crashed"} (gen.erl since OTP 25; earlier releases fell back to the raw state). Like
 * OTP's, it never shows the state: {@code formatStatus} is where servers redact secrets, so a failing one must not
 * leak what it was meant to hide.
 *
 * @param exception the class name of what {@code formatStatus} threw (never its message, which may carry data)
 */
public record StatusFormatFailed(String exception) {
}
