package dev.genserver.runtime;

/**
 * One child as its supervisor sees it ({@code Supervisor.which_children/1}).
 *
 * @param id       the child spec's id
 * @param pid      the running process, or null while it is not running
 * @param restart  its restart type
 * @param restarts how often it has been restarted
 */
public record ChildInfo(String id, Pid pid, RestartType restart, int restarts) { }
