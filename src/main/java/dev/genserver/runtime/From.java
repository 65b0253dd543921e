package dev.genserver.runtime;

/**
 * The caller of a {@code handleCall}, for answering later: OTP's {@code from} and {@code GenServer.reply/2}.
 *
 * <p>A server returns {@link Result#noreply} and hands this handle to whoever finishes the work, on any thread:
 * <pre>{@code
 * def handle_call(:slow, from, state) do            case Slow slow -> {
 *   Task.start(fn ->                                     Thread.startVirtualThread(() ->
 *     GenServer.reply(from, work()) end)                     slow.replyLater(from, work()));
 *   {:noreply, state}                                    yield Result.noreply(state);
 * end                                                }
 * }</pre>
 *
 * <p>Thread-safe. The first answer wins; later ones, and answers after the caller timed out, are dropped, as
 * OTP drops a late reply. If the process exits before anyone answers, the caller gets
 * {@link ProcessExitException} with the exit reason at once, as an OTP caller learns it from its monitor.
 */
public sealed interface From permits PendingCall {

    /** Answers the caller; {@link Call#replyLater} is the typed form. */
    void reply(Object value);

    /**
     * Fails the caller with {@code error} (a deferred call whose work failed).
     *
     * @throws NullPointerException if {@code error} is null, and the caller is not answered
     */
    void fail(RuntimeException error);
}
