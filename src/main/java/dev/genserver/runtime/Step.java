package dev.genserver.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * One callback of a server module run against a state held outside any process: for a host that keeps a
 * process's state elsewhere, such as a replicated map whose partition thread is the single writer, and runs the
 * callbacks as steps. The module's own code runs unchanged; what a process would add around it does not exist
 * here, so a callback that asks for it fails: no {@link Self} (timers, links, monitors; {@link Self#inProcess()}
 * is false, so a module can tell), no deferred reply (a {@code handleCall} that answers {@link NoReply} fails with
 * {@link IllegalStateException}), and {@code handle_continue} is not honoured. An idle timeout the callback asks
 * for is reported in the step, for the holder to honour as it can. A callback that throws propagates, as does one
 * that returns null ({@link IllegalStateException} naming it, OTP's bad return value); what that means (OTP: the
 * process crashes and its supervisor restarts it) is the holder's decision.
 *
 * @param <S> the state
 * @param state the state after the callback
 * @param reply the call's reply ({@code null} for a cast)
 * @param stop the reason the callback asked to stop with, or {@code null} if the server goes on
 * @param idleTimeout the idle timeout the callback's result asked for ({@link Next#timeout}), or {@code null}
 */
public record Step<S>(S state, Object reply, ExitReason stop, Duration idleTimeout) {

    /** {@code init/1}'s state; an init that ignores or stops is refused with {@link InitFailedException}. */
    public static <S> S init(GenServer<S> module) {
        return started(module).state();
    }

    /** {@code init/1} as a step: its state and the idle timeout it asked for; refused as {@link #init}. */
    public static <S> Step<S> started(GenServer<S> module) {
        return switch (BadReturnValue.check(module.init(), "init")) {
            case Init.Ok<S> ok -> new Step<>(ok.state(), null, null, idleTimeout(ok.next()));
            case Init.Ignore<S> ignore ->
                    throw new InitFailedException(module.getClass().getName(), ExitReason.abnormal("ignore"));
            case Init.StopInit<S> stop -> throw new InitFailedException(module.getClass().getName(), stop.reason());
        };
    }

    /** {@code handle_call/3}: the reply comes back in the step. */
    public static <S> Step<S> call(GenServer<S> module, Call<?> request, S state) {
        PendingCall from = new PendingCall(Envelope.CALL, request, null, null);
        return switch (BadReturnValue.check(module.handleCall(Objects.requireNonNull(request, "request"), from, state),
                "handleCall")) {
            case Reply<S> reply -> new Step<>(reply.state(), reply.value(), null, idleTimeout(reply.next()));
            case StopReply<S> stop -> new Step<>(stop.state(), stop.reply(), stop.reason(), null);
            case Stop<S> stop -> new Step<>(stop.state(), null, stop.reason(), null);
            case NoReply<S> deferred -> throw new IllegalStateException(
                    module.getClass().getSimpleName() + " deferred a reply, which a step cannot wait for");
        };
    }

    /** {@code handle_cast/2}. */
    public static <S> Step<S> cast(GenServer<S> module, Object message, S state) {
        return noreply(BadReturnValue.check(module.handleCast(Objects.requireNonNull(message, "message"), state),
                "handleCast"));
    }

    /** {@code handle_info/2}: for a holder that delivers {@link IdleTimeout}, or asks what its module would do. */
    public static <S> Step<S> info(GenServer<S> module, Object message, S state) {
        return noreply(BadReturnValue.check(module.handleInfo(Objects.requireNonNull(message, "message"), state),
                "handleInfo"));
    }

    private static <S> Step<S> noreply(Result<S> result) {
        return switch (result) {
            case NoReply<S> next -> new Step<>(next.state(), null, null, idleTimeout(next.next()));
            case Stop<S> stop -> new Step<>(stop.state(), null, stop.reason(), null);
        };
    }

    private static Duration idleTimeout(Next next) {
        return next instanceof Next.Timeout timeout ? timeout.after() : null;
    }
}
