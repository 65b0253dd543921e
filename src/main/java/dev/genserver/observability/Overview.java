package dev.genserver.observability;

/**
 * The observer's overview of this instance.
 *
 * @param member            this instance as the members view shows it
 * @param uptime            seconds since the JVM started
 * @param processes         processes alive
 * @param messagesPerSecond messages handled in the last second, all services; null before the second sample
 * @param heapUsed          heap in use, bytes
 * @param heapMax           the heap's bound, bytes (-1 if none)
 * @param root              the root supervisor
 * @param history           the last five minutes, one point a second; in a stream's events after its first, the
 *                          points since the event before
 */
record Overview(Members.Member member, long uptime, int processes, Double messagesPerSecond, long heapUsed,
                long heapMax, TreeNode root, ObserverHistory.Series history) implements Continued<Overview> {

    @Override
    public Overview after(Overview sent) {
        return new Overview(member, uptime, processes, messagesPerSecond, heapUsed, heapMax, root,
                history.after(sent.history));
    }
}
