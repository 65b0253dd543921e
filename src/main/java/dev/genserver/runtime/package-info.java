/**
 * An OTP-style process runtime in plain Java: the GenServer behaviour, mailboxes, call / cast / info, timers,
 * monitors, links, a name registry and supervisors.
 *
 * <p>The public surface is small: {@link dev.genserver.runtime.GenServer} (the callbacks a server implements),
 * {@link dev.genserver.runtime.Pid} (a process reference: {@code call}, {@code cast}, {@code send}),
 * {@link dev.genserver.runtime.ProcessRuntime} (start, stop, kill, monitor, whereis, call and cast by name,
 * introspection, and the {@code sys} module's suspend, resume, get_state, replace_state and statistics),
 * {@link dev.genserver.runtime.Supervisor} and {@link dev.genserver.runtime.DynamicSupervisor}.
 * Everything else is package-private. Nothing here depends on Spring: the package can be lifted out as a library.
 *
 * <p>A process handles one message at a time, in order, and owns its state; it is not a thread. Its mailbox is
 * drained by a virtual thread that exists only while there is work, and a call to an idle process runs on the
 * caller's own thread. See {@code docs/architecture.md} for the process model and the figures behind it.
 */
package dev.genserver.runtime;
