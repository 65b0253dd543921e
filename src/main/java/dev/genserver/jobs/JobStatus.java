package dev.genserver.jobs;

import java.util.Locale;

/** Where a job is in its life: waiting, with a worker, or finished one way or the other. */
enum JobStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    /** The name on the wire: {@code queued}, {@code running}, {@code succeeded}, {@code failed}. */
    String wire() {
        return name().toLowerCase(Locale.ROOT); // "running", not the Turkish locale's "runnıng"
    }
}
