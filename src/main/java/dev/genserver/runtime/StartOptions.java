package dev.genserver.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to start one process: its name, service label, mailbox bound, and whether it traps exits. Immutable;
 * each {@code with…} returns a copy and validates its argument at once. Links are not an option: a process is
 * linked to the process that starts it with {@link Self#startLink}, and a supervisor links its children itself.
 *
 * <pre>{@code
 * GenServer.start_link(Counter, 10, name: Counter)   runtime.start(new CounterServer(10),
 *                                                        StartOptions.named(Name.local("counter")))
 * Process.flag(:trap_exit, true)  (in init)          StartOptions.DEFAULTS.withTrapExits(true)
 * }</pre>
 *
 * @param name            the registered name, or empty for an unnamed process
 * @param service         a label for introspection and metrics (e.g. {@code "stack"}); empty means the server's
 *                        class's simple name (an anonymous class's binary name without its package)
 * @param mailboxCapacity the mailbox bound, or 0 for the runtime's default ({@link RuntimeOptions#mailboxCapacity()})
 * @param trapExits       whether exits of linked processes arrive as {@link Exit} messages instead of killing
 * @param startTimeout    how long {@code init} may take before the start fails with reason {@code timeout}; empty
 *                        for no limit (OTP's {@code infinity}, the default), when init runs on the starting thread
 * @param slowHandlerWatch whether a handler of it running past the runtime's slow-handler threshold is reported
 *                        ({@link RuntimeOptions#slowHandlerThreshold()}; the default): off for a process whose
 *                        purpose is to block in its handler, such as a worker doing one long job that no one calls
 * @param earlyReplies    whether its handlers answer callers through {@link From} before they return (see
 *                        {@link #withEarlyReplies})
 */
public record StartOptions(Optional<Name> name, String service, int mailboxCapacity, boolean trapExits,
                           Optional<Duration> startTimeout, boolean slowHandlerWatch, boolean earlyReplies) {

    /** No name, the runtime's defaults. */
    public static final StartOptions DEFAULTS = new StartOptions(Optional.empty(), "", 0, false, Optional.empty(),
            true, false);

    /**
     * Checks that no option is null and the mailbox bound is not negative (0 is the runtime's default).
     *
     * @throws NullPointerException     if {@code name}, {@code service} or {@code startTimeout} is null
     * @throws IllegalArgumentException if {@code mailboxCapacity} is negative
     */
    public StartOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (mailboxCapacity < 0) {
            throw new IllegalArgumentException("mailboxCapacity must be >= 0 (0 = default): " + mailboxCapacity);
        }
    }

    /** Default options with a registered name. */
    public static StartOptions named(Name name) {
        return DEFAULTS.withName(name);
    }

    /** {@code name: name}: registers the process under {@code name}. */
    public StartOptions withName(Name name) {
        return new StartOptions(Optional.of(Objects.requireNonNull(name, "name")), service, mailboxCapacity,
                trapExits, startTimeout, slowHandlerWatch, earlyReplies);
    }

    /**
     * The label for introspection and metrics; empty for the server's class's simple name (an anonymous class's
     * binary name without its package).
     */
    public StartOptions withService(String service) {
        return new StartOptions(name, service, mailboxCapacity, trapExits, startTimeout, slowHandlerWatch,
                earlyReplies);
    }

    /** The mailbox bound, or 0 for the runtime's default ({@link RuntimeOptions#mailboxCapacity()}). */
    public StartOptions withMailboxCapacity(int capacity) {
        return new StartOptions(name, service, capacity, trapExits, startTimeout, slowHandlerWatch, // checked there
                earlyReplies);
    }

    /** {@code Process.flag(:trap_exit, trapExits)} from the start, before {@code init} runs. */
    public StartOptions withTrapExits(boolean trapExits) {
        return new StartOptions(name, service, mailboxCapacity, trapExits, startTimeout, slowHandlerWatch,
                earlyReplies);
    }

    /**
     * {@code GenServer.start_link(mod, arg, timeout: 1_000)}: {@code init} runs on a thread of its own and must
     * return within {@code timeout}, or the start fails with {@link InitFailedException} (reason {@code timeout})
     * and the process is gone.
     */
    public StartOptions withStartTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("start timeout must be positive: " + timeout);
        }
        return new StartOptions(name, service, mailboxCapacity, trapExits, Optional.of(timeout), slowHandlerWatch,
                earlyReplies);
    }

    /**
     * Whether the runtime reports a handler of this process running past its slow-handler threshold (on by
     * default). Off for a process that blocks in its handler by design, whom no one calls while it does: reporting
     * it would only hide the processes that block by mistake (the guide's "Blocking the GenServer" pitfall).
     */
    public StartOptions withSlowHandlerWatch(boolean watched) {
        return new StartOptions(name, service, mailboxCapacity, trapExits, startTimeout, watched, earlyReplies);
    }

    /**
     * Declares that its handlers may answer through {@link From} and go on working ({@code GenServer.reply/2} before
     * the callback returns): its calls are then always queued to its own thread, never run on the caller's, so each
     * such reply reaches its caller at once, as in OTP. Without it the runtime learns this from the first such reply,
     * which reaches its caller only when that handler returns (see {@link GenServer}'s "Early replies").
     */
    public StartOptions withEarlyReplies(boolean earlyReplies) {
        return new StartOptions(name, service, mailboxCapacity, trapExits, startTimeout, slowHandlerWatch,
                earlyReplies);
    }
}
