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
 * <p>Equal reasons are the same term: {@code {:shutdown, :shutdown}} ({@code shutdown("shutdown")}) is not
 * {@code :shutdown} ({@link #SHUTDOWN}), as OTP tells them apart where it matters: a supervisor shutting down a
 * permanent child takes only the bare {@code shutdown} from it, and a call's exit is a {@code {shutdown, _}} only
 * for a server's bare {@code shutdown}.
 *
 * @param kind    the category, used for restart decisions and as the metrics tag
 * @param detail  a short description (the exception's class and message, or the reason a server named); the term in
 *                {@code {:shutdown, term}}
 * @param cause   the exception behind a crash, if any
 * @param wrapped true for {@code {:shutdown, detail}}, false for a bare reason such as {@code :shutdown}
 */
public record ExitReason(Kind kind, String detail, Throwable cause, boolean wrapped) {

    /** {@code :normal}. */
    public static final ExitReason NORMAL = new ExitReason(Kind.NORMAL, "normal", null, false);
    /** {@code :shutdown}. */
    public static final ExitReason SHUTDOWN = new ExitReason(Kind.SHUTDOWN, "shutdown", null, false);
    /**
     * {@code :kill}: sent with {@code Process.exit(pid, :kill)} ({@link Self#exit}), the untrappable signal; the
     * process it reaches exits with {@link #KILLED}. A process that itself exits with {@code :kill} sends its
     * links an ordinary signal with it: trappable, as in erlang.
     */
    public static final ExitReason KILL = new ExitReason(Kind.KILL, "kill", null, false);
    /** {@code :killed}. */
    public static final ExitReason KILLED = new ExitReason(Kind.KILL, "killed", null, false);

    /**
     * Checks that the reason has a kind and a detail, and that it is one term: only a shutdown is wrapped
     * ({@code {:shutdown, detail}}), and a bare shutdown is {@code :shutdown}. {@code cause} may be null.
     *
     * @throws NullPointerException     if {@code kind} or {@code detail} is null
     * @throws IllegalArgumentException if {@code wrapped} is true for a kind other than {@link Kind#SHUTDOWN}, or
     *                                  false for a shutdown whose detail is not {@code "shutdown"}
     */
    public ExitReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
        if (wrapped && kind != Kind.SHUTDOWN) {
            throw new IllegalArgumentException("only a shutdown is wrapped as {:shutdown, term}, not " + kind);
        }
        if (!wrapped && kind == Kind.SHUTDOWN && !"shutdown".equals(detail)) {
            throw new IllegalArgumentException("a bare shutdown is :shutdown; wrap " + detail + " as {:shutdown, "
                    + detail + "}");
        }
    }

    /**
     * {@code {:shutdown, detail}}: a deliberate stop that transient supervisors do not restart. Never the bare
     * {@link #SHUTDOWN}, not even for the detail {@code "shutdown"}.
     */
    public static ExitReason shutdown(String detail) {
        return new ExitReason(Kind.SHUTDOWN, detail, null, true);
    }

    /** An abnormal reason chosen by a server, e.g. {@code abnormal("bad_config")}. */
    public static ExitReason abnormal(String detail) {
        return new ExitReason(Kind.CRASH, detail, null, false);
    }

    /** The reason for a callback that threw; for one that returned null, {@code bad_return_value}, as OTP's. */
    public static ExitReason crash(Throwable cause) {
        Objects.requireNonNull(cause, "cause");
        if (cause instanceof BadReturnValue) {
            return new ExitReason(Kind.CRASH, "bad_return_value", cause, false); // a callback returned null
        }
        String message = cause.getMessage();
        String detail = cause.getClass().getName() + (message == null ? "" : ": " + message);
        return new ExitReason(Kind.CRASH, detail, cause, false);
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
            return new ExitReason(Kind.SHUTDOWN, "call to " + call.pid() + ": shutdown", failure, true);
        }
        return crash(failure);
    }

    /**
     * True for everything but {@code :normal}, {@code :shutdown} and {@code {:shutdown, _}}: what transient restarts
     * and crash logs use.
     */
    public boolean isAbnormal() {
        return kind == Kind.CRASH || kind == Kind.KILL;
    }

    @Override
    public String toString() {
        return kind == Kind.CRASH || wrapped ? kind.tag() + "(" + detail + ")" : detail;
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
