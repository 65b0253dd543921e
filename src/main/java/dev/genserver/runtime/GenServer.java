package dev.genserver.runtime;

import java.lang.System.Logger.Level;

/**
 * The server callbacks of a generic server: Elixir's {@code use GenServer}.
 *
 * <p>A server is a plain object; its constructor takes what {@code start_link/1} would pass to {@code init/1},
 * so a supervisor restarts it by constructing a fresh one. The runtime calls the callbacks one message at a
 * time, never concurrently, each with the state the previous one returned; no callback needs a lock.
 *
 * <p>Messages are matched with {@code switch} patterns, the way Elixir matches function clauses. A message no
 * clause matches should go to the default implementation, which fails loudly as Elixir's does:
 * <pre>{@code
 * public CallResult<Long> handleCall(Call<?> request, From from, Long n) {
 *     return switch (request) {
 *         case Increment inc -> inc.reply(n + 1, n + 1);
 *         case Value value -> value.reply(n, n);
 *         default -> GenServer.super.handleCall(request, from, n);
 *     };
 * }
 * }</pre>
 *
 * <p>A callback that throws ends the process with {@link ExitReason#crash}: the caller of that message gets a
 * {@link ProcessExitException} at once, {@link #terminate} runs, monitors get {@link Down} and the supervisor
 * decides what happens next. Use return values, not exceptions, for expected errors (the seed's
 * "Not Handling Crashes Properly").
 *
 * @param <S> the state type; the runtime never shares it with another thread while the process lives
 */
public interface GenServer<S> {

    /**
     * Builds the initial state. Runs in the new process before {@code start} returns.
     *
     * @return {@link Init#ok}, {@link Init#ignore} or {@link Init#stop}
     */
    Init<S> init();

    /**
     * Handles a synchronous request.
     *
     * @return {@link Reply} (via {@link Call#reply}), {@link NoReply} to answer later through {@code from},
     *     {@link StopReply} or {@link Stop}
     * @throws UnexpectedMessageException by default: a call nobody handles is a bug in the caller or the server
     */
    default CallResult<S> handleCall(Call<?> request, From from, S state) {
        throw new UnexpectedMessageException(getClass().getName(), "call", request);
    }

    /**
     * Handles an asynchronous request sent with {@link Pid#cast}.
     *
     * @return {@link NoReply} or {@link Stop}
     * @throws UnexpectedMessageException by default
     */
    default Result<S> handleCast(Object message, S state) {
        throw new UnexpectedMessageException(getClass().getName(), "cast", message);
    }

    /**
     * Handles every other message: {@link Pid#send}, timers ({@link ProcessRuntime#sendAfter}), {@link Down} from
     * monitors, {@link Exit} from links when trapping exits, {@link IdleTimeout}.
     *
     * @return {@link NoReply} or {@link Stop}; by default logs the message and keeps the state, as OTP does
     */
    default Result<S> handleInfo(Object message, S state) {
        System.getLogger(GenServer.class.getName()).log(Level.WARNING,
                "{0} received an unexpected info message: {1}", getClass().getName(), message);
        return Result.noreply(state);
    }

    /**
     * Runs the work a previous callback deferred with {@link Next#continueWith}, before any other message.
     *
     * @return {@link NoReply} or {@link Stop}
     * @throws UnexpectedMessageException by default
     */
    default Result<S> handleContinue(Object arg, S state) {
        throw new UnexpectedMessageException(getClass().getName(), "continue", arg);
    }

    /**
     * Runs when the process stops deliberately ({@link Stop}, {@link ProcessRuntime#stop}, its supervisor
     * shutting it down) or after a callback crashed. It does not run after a kill. Exceptions are logged.
     */
    default void terminate(ExitReason reason, S state) {
    }

    /**
     * What introspection may show of the state ({@code :sys.get_status}, the processes endpoint). Override it to
     * redact secrets and to keep large states small: the default shows the state as it is.
     *
     * <p>Runs inside the process, but its result is read afterwards by another thread (rendered as JSON, for
     * example) while the process carries on: return an immutable snapshot (a record of sizes and counts), never
     * a mutable state object itself. The default is safe only for immutable states.
     */
    default Object formatStatus(S state) {
        return state;
    }
}
