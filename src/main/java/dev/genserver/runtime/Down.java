package dev.genserver.runtime;

/**
 * The info message a monitor delivers when the monitored process exits:
 * {@code {:DOWN, ref, :process, pid, reason}}. Monitoring a process that does not exist delivers one at once
 * with reason {@code noproc}.
 */
public record Down(MonitorRef ref, Pid pid, ExitReason reason) { }
