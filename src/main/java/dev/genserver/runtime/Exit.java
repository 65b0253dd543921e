package dev.genserver.runtime;

/**
 * The info message a process that traps exits receives when a linked process exits:
 * {@code {:EXIT, pid, reason}}. Supervisors trap exits and learn of their children's ends this way.
 */
public record Exit(Pid pid, ExitReason reason) { }
