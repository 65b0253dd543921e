package dev.genserver.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What a callback knows about the process it runs in: Elixir's {@code self()} and the functions that act on it.
 * Valid only inside a callback; elsewhere every method but {@link #inProcess} throws
 * {@link IllegalStateException}.
 *
 * <pre>{@code
 * Process.send_after(self(), :cleanup, 60_000)     Self.sendAfter(Cleanup.INSTANCE, Duration.ofSeconds(60))
 * Process.monitor(pid)                             Self.monitor(pid)
 * Process.demonitor(ref, [:flush])                 Self.demonitorFlush(ref)
 * }</pre>
 */
public final class Self {

    private Self() {
    }

    /**
     * Whether the calling code runs in a process's callback, where the other methods work. False for a module's
     * callback run as a {@link Step}, by a host that keeps a process's state elsewhere (a replicated store, say):
     * such a module has no mailbox for a timer to arrive in, and must do its timed work lazily instead.
     */
    public static boolean inProcess() {
        return ProcessCell.CURRENT.get() != null;
    }

    /** {@code self()}. */
    public static Pid pid() {
        return current();
    }

    /** The runtime the current process belongs to. */
    public static ProcessRuntime runtime() {
        return current().runtime;
    }

    /**
     * {@code Process.send_after(self(), message, delay)}: any delay from 0, as {@link ProcessRuntime#sendAfter}.
     *
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws ProcessExitException if this process has been killed under its callback (a zombie)
     */
    public static TimerRef sendAfter(Object message, Duration delay) {
        ProcessCell self = current();
        return self.runtime.sendAfter(self, message, delay);
    }

    /**
     * {@code Process.monitor(target)}: a {@link Down} arrives in {@code handleInfo} when {@code target} exits. By
     * name, monitor what {@link ProcessRuntime#whereis(Name)} finds (see {@link ProcessRuntime#monitor}).
     */
    public static MonitorRef monitor(Pid target) {
        ProcessCell self = current();
        return self.runtime.monitor(self, target);
    }

    /**
     * {@code Process.demonitor(ref, [:info])}: true if the monitor was still active, false if it was gone (its
     * {@link Down} sent, or it was removed already), where {@code Process.demonitor(ref)} always answers true and
     * tells nothing. Once it returns, no {@link Down} for {@code ref} will be queued to this process (one may already
     * be). A monitor this process does not own (a ref another process made, passed along) is left in place and the
     * answer is false, where erlang's {@code demonitor} may fail with {@code badarg}: erlang's
     * {@code demonitor/1} turns off only the monitors "the calling process obtained by calling monitor/2".
     */
    public static boolean demonitor(MonitorRef ref) {
        ProcessCell self = current();
        return ref.watcher == self && self.runtime.demonitor(ref);
    }

    /**
     * {@code Process.demonitor(ref, [:flush, :info])}: as {@link #demonitor}, and a {@link Down} for {@code ref}
     * already in this process's mailbox is dropped rather than handled; see {@link ProcessRuntime#demonitorFlush}.
     * Only this process's own monitors: another's, and the {@code Down} in its mailbox, are left alone.
     */
    public static boolean demonitorFlush(MonitorRef ref) {
        ProcessCell self = current();
        return ref.watcher == self && self.runtime.demonitorFlush(ref);
    }

    /**
     * {@code GenServer.start_link/3} from inside a process: starts {@code server} linked to this process, the
     * link in place before its {@code init} runs. An init that fails throws here, as for
     * {@link ProcessRuntime#start}. As OTP's {@code proc_lib:start_link} (26 on), a caller that traps exits gets
     * no {@link Exit} for it (the start consumed it); one that does not dies of an abnormal reason (this throws
     * its own {@link ProcessExitException} then), except a start timeout, which unlinks before it kills the child.
     */
    public static Pid startLink(GenServer<?> server, StartOptions options) {
        ProcessCell self = current();
        return self.runtime.startLinked(server, options, self, 0);
    }

    /**
     * {@code spawn_opt(fun, [:link, :monitor])}, as Elixir's {@code Task.async} starts its task: {@link #startLink}
     * and {@link ProcessRuntime#startMonitored} in one step. No exit of this process can come between the start and
     * the link (a child linked afterwards would outlive a parent killed in between), and the child's end arrives
     * as a {@link Down} with its real reason, besides an {@link Exit} if this process traps exits. An init that
     * fails throws here, with neither, as for {@link #startLink}; a caller that does not trap exits dies of an
     * abnormal one.
     */
    public static ProcessRuntime.Monitored startLinkMonitored(GenServer<?> server, StartOptions options) {
        ProcessCell self = current();
        return self.runtime.startLinkedMonitored(server, options, self);
    }

    /**
     * {@code Process.link(pid)}: links this process to {@code other}; when either exits abnormally the other dies
     * too, or gets an {@link Exit} message if it traps exits.
     *
     * @throws NoProcessException if {@code other} has exited and this process does not trap exits (one that does
     *     gets {@code {:EXIT, pid, :noproc}} instead)
     */
    public static void link(Pid other) {
        ProcessCell self = current();
        self.runtime.link(self, self.runtime.cell(other));
    }

    /** {@code Process.unlink(pid)}: once it returns, the link has no effect on this process. */
    public static void unlink(Pid other) {
        ProcessCell self = current();
        self.runtime.unlink(self, self.runtime.cell(other));
    }

    /**
     * {@code Process.flag(:trap_exit, flag)}: whether exit signals from linked processes arrive as {@link Exit}
     * messages; returns the previous value. Trapping also decides how a supervisor's shutdown ends the process:
     * taken in mailbox order, {@code terminate} and all, rather than at once (see {@link GenServer}).
     */
    public static boolean trapExits(boolean flag) {
        return current().trapExits(flag);
    }

    /**
     * {@code Process.exit(pid, reason)}: sends {@code pid} an exit signal from this process, as if a process
     * linked to it had exited with {@code reason}:
     * <ul>
     *   <li>{@link ExitReason#KILL}: untrappable; {@code pid} exits with {@link ExitReason#KILLED}, no
     *       {@code terminate};</li>
     *   <li>{@link ExitReason#NORMAL}: ignored by a process that does not trap exits, unless {@code pid} is this
     *       process, which then exits normally;</li>
     *   <li>any other reason: a process that does not trap exits dies of it, without {@code terminate}.</li>
     * </ul>
     * A process that traps exits gets {@code {:EXIT, self(), reason}} as an {@link Exit} message instead, except
     * from its parent, whose exit signal stops it with {@code terminate} (gen_server's rule).
     *
     * <p>An exit signal a process sends itself that ends it at once ({@code kill}, or any reason while it does not
     * trap exits), or one to a process linked to it whose exit then ends it, does not return: it throws
     * {@link ProcessExitException} with the exit's reason, so no more of the callback runs, as none does after
     * {@code exit(self(), reason)} in Erlang ({@code erts}' {@code exit/2} terminates the caller before it returns).
     * The callback's result would be discarded anyway; a callback that catches the exception is a zombie, as after
     * a kill by another process.
     */
    public static void exit(Pid pid, ExitReason reason) {
        ProcessCell.refuseZombie();
        ProcessCell self = current();
        self.runtime.cell(pid).exitSignal(self, Objects.requireNonNull(reason, "reason"));
        ProcessCell.endIfExited(self); // itself, or a process linked to it whose exit ended it
    }

    private static ProcessCell current() {
        ProcessCell cell = ProcessCell.CURRENT.get();
        if (cell == null) {
            throw new IllegalStateException("only a process can do this (Self, and what links to its caller, "
                    + "such as Supervisor.startLink): call it inside a GenServer callback");
        }
        return cell;
    }
}
