package dev.genserver.runtime;

/**
 * The info message a process that traps exits receives when a linked process exits:
 * {@code {:EXIT, pid, reason}}. Supervisors trap exits and learn of their children's ends this way.
 *
 * <p>It is a message like any other, as the tuple is in Erlang: any process may send one, and a receiver cannot
 * tell it from a real exit. A supervisor sent a forged {@code Exit} for a living child acts on it as OTP's does:
 * it starts the child's spec again, a second process beside the living one, or for a named child a start that
 * fails while the first holds the name. Only code that owns a supervisor should send it messages.
 */
public record Exit(Pid pid, ExitReason reason) { }
