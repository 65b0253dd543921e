package dev.genserver.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A reference to a process: OTP's pid. Cheap to hold and compare; it stays valid (and answers
 * {@link NoProcessException}) after the process exits.
 *
 * <p>Thread-safe: any thread may call, cast and send. Messages from one sender are handled in the order sent.
 * A message, a request and a reply are handed over by reference, not copied as erlang copies every term it
 * sends: what a sender changes after sending, the process sees, and a reply that is part of the state (a mutable
 * list the state holds) changes under its caller as the process goes on. Send immutable values (records,
 * {@code List.copyOf}), and reply with a copy or an immutable part of the state.
 * Sealed: the runtime's own processes are the only pids, so a pid from elsewhere cannot be passed in.
 */
public sealed interface Pid permits ProcessCell {

    /** A number unique within its runtime, increasing with start order. */
    long id();

    /** The registered name, if the process was started with one. */
    Optional<Name> name();

    /** The service the process belongs to (a label for introspection and metrics). */
    String service();

    /** True until the process has exited. */
    boolean isAlive();

    /**
     * {@code GenServer.call/2} with the runtime's default timeout (5 s unless configured).
     *
     * <p>A call to an idle process runs its handler on this thread, which the runtime cannot interrupt: a handler
     * that outruns the timeout there is timed out when it returns, not at the deadline (OTP's caller gives up at
     * the deadline). A caller that must not be held past it uses {@link #callAsync} or {@link #sendRequest}.
     *
     * @throws CallTimeoutException if no reply came in time; a late reply is dropped
     * @throws NoProcessException if the process does not exist or has exited
     * @throws ProcessExitException if the process exited while handling the call, or before reaching it; or with the
     *                              calling process's own exit, if that ended meanwhile (a zombie, or linked to a
     *                              process whose exit ended it), whatever the call came to
     * @throws MailboxFullException if the mailbox is at its bound
     * @throws CallingSelfException if a process calls itself, or a process waiting in a call on this thread
     */
    <R> R call(Call<R> request);

    /**
     * {@code GenServer.call/3}; see {@link #call(Call)} for the exceptions. A timeout of 146 years or more, such as
     * {@code ChronoUnit.FOREVER.getDuration()}, waits as OTP's {@code infinity}; so do the other waits of the
     * runtime that take a {@link Duration}.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative, before anything is sent (gen.erl's guard)
     */
    <R> R call(Call<R> request, Duration timeout);

    /**
     * A call whose reply comes as a future, so a caller need not hold a thread while it waits. The future fails
     * with the exceptions {@link #call(Call)} throws, as that call's: one a callback unwraps and lets through ends
     * it as a call's exit would (for OTP's {@code send_request} and {@code wait_response}, whose error a callback
     * must handle, see {@link #sendRequest}). The request is always queued: unlike
     * {@link #call(Call)}, the handler never runs on the calling thread, so this returns at once however long
     * the handler takes. The future is completed by the process, on its thread: a stage added with
     * {@code thenApply} and its kin runs there, as the process, and holds up its next message (a call back to it
     * would be a call to itself); add stages with {@code thenApplyAsync} and its kin. Cancelling the future does
     * not withdraw the call.
     */
    <R> CompletableFuture<R> callAsync(Call<R> request, Duration timeout);

    /**
     * OTP's {@code send_request/2}: queues the call and returns at once. The reply is then waited for with
     * {@link Request#await} ({@code wait_response/2}) as often as needed: unlike {@link #call(Call)}'s, a timeout
     * there does not give the reply up, so a caller that timed out can still learn the outcome of what it sent.
     */
    <R> Request<R> sendRequest(Call<R> request);

    /**
     * {@code GenServer.cast/2}: returns once the message is in the mailbox.
     *
     * @throws NoProcessException if the process has already exited (OTP drops such a cast silently; a Java
     *     caller is better served by knowing)
     * @throws MailboxFullException if the mailbox is at its bound
     * @throws ProcessExitException if the sender is a callback of a process killed under it (a zombie)
     */
    void cast(Object message);

    /**
     * {@code send/2}: delivers an info message to {@link GenServer#handleInfo}. A message to an exited process
     * is dropped, as in OTP.
     *
     * @throws MailboxFullException if the mailbox is at its bound
     * @throws ProcessExitException if the sender is a callback of a process killed under it (a zombie)
     */
    void send(Object message);
}
