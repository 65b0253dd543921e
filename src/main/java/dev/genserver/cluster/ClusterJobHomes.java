package dev.genserver.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.jobs.JobHomes;
import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * Jobs in cluster mode. A job runs on the instance it was submitted to (its workers block, which a partition
 * thread must not), and that instance records it in the replicated map {@code genserver-job-homes} (job id to
 * member) before the submit is answered. Another instance asked about the job puts the question to that member
 * through Hazelcast's executor; if the member has left the cluster, the job is reported failed with
 * {@code node_down}. Records are kept {@link #KEPT}, longer than a finished job's local retention usually lasts.
 */
final class ClusterJobHomes implements JobHomes {

    static final String MAP = "genserver-job-homes";
    static final Duration KEPT = Duration.ofHours(24);
    /** As long as a local call may take (OTP's 5 s), plus the hop. */
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(6);

    private final ClusterMember member;
    private final Modules modules;

    ClusterJobHomes(ClusterMember member, Modules modules) {
        this.member = member;
        this.modules = modules;
    }

    @Override
    public void adopt(String id) {
        HazelcastInstance here = member.instance();
        ReplicatedProcesses.guarded(() -> homes(here).set(id, here.getCluster().getLocalMember().getUuid(),
                KEPT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public Home locate(String id) {
        HazelcastInstance here = member.instance();
        UUID home = ReplicatedProcesses.guarded(() -> homes(here).get(id));
        if (home == null) {
            return new Home.Unknown();
        }
        if (home.equals(here.getCluster().getLocalMember().getUuid())) {
            return new Home.Here();
        }
        return here.getCluster().getMembers().stream().filter(m -> m.getUuid().equals(home)).findFirst()
                .<Home>map(alive -> new Home.Elsewhere(question -> ask(here, alive, question, id)))
                .orElseGet(Home.Lost::new);
    }

    @Override
    public void serve(BiFunction<Question, String, Object> answers) {
        modules.serveJobs(answers);
    }

    private static Object ask(HazelcastInstance here, Member home, Question question, String id) {
        try {
            return here.getExecutorService("genserver-jobs").submitToMember(new Ask(question, id), home)
                    .get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            throw new ServiceUnavailableException("jobs (their instance did not answer)");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException("jobs (interrupted)");
        }
    }

    private static IMap<String, UUID> homes(HazelcastInstance here) {
        return here.getMap(MAP);
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
