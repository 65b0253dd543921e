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
 * <p>A callback that throws ends the process with {@link ExitReason#crash}: {@link #terminate} runs, then the
 * caller of that message gets a {@link ProcessExitException} (as its monitor in OTP tells it, once the process is
 * gone), monitors get {@link Down} and the supervisor decides what happens next. (One exception, as OTP's: a
 * call's {@link ProcessExitException} for a server that exited with a bare {@code shutdown}, let through, ends the
 * process with {@code {shutdown, _}}, a deliberate end.) Use return values, not
 * exceptions, for expected errors, as Elixir code returns {@code {:error, reason}} and lets only bugs crash. A
 * callback that returns {@code null} is OTP's bad return value: the process ends with
 * {@code crash(bad_return_value)} the same way (its cause names the callback), and an {@link #init} that returns
 * it fails the start as a stop would. A {@link VirtualMachineError} ({@code StackOverflowError},
 * {@code OutOfMemoryError}) ends the process the same way, and is then thrown on in the thread that ran the
 * callback, as the JVM's own failures are not caught: a call that ran there (on the caller's thread, below) gets the
 * error itself, not the {@code ProcessExitException} a queued call gets.
 *
 * <h2>What a callback may rely on</h2>
 * A callback runs either on a drainer (a virtual thread of the runtime's executor) or, for a call to an idle
 * process, on the caller's own thread (up to 64 handlers nested on one thread, each calling the next: a call past
 * that is queued, so a long chain of calls does not overflow one stack where erlang gives each process its own).
 * Both paths give the same guarantees, with one exception the JVM imposes:
 * <ul>
 *   <li><b>Early replies</b>: a handler on the caller's thread that answers through its {@link From} and then goes
 *       on working cannot hand its caller the answer before it returns. The answer still counts when it was
 *       given (a reply in time is no timeout), and from then on the process's calls are queued to its own thread,
 *       where such an answer reaches the caller at once, as {@code GenServer.reply/2} does. Only that first early
 *       reply is late; if that handler calls back its caller (or a process the caller waits on) before returning,
 *       the call fails with {@link CallingSelfException}, where OTP would have answered it. A server that replies
 *       so by design says it when it starts ({@link StartOptions#withEarlyReplies}): even its first is on time. An
 *       answer through {@link From} marks the process even as the handler's last act, so answer a call by returning
 *       its reply where you can, and keep {@code From} for work that goes on after it or happens elsewhere.</li>
 *   <li><b>One at a time, in order</b>: on either path; {@link Self} names this process on either path.</li>
 *   <li><b>Interrupts</b>: a callback never sees its caller's interrupt. A caller interrupted while its call's
 *       callback runs (a cancelled future, a servlet timeout) gets {@link CallInterruptedException} or its
 *       reply, with its interrupt flag set again; the process goes on. The runtime's own waits inside a
 *       callback (a call to another process, a stop) hold such an interrupt back until the callback returns.
 *       Blocking outside the runtime (a sleep, I/O) cannot be shielded: if the caller is interrupted there and
 *       the callback fails because of it, the message is dropped, the state stays as it was and the process
 *       goes on; it is not a crash. Another thread's interrupt handed to the callback as a failure's cause (a
 *       worker's, through {@code Future.get}) is no caller's: that failure crashes the process on either path. A
 *       callback is interrupted only when its own process is killed.</li>
 *   <li><b>Kill</b>: {@link ProcessRuntime#kill} does not wait for a running callback. The process is gone at
 *       once (its name free, its callers failed, its monitors and links told); a callback still running is
 *       interrupted if it runs on a drainer, and left to finish if it runs on a caller's thread (whose
 *       interrupts are the caller's: a call's handler run there, or an {@code init} run on its starter's
 *       thread, which a kill of the starter does not interrupt either). A process ended by a linked process's
 *       exit while its callback asked the runtime for something (a call, stop, kill or start, whose exit it was)
 *       gets its own {@link ProcessExitException} from that, not the other's answer, and the same interrupt.
 *       Either way it is a zombie: its result is discarded, its state never written back, and everything it
 *       asks of the runtime (a call, a cast, a send, a timer) fails with {@link ProcessExitException}: nothing
 *       it sends can reach another process after its {@link Down}.</li>
 *   <li><b>Thread-locals</b>: the one difference. On the caller's thread a callback sees that caller's
 *       {@code ThreadLocal} values, and its writes stay with that thread; on a drainer it sees none. Keep
 *       per-process data in the state, never in thread-locals.</li>
 * </ul>
 *
 * <h2>Exit signals</h2>
 * A process linked to one that exits (a supervisor's children are linked to it) dies with it, unless the exit
 * was {@code :normal}; a process started with {@link StartOptions#withTrapExits} gets an {@link Exit} message
 * instead, except from its parent: then, as gen_server does, it stops with the parent's reason and
 * {@code terminate} runs, so no process outlives its supervisor. A supervisor shuts a child down as OTP's
 * {@code exit(Pid, shutdown)} does: a child that does not trap exits ends at once with {@code :shutdown}, idle or
 * busy, without {@code terminate}; one that traps takes the shutdown in mailbox order, after the messages already
 * queued, runs {@code terminate}, and is killed if it is still there after its shutdown time. So a server whose
 * {@code terminate} must run when its supervisor stops it (to answer its waiting callers, to finish its queue)
 * traps exits, as an Elixir server calls {@code Process.flag(:trap_exit, true)} in its {@code init}.
 * {@link ProcessRuntime#stop} ({@code GenServer.stop/3}) always runs {@code terminate}, trapping or not.
 *
 * @param <S> the state type; the runtime never shares it with another thread while the process lives, but a
 *            reply, a message or a status that holds a mutable part of it does (see {@link Pid})
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
     * @return {@link Reply} (via {@link Call#reply}), {@link NoReply} (via {@link Result#noreply}) to answer later
     *     through {@code from}, {@link StopReply} or {@link Stop}
     * @throws UnexpectedMessageException by default: a call nobody handles is a bug in the caller or the server.
     *     The process crashes with it, as OTP's does with {@code function_clause}: {@code terminate} runs, then
     *     the caller gets a {@link ProcessExitException} with {@link ExitReason#crash} of it as its
     *     {@link ProcessExitException#reason() reason} and it as its cause (a {@code terminate} that throws too
     *     puts its own failure in both)
     */
    default CallResult<S> handleCall(Call<?> request, From from, S state) {
        throw new UnexpectedMessageException(getClass().getName(), "call", request);
    }

    /**
     * Handles an asynchronous request sent with {@link Pid#cast}.
     *
     * @return {@link NoReply} or {@link Stop}
     * @throws UnexpectedMessageException by default: the process crashes with it, as OTP's does with
     *     {@code function_clause}; the sender, whose cast has returned, is not told
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
     * @throws UnexpectedMessageException by default: the process crashes with it, as OTP's does with
     *     {@code function_clause} (with {@code undef} when the module defines no {@code handle_continue})
     */
    default Result<S> handleContinue(Object arg, S state) {
        throw new UnexpectedMessageException(getClass().getName(), "continue", arg);
    }

    /**
     * Runs when the process stops deliberately ({@link Stop}, {@link ProcessRuntime#stop}, its supervisor
     * shutting it down if it traps exits) or after a callback crashed. It does not run after a kill, nor when a
     * supervisor's shutdown ends a process that does not trap exits. An exception it throws is logged and becomes
     * the exit reason, as in OTP.
     */
    default void terminate(ExitReason reason, S state) {
    }

    /**
     * What introspection may show of the state ({@code :sys.get_status}, {@link ProcessRuntime#status}). Override
     * it to redact secrets and to keep large states small: the default shows the state as it is.
     *
     * <p>Runs inside the process, but its result is read afterwards by another thread (rendered as JSON, for
     * example) while the process carries on: return an immutable snapshot (a record of sizes and counts), never
     * a mutable state object itself. The default is safe only for immutable states.
     *
     * <p>If it throws, the process goes on and the status reads {@link StatusFormatFailed}.
     */
    default Object formatStatus(S state) {
        return state;
    }
}
