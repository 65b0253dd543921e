package dev.genserver.jobs;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Where a job lives. A job runs where it was submitted, its workers being processes of that instance: on one
 * instance every job is {@linkplain #HERE here}. In cluster mode each instance records the jobs it accepts in the
 * cluster, so that any instance can ask a job's instance about it, and can tell a job whose instance has left the
 * cluster (it is reported {@code failed} with {@code error} {@code node_down}: its run ended with its instance)
 * from one that never existed. A job's end is recorded in the cluster too, so a job seen finished stays finished
 * when its instance is lost, and a job its instance no longer keeps (cancelled, past retention, or refused by a
 * full queue) is forgotten there.
 */
public interface JobHomes {

    /** A single instance: every job is here, and there is nobody to answer. */
    JobHomes HERE = new JobHomes() {
        @Override
        public boolean adopt(String id) {
            return true;
        }

        @Override
        public Home locate(String id) {
            return new Home.Here();
        }

        @Override
        public void serve(BiFunction<Question, String, Object> answers) {
        }

        @Override
        public void ended(JobView job) {
        }

        @Override
        public void forgotten(String id) {
        }

        @Override
        public boolean settle(Duration patience) {
            return true;
        }

        @Override
        public List<Object> askOthers(Question question) {
            return List.of();
        }
    };

    /**
     * Records that the job {@code id} is accepted here, before it is queued; returns once the record is kept: true,
     * or false if the id is recorded on another instance already (an earlier attempt of the same keyed request,
     * whose id is drawn from the request, submitted it there), which holds the job. Throws
     * {@link dev.genserver.app.ServiceUnavailableException} if it cannot be kept now: in cluster mode, while this
     * instance sees fewer members than {@code genserver.cluster.min-members}, or while an earlier end or forgetting
     * of the same id is still on its way.
     */
    boolean adopt(String id);

    /** Where the job {@code id} lives. */
    Home locate(String id);

    /** How this instance answers other instances' questions about its own jobs. */
    void serve(BiFunction<Question, String, Object> answers);

    /**
     * Records that {@code job} succeeded or failed, as this instance reports it. Called by the job queue's process,
     * so it never waits: the record follows within milliseconds (in cluster mode, once its partition has a backup in
     * sight and enough members are), and a job whose instance is lost before that is reported {@code node_down}.
     */
    void ended(JobView job);

    /** Records that this instance no longer keeps the job {@code id} (cancelled, or past retention); never waits. */
    void forgotten(String id);

    /**
     * Waits, at most {@code patience}, until every end and forgetting told so far is recorded; whether they all are.
     * The instance's stop calls it before a cluster member leaves, so that no job it ran reads {@code node_down}.
     */
    boolean settle(Duration patience);

    /**
     * The answers of every other instance to {@code question}, which is about no job in particular ({@code STATS});
     * none on one instance. An instance that leaves meanwhile is not counted.
     */
    List<Object> askOthers(Question question);

    /** What one instance asks another: about a job it holds ({@code FIND}, {@code CANCEL}), or its queue's counts. */
    enum Question implements Serializable { FIND, CANCEL, STATS }

    /** Where a job is. */
    sealed interface Home {

        /** On this instance. */
        record Here() implements Home {
        }

        /** On another instance, which {@code ask} puts a question to. */
        record Elsewhere(java.util.function.Function<Question, Object> ask) implements Home {
        }

        /** Finished, as its instance recorded it: the answer whether or not that instance is still there. */
        record Ended(JobView job) implements Home {
        }

        /** Unfinished, on an instance that has left the cluster. */
        record Lost() implements Home {
        }

        /** Nowhere: never submitted, or forgotten. */
        record Unknown() implements Home {
        }
    }
}
