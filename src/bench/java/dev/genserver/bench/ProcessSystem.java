package dev.genserver.bench;

/**
 * One implementation of "a process" under test, with what it needs to run (a runtime, an actor system, threads).
 * The benchmarks create counters and blockers through it and close it at the end of a trial.
 */
interface ProcessSystem extends AutoCloseable {

    /** The implementations every JMH benchmark compares, by the names used in {@code @Param}. */
    static ProcessSystem create(String implementation, int mailboxCapacity) {
        return switch (implementation) {
            case "ours" -> new OursSystem(mailboxCapacity, false);
            case "oursQueued" -> new OursSystem(mailboxCapacity, true);
            case "oursMetrics" -> OursSystem.withMetrics(mailboxCapacity);
            case "limit" -> new LimitSystem();
            case "executor" -> new ExecutorSystem();
            case "pekko" -> new PekkoSystem();
            default -> throw new IllegalArgumentException("unknown implementation: " + implementation);
        };
    }

    /** A new idle counter process starting at zero. */
    CounterProcess counter();

    /**
     * A new process kept busy by a {@link BlockingClient}: requests whose handler blocks for a second, one after
     * another, until the system closes. The seed's "Blocking the GenServer" pitfall, lasting the whole measurement.
     */
    void blocker();

    @Override
    void close();
}
