package dev.genserver.runtime;

import java.util.Locale;
import java.util.Objects;

/**
 * Why a process exited. OTP's reasons map onto four kinds:
 * <ul>
 *   <li>{@link Kind#NORMAL} ({@code :normal}): a deliberate, successful end;</li>
 *   <li>{@link Kind#SHUTDOWN} ({@code :shutdown} or {@code {:shutdown, term}}): stopped by its supervisor or the
 *       runtime;</li>
 *   <li>{@link Kind#KILL} ({@code :kill} / {@code :killed}): killed, or a server chose to stop with {@code :kill};</li>
 *   <li>{@link Kind#CRASH}: anything else, an exception in a callback or an abnormal reason a server chose.</li>
 * </ul>
 * Transient children are restarted only after an abnormal exit ({@link #isAbnormal()}), as in OTP.
 *
 * @param kind   the category, used for restart decisions and as the metrics tag
 * @param detail a short description (the exception's class and message, or the reason a server named)
 * @param cause  the exception behind a crash, if any
 */
public record ExitReason(Kind kind, String detail, Throwable cause) {

    /** {@code :normal}. */
    public static final ExitReason NORMAL = new ExitReason(Kind.NORMAL, "normal", null);
    /** {@code :shutdown}. */
    public static final ExitReason SHUTDOWN = new ExitReason(Kind.SHUTDOWN, "shutdown", null);
    /**
     * {@code :kill}: sent with {@code Process.exit(pid, :kill)} ({@link Self#exit}), the untrappable signal; the
     * process it reaches exits with {@link #KILLED}. A process that itself exits with {@code :kill} sends its
     * links an ordinary signal with it: trappable, as in erlang.
     */
    public static final ExitReason KILL = new ExitReason(Kind.KILL, "kill", null);
    /** {@code :killed}. */
    public static final ExitReason KILLED = new ExitReason(Kind.KILL, "killed", null);

    /**
     * Checks that the reason has a kind and a detail; {@code cause} may be null.
     *
     * @throws NullPointerException if {@code kind} or {@code detail} is null
     */
    public ExitReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@code {:shutdown, detail}}: a deliberate stop that transient supervisors do not restart. */
    public static ExitReason shutdown(String detail) {
        return new ExitReason(Kind.SHUTDOWN, detail, null);
    }

    /** An abnormal reason chosen by a server, e.g. {@code abnormal("bad_config")}. */
    public static ExitReason abnormal(String detail) {
        return new ExitReason(Kind.CRASH, detail, null);
    }

    /** The reason for a callback that threw; for one that returned null, {@code bad_return_value}, as OTP's. */
    public static ExitReason crash(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        if (cause instanceof BadReturnValue) {
            return new ExitReason(Kind.CRASH, "bad_return_value", cause); // a callback returned null
        }
        String message = cause.getMessage();
        String detail = cause.getClass().getName() + (message == null ? "" : ": " + message);
        return new ExitReason(Kind.CRASH, detail, cause);
    }

    /**
     * The exit of a callback ({@code init}, a handler, {@code terminate}) that threw {@code failure}. gen_server's
     * call exits {@code {Reason, {gen_server, call, _}}} when its server exits (a stop or a sys request taken, or
     * not, likewise), and a callback that lets that through ends with it: a deliberate end, with no crash report
     * and no restart of a transient child, only for a server's bare {@code shutdown} (OTP 25, gen_server.exs's Q);
     * any other reason, a stop the server never took, the wait for a request's reply (which OTP answers with an
     * error; {@link ProcessExitException#isCallExit}), and any other exception, is a crash.
     */
    static ExitReason thrownBy(Throwable failure) {
        if (failure instanceof ProcessExitException call && SHUTDOWN.equals(call.reason()) && call.isCallExit()) {
            return new ExitReason(Kind.SHUTDOWN, "call to " + call.pid() + ": shutdown", failure);
        }
        return crash(failure);
    }

    /** True for everything but {@code :normal} and {@code :shutdown}: what transient restarts and crash logs use. */
    public boolean isAbnormal() {
        return kind == Kind.CRASH || kind == Kind.KILL;
    }

    @Override
    public String toString() {
        return kind == Kind.CRASH || kind == Kind.SHUTDOWN && !"shutdown".equals(detail)
                ? kind.name().toLowerCase(Locale.ROOT) + "(" + detail + ")"
                : detail;
    }

    /** The category of an exit reason. */
    public enum Kind {
        /** {@code :normal}. */
        NORMAL,
        /** {@code :shutdown} or {@code {:shutdown, term}}. */
        SHUTDOWN,
        /** {@code :kill} or {@code :killed}. */
        KILL,
        /** Any other reason: a callback threw, or a server chose an abnormal reason. */
        CRASH;

        /** The lower-case name used as a metrics tag: {@code normal}, {@code shutdown}, {@code kill}, {@code crash}. */
        public String tag() {
            return name().toLowerCase(Locale.ROOT); // not the default locale's: in Turkish, KILL is "kıll"
        }
    }
}
