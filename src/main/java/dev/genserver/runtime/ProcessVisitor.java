package dev.genserver.runtime;

/**
 * What {@link ProcessRuntime#survey} shows of each living process: the counts every process keeps anyway, read
 * without a message to it and without allocating. Called on the surveying thread, once per process; it must not
 * block, and must not keep {@code pid} longer than it needs (holding a pid keeps an exited process's memory).
 */
@FunctionalInterface
public interface ProcessVisitor {

    /**
     * Visits one living process.
     *
     * @param pid       the process
     * @param mailbox   messages waiting, those a suspended process keeps aside included
     * @param handled   calls, casts and infos handled so far: not system messages (status reads, suspends), so
     *                  that observing a process does not count as its work
     * @param restarts  how often its supervisor had restarted this child before this process started
     */
    void visit(Pid pid, int mailbox, long handled, int restarts);
}
