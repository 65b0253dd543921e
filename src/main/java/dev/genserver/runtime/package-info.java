/**
 * An OTP-style process runtime in plain Java: the GenServer behaviour, mailboxes, call / cast / info, timers,
 * monitors, links, a name registry and supervisors.
 *
 * <p>The public surface, in groups:
 * <ul>
 *   <li>the server: {@link dev.genserver.runtime.GenServer} (the callbacks), {@link dev.genserver.runtime.Call}
 *       (typed requests), the results a callback returns ({@link dev.genserver.runtime.Init},
 *       {@link dev.genserver.runtime.Result}, {@link dev.genserver.runtime.CallResult},
 *       {@link dev.genserver.runtime.Next}) and {@link dev.genserver.runtime.Self} (what a callback does to its own
 *       process: {@code self()}, timers, monitors, links, {@code start_link}, exit signals, {@code trap_exit});</li>
 *   <li>the client: {@link dev.genserver.runtime.Pid} (sealed: only the runtime makes pids),
 *       {@link dev.genserver.runtime.Request} (a call sent with {@code send_request}, waited for as often as needed),
 *       {@link dev.genserver.runtime.From} (sealed), {@link dev.genserver.runtime.ProcessRuntime} (start, stop,
 *       kill, monitor, whereis; call, cast, send and stop by name; introspection; and the {@code sys} module's
 *       suspend, resume, get_state, replace_state and statistics), {@link dev.genserver.runtime.Name},
 *       {@link dev.genserver.runtime.Registry}, {@link dev.genserver.runtime.StartOptions};</li>
 *   <li>supervision: {@link dev.genserver.runtime.Supervisor}, {@link dev.genserver.runtime.DynamicSupervisor}
 *       and their specs, with a supervisor's {@link dev.genserver.runtime.AutoShutdown};</li>
 *   <li>the messages a process may receive ({@link dev.genserver.runtime.Down}, {@link dev.genserver.runtime.Exit},
 *       {@link dev.genserver.runtime.IdleTimeout}), the values it reports, and the exceptions, each a
 *       {@link dev.genserver.runtime.GenServerException} with a stable {@code error()} atom;</li>
 *   <li>the service interfaces a host plugs in: {@link dev.genserver.runtime.TimerService},
 *       {@link dev.genserver.runtime.RuntimeListener}, {@link dev.genserver.runtime.RuntimeOptions},
 *       {@link dev.genserver.runtime.ProcessVisitor} (what a survey of every process reads, without a message);</li>
 *   <li>for a host that keeps a process's state outside any process (a replicated map): a module's callbacks run
 *       as {@link dev.genserver.runtime.Step}s against that state.</li>
 * </ul>
 * Left out: Task and Agent; registries with duplicate keys, and {@code Registry.register} from within a process (a
 * process joins a registry by the name it is started under, and leaves it by exiting); a dynamic supervisor's
 * {@code extra_arguments} (a child's factory is a {@link java.util.function.Supplier}, whose closure carries them).
 *
 * <p>The machinery (the process cell and its mailbox, the turn, the process table, the supervisors' servers, the
 * clock) is package-private. Nothing here depends on anything but the JDK, so the package can be lifted out as a
 * library.
 *
 * <p>A null request, message, name or exit reason is refused with {@link java.lang.NullPointerException} in the
 * caller, before anything is sent, rather than crash the process it would reach (erlang has no null to send).
 *
 * <p>A process handles one message at a time, in order, and owns its state; it is not a thread. Its mailbox is
 * drained by a virtual thread that exists only while there is work, and a call to an idle process runs on the
 * caller's own thread. {@link dev.genserver.runtime.GenServer} says what a callback may rely on on each path.
 */
package dev.genserver.runtime;
