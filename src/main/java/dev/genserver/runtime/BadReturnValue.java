package dev.genserver.runtime;

/**
 * OTP's {@code {bad_return_value, Term}}: a callback returned what is no result, which in Java can only be
 * {@code null}. A process exits with it, as gen_server's {@code init_it} and {@code handle_common_reply} make it
 * exit, not with the {@code NullPointerException} that reading the result would throw: {@link ExitReason#crash}
 * turns it into that reason, with it as the cause naming the callback. A {@link Step} throws it as it throws any
 * callback's failure.
 */
final class BadReturnValue extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private BadReturnValue(String callback) {
        super(callback + " returned null");
    }

    /** {@code result}, unless it is null. */
    static <R> R check(R result, String callback) {
        if (result == null) {
            throw new BadReturnValue(callback);
        }
        return result;
    }
}
