package dev.genserver.runtime;

/**
 * One child as its supervisor sees it ({@code Supervisor.which_children/1}).
 *
 * <pre>{@code
 * {id, pid, :worker, modules}            new ChildInfo(id, pid, false, ChildType.WORKER, …)
 * {id, :restarting, :worker, modules}    new ChildInfo(id, null, true, ChildType.WORKER, …)
 * {id, :undefined, :supervisor, mods}    new ChildInfo(id, null, false, ChildType.SUPERVISOR, …)
 * }</pre>
 *
 * @param id         the child spec's id; null for a dynamic supervisor's child (Elixir's {@code :undefined})
 * @param pid        the running process, or null while it is not running
 * @param restarting a restart failed and the supervisor will try again (OTP's {@code :restarting})
 * @param type       worker or supervisor
 * @param restart    its restart type
 * @param restarts   how often the supervisor has restarted it
 */
public record ChildInfo(String id, Pid pid, boolean restarting, ChildType type, RestartType restart,
                        int restarts) { }
