package dev.genserver.jobs;

import dev.genserver.runtime.From;
import dev.genserver.runtime.MonitorRef;
import dev.genserver.runtime.Pid;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The queue's state: every job it knows by id, the waiting ones in FIFO order, the running ones by their
 * worker, and the finished ones in finishing order for retention. Every operation is O(1).
 *
 * <p>Not thread-safe: owned by the job queue process.
 */
final class JobTable {

    private final int capacity;
    private final int retention;
    private final Map<String, Job> byId = new HashMap<>();
    private final LinkedHashMap<String, Job> waiting = new LinkedHashMap<>();
    private final Map<Pid, Job> running = new HashMap<>();
    private final ArrayDeque<Job> finished = new ArrayDeque<>();
    /**
     * Workers whose job has finished and whose link's {@code Exit} is still to come. It follows the end that
     * finished the job, except for a worker killed while its start completed, whose {@code DOWN} may come second.
     */
    private final Set<Pid> endedWorkers = new HashSet<>();
    /** Running workers whose {@code Exit} came before their job finished: that one is taken already. */
    private final Set<Pid> exitedWorkers = new HashSet<>();
    /** Null until the queue is drained; then the drains still to answer once no job runs. */
    private List<From> drainers;
    private long succeeded;
    private long failed;

    JobTable(int capacity, int retention) {
        this.capacity = capacity;
        this.retention = retention;
    }

    boolean waitingFull() {
        return waiting.size() >= capacity;
    }

    void enqueue(Job job) {
        byId.put(job.id, job);
        waiting.put(job.id, job);
    }

    /** The job that has waited longest, removed from the waiting line, or null. */
    Job pollWaiting() {
        Map.Entry<String, Job> first = waiting.pollFirstEntry();
        return first == null ? null : first.getValue();
    }

    /** Puts back a job that could not be started, at the head of the line. */
    void requeueFirst(Job job) {
        waiting.putFirst(job.id, job);
    }

    void started(Job job, Pid worker, MonitorRef monitor) {
        byId.put(job.id, job);
        job.status = JobStatus.RUNNING;
        job.worker = worker;
        job.monitor = monitor;
        running.put(worker, job);
    }

    /** The running job of this worker, or null (the job already finished by its report). */
    Job runningBy(Pid worker) {
        return running.get(worker);
    }

    Optional<Job> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Marks a running job finished; {@code error} null means it succeeded. Forgets the oldest beyond retention and
     * returns their ids.
     */
    List<String> finish(Job job, String error) {
        if (job.worker != null) {
            running.remove(job.worker);
            if (!exitedWorkers.remove(job.worker)) {
                endedWorkers.add(job.worker);
            }
        }
        job.worker = null;
        job.monitor = null;
        job.status = error == null ? JobStatus.SUCCEEDED : JobStatus.FAILED;
        job.error = error;
        if (error == null) {
            succeeded++;
        } else {
            failed++;
        }
        finished.addLast(job);
        List<String> forgotten = new ArrayList<>(1);
        while (finished.size() > retention) {
            String oldest = finished.removeFirst().id;
            byId.remove(oldest);
            forgotten.add(oldest);
        }
        return forgotten;
    }

    /** Whether {@code pid} is a worker of this queue, its link's one {@code Exit} now taken. */
    boolean takeWorkerExit(Pid pid) {
        if (endedWorkers.remove(pid)) {
            return true;
        }
        if (running.containsKey(pid)) {
            exitedWorkers.add(pid); // its job finishes with the DOWN still to come
            return true;
        }
        return false;
    }

    CancelOutcome cancel(String id) {
        Job job = byId.get(id);
        if (job == null) {
            return CancelOutcome.NOT_FOUND;
        }
        if (job.status != JobStatus.QUEUED) {
            return CancelOutcome.NOT_CANCELLABLE;
        }
        waiting.remove(id);
        byId.remove(id);
        return CancelOutcome.CANCELLED;
    }

    /** Whether a drain has come: no job starts any more. */
    boolean isDraining() {
        return drainers != null;
    }

    /** Marks the queue drained, {@code from} to be answered once no job runs. */
    void drainedBy(From from) {
        if (drainers == null) {
            drainers = new ArrayList<>(1);
        }
        drainers.add(from);
    }

    /** The drains to answer, taken: none if the queue was never drained. */
    List<From> takeDrainers() {
        if (drainers == null || drainers.isEmpty()) {
            return List.of();
        }
        List<From> taken = List.copyOf(drainers);
        drainers.clear();
        return taken;
    }

    int runningCount() {
        return running.size();
    }

    boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    /** The workers of the running jobs. */
    List<Pid> workers() {
        return running.values().stream().map(job -> job.worker).toList();
    }

    JobStats stats(int workers) {
        return new JobStats(waiting.size(), running.size(), succeeded, failed, workers, capacity);
    }
}
