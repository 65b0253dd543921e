package dev.genserver.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The queue traps exits to take its linked workers with it: each worker's link delivers one {@code Exit}, after its
 * {@code DOWN} or report has finished its job, and only those are the queue's to drop; any other is logged.
 */
class JobTableTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final JobTable table = new JobTable(10, 10);
    private final Pid worker = idle();

    @AfterEach
    void close() {
        runtime.close();
    }

    private Pid idle() {
        return runtime.start(new GenServer<String>() {
            @Override
            public Init<String> init() {
                return Init.ok("idle");
            }
        });
    }

    /** Job {@code a}, running on {@link #worker}, which a queue monitors. */
    private Job running() {
        Job job = new Job("a", Duration.ZERO, false);
        table.enqueue(job);
        table.pollWaiting();
        table.started(job, worker, runtime.monitor(idle(), worker));
        return job;
    }

    @Test
    void aFinishedJobsWorker_hasItsOneExitTaken_andNoOtherProcessHas() {
        Pid stranger = idle();
        table.finish(running(), null);

        assertThat(table.takeWorkerExit(stranger)).as("never a worker").isFalse();
        assertThat(table.takeWorkerExit(worker)).isTrue();
        assertThat(table.takeWorkerExit(worker)).as("one Exit per link").isFalse();
    }

    /** A worker killed while its start completed: its Exit may come before the DOWN that finishes its job. */
    @Test
    void anExitBeforeTheJobFinishes_isTaken_andNoneIsExpectedAfter() {
        Job job = running();

        assertThat(table.takeWorkerExit(worker)).isTrue();
        table.finish(job, "killed");

        assertThat(table.takeWorkerExit(worker)).as("its one Exit was taken").isFalse();
    }
}
