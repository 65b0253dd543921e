package dev.genserver.jobs;

import dev.genserver.runtime.MonitorRef;
import dev.genserver.runtime.Pid;
import java.time.Duration;

/**
 * One job as the queue process knows it. Mutable, and owned by that process alone (it handles one message at a
 * time), so its fields need no synchronization.
 */
final class Job {

    final String id;
    final Duration duration;
    final boolean fail;
    JobStatus status = JobStatus.QUEUED;
    /** Why it failed; null unless {@link JobStatus#FAILED}. */
    String error;
    /** The worker and the monitor on it while {@link JobStatus#RUNNING}. */
    Pid worker;
    MonitorRef monitor;

    Job(String id, Duration duration, boolean fail) {
        this.id = id;
        this.duration = duration;
        this.fail = fail;
    }

    JobView view() {
        return new JobView(id, status.wire(), error);
    }
}
