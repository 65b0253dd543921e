package dev.genserver.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.map.IMap;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.jobs.JobHomes;
import dev.genserver.jobs.JobView;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Jobs in cluster mode. A job runs on the instance it was submitted to (its workers block, which a partition
 * thread must not), and that instance records it in the map {@code genserver-job-records} (job id to instance, with
 * a synchronous backup) before the job is queued. Another instance asked about the job puts the question to
 * that member through Hazelcast's executor; if the member has left the cluster, an unfinished job is reported
 * failed with {@code node_down}. When the job ends, its instance writes the end into the record (without waiting,
 * within milliseconds, or once the record's partition has a backup in sight again), so a finished job is answered
 * as it ended by every instance whether or not its own is still there, unless that instance was lost before the
 * record was written; when the instance stops keeping the job (cancelled, past retention, or refused by the full
 * queue) the record goes too, so it is not found anywhere, as on one instance, unless, without
 * {@code min-members}, a split's merge brings the record back from the other side's copy (Hazelcast's merge
 * carries no deletions; with {@code min-members} the smaller side's copies are discarded): the job then reads as
 * it ended, or 404 once its instance is asked. Records are kept at most {@link #KEPT}. The queues' counts are
 * asked of every member the same way, and summed.
 *
 * <p>With {@code genserver.cluster.min-members}, the records are behind the same split-brain protection as the
 * replicated processes: a member that sees too few members refuses a submit before the job is queued (503), and
 * answers questions about a job 503 rather than "not found" for a job the other side of a split may have taken.
 * An end or a forgetting it cannot record then is sent again every second until the record takes it: meanwhile
 * the record still names this instance, which answers for the job, and should it leave the cluster before that, a
 * job that ended here is reported {@code node_down}. The queues' counts are not refused: they are summed over the
 * members in sight.
 *
 * <p>Every write of a record, the end and the forgetting too, is checked on the id's owner ({@link OwnerDecides}):
 * a member left alone for a moment, before Hazelcast's own protection has caught up, refuses it as above rather
 * than write it on its copy, which the split's merge would discard (the record then named the job's instance after
 * the job had ended, or was back after it had been forgotten); and a write whose partition has no backup in sight
 * waits, retried by Hazelcast, until it has one ({@link NoBackupYetException}), the job's later writes behind it.
 */
final class ClusterJobHomes implements JobHomes {

    static final String MAP = "genserver-job-records";
    static final Duration KEPT = Duration.ofHours(24);
    /** As long as a local call may take (OTP's 5 s), plus the hop. */
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(6);
    private static final String EXECUTOR = "genserver-jobs";
    /**
     * How long an adoption waits for a change of its record still on its way before it refuses (503): one sent is
     * back in milliseconds, unless the owner holds it (no backup of its partition in sight, for as long as the
     * master takes to copy one; too few members in sight), and the adoption's own write would wait as long.
     */
    private static final Duration EARLIER_WRITE_PATIENCE = Duration.ofSeconds(1);

    /** A job's record: the instance running it ({@link MemberConfig#INSTANCE}), and once it has ended, how. */
    record JobRecord(String home, JobView ended) implements Serializable { }

    private final ClusterMember member;
    private final Modules modules;
    /** Ends and forgettings, sent without waiting: the job queue's process must not wait for the cluster. */
    private final LatestWrites records = new LatestWrites("a job's record");

    ClusterJobHomes(ClusterMember member, Modules modules) {
        this.member = member;
        this.modules = modules;
    }

    /**
     * Records the job's home, before the job is queued, unless the id has a record ({@link PutIfAbsent}). A write left
     * unknown by a lost member is sent again (the same record is safe to write again) rather than answered 503 at
     * once; a refusal (too few members in sight) is 503, with nothing queued. An id recorded by another instance
     * is a keyed request's job that an earlier attempt submitted there: not this instance's to run.
     *
     * <p>A forgetting of the id still on its way (an earlier attempt of a keyed request refused here a moment ago
     * by the full queue, or ended by the queue's crash) is waited for, at most {@link #EARLIER_WRITE_PATIENCE}, and
     * sent again meanwhile: landing after this adoption, it would remove the record of the job this attempt queues,
     * and every instance would answer 404 for that job until it ends. (An end on its way is waited for too.) A write
     * still out then is refused 503, nothing recorded, for the client to retry: the owner's checks can hold such a
     * write for seconds (no backup of its partition in sight) or until enough members are back, and once they let
     * it go it could run after this adoption's own write, held by the same checks.
     */
    @Override
    public boolean adopt(String id) {
        if (!earlierWriteTaken(id)) {
            throw new ServiceUnavailableException("an earlier attempt of this job is still being recorded; "
                    + "retry shortly");
        }
        HazelcastInstance here = member.instance();
        JobRecord record = new JobRecord(instance(here), null);
        JobRecord earlier = ReplicatedProcesses.guardedRepeating(() -> homes(here).executeOnKey(id,
                new PutIfAbsent<>(record, KEPT.toMillis())));
        return earlier == null || earlier.home().equals(record.home()); // here: this write's own, sent again
    }

    private boolean earlierWriteTaken(String id) {
        try {
            return records.awaitWritten(id, EARLIER_WRITE_PATIENCE);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt(); // kept for the caller, told 503
            return false;
        }
    }

    @Override
    public Home locate(String id) {
        HazelcastInstance here = member.instance();
        JobRecord found = ReplicatedProcesses.guarded(() -> homes(here).executeOnKey(id, new Locate()));
        if (found == null) {
            return new Home.Unknown();
        }
        if (found.ended() != null) {
            return new Home.Ended(found.ended());
        }
        if (found.home().equals(instance(here))) {
            return new Home.Here();
        }
        return here.getCluster().getMembers().stream()
                .filter(m -> found.home().equals(m.getAttribute(MemberConfig.INSTANCE))).findFirst()
                .<Home>map(alive -> new Home.Elsewhere(question -> ask(here, alive, question, id)))
                .orElseGet(Home.Lost::new);
    }

    /**
     * Writes the end into the job's record, without waiting, once the id's owner has made its checks
     * ({@link Overwrite}): a refusal fails the write, which {@link #recordAgain} sends again.
     */
    @Override
    public void ended(JobView job) {
        records.write(job.id(), () -> {
            HazelcastInstance here = member.instance();
            return homes(here).submitToKey(job.id(), new Overwrite<>(new JobRecord(instance(here), job),
                    KEPT.toMillis()));
        });
    }

    /** Removes the job's record, as {@link #ended} writes an end. */
    @Override
    public void forgotten(String id) {
        records.write(id, () -> homes(member.instance()).submitToKey(id, Overwrite.removal()));
    }

    /**
     * Sends again, once a second, each job's latest end or forgetting that failed: one made while this member saw
     * too few members reaches the record once enough are back, instead of the record naming this instance for
     * good (and the job reading {@code node_down} should the instance leave later).
     */
    @Scheduled(fixedDelay = 1000)
    void recordAgain() {
        if (member.isJoined()) {
            records.resendFailed();
        }
    }

    @Override
    public boolean settle(Duration patience) {
        try {
            return records.awaitWritten(patience);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public List<Object> askOthers(Question question) {
        HazelcastInstance here = member.instance();
        Set<Member> others = new HashSet<>(here.getCluster().getMembers());
        others.remove(here.getCluster().getLocalMember());
        if (others.isEmpty()) {
            return List.of();
        }
        Map<Member, Future<Object>> asked = here.getExecutorService(EXECUTOR)
                .submitToMembers(new Ask(question, null), others);
        long deadline = System.nanoTime() + ASK_TIMEOUT.toNanos();
        List<Object> answers = new ArrayList<>(asked.size());
        for (Future<Object> answer : asked.values()) {
            try {
                answers.add(await(answer, deadline));
            } catch (ExecutionException failed) {
                if (!(failed.getCause() instanceof MemberLeftException
                        || failed.getCause() instanceof TargetNotMemberException)) {
                    throw new ServiceUnavailableException("an instance holding jobs did not answer; retry shortly");
                }
            }
        }
        return answers;
    }

    @Override
    public void serve(BiFunction<Question, String, Object> answers) {
        modules.serveJobs(answers);
    }

    private static Object ask(HazelcastInstance here, Member home, Question question, String id) {
        try {
            return await(here.getExecutorService(EXECUTOR).submitToMember(new Ask(question, id), home),
                    System.nanoTime() + ASK_TIMEOUT.toNanos());
        } catch (ExecutionException failed) {
            throw new ServiceUnavailableException("the instance holding this job did not answer; retry shortly");
        }
    }

    /** The answer by {@code deadline}; one that comes later, or a wait interrupted, is 503. */
    private static Object await(Future<Object> answer, long deadlineNanos) throws ExecutionException {
        try {
            return answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException late) {
            throw new ServiceUnavailableException("an instance holding jobs did not answer in time; retry shortly");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("the request was interrupted while asking about jobs; retry");
        }
    }

    private static String instance(HazelcastInstance here) {
        return here.getCluster().getLocalMember().getAttribute(MemberConfig.INSTANCE);
    }

    private static IMap<String, JobRecord> homes(HazelcastInstance here) {
        return here.getMap(MAP);
    }

    /**
     * A {@code get} on the owner after its checks ({@link OwnerDecides}), writing nothing: a member left alone for
     * a moment answered from its stale copy, where a job accepted on the other side is not, 404 where 503 is due.
     */
    static final class Locate extends OwnerDecides<JobRecord, JobRecord> {

        @Override
        JobRecord decide(Map.Entry<String, JobRecord> entry) {
            return entry.getValue();
        }
    }

    /** A question about a job, answered by the instance that holds it. */
    static final class Ask implements Callable<Object>, Serializable, HazelcastInstanceAware {

        @Serial
        private static final long serialVersionUID = 1L;

        private final Question question;
        private final String id;
        private transient HazelcastInstance member;

        Ask(Question question, String id) {
            this.question = question;
            this.id = id;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance member) {
            this.member = member;
        }

        @Override
        public Object call() {
            return Modules.of(member).jobs().apply(question, id);
        }
    }
}
