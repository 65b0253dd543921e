package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.genserver.GenServerApplication;
import dev.genserver.app.ServiceUnavailableException;
import dev.genserver.jobs.JobView;
import dev.genserver.jobs.Jobs;
import dev.genserver.testing.FreePorts;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A member that stops gracefully (SIGTERM: its context closes) records how its jobs ended before it leaves the
 * cluster. Two members in this JVM, each a whole application; the first runs a job that finishes within the
 * queue's {@code shutdown-timeout}, one that would not, and one still queued, and is closed. The job that finished
 * reads {@code succeeded} on the other member, and the one shut down {@code failed} with {@code shutdown}: neither
 * {@code node_down}, which says a job's run may have ended anywhere, and which the other member answered for jobs
 * still running on the leaving one when the member left before the queue had waited for them. The queued job never
 * ran, and reads {@code node_down}: its instance is gone.
 */
class GracefulLeaveJobsTest {

    /**
     * The finishing job's length: long enough that the drain begins before it ends even on a loaded machine (ended
     * first, it would free its worker for the queued job), and well within the queue's {@code shutdown-timeout}.
     */
    private static final int FINISHING_MS = 8_000;
    private static final int SHUTDOWN_TIMEOUT_S = 12;

    private final List<Integer> clusterPorts = List.of(FreePorts.next(), FreePorts.next());
    private final String name = "graceful-" + UUID.randomUUID();
    private ConfigurableApplicationContext leaving;
    private ConfigurableApplicationContext staying;

    @AfterEach
    void close() {
        for (ConfigurableApplicationContext member : new ConfigurableApplicationContext[] {leaving, staying}) {
            if (member != null) {
                member.close();
            }
        }
    }

    @Test
    void aMemberStopping_recordsItsJobsEnds_beforeItLeaves() {
        leaving = member(0);
        staying = member(1);
        Jobs there = leaving.getBean(Jobs.class);
        Jobs here = staying.getBean(Jobs.class);
        JobView finishing = there.submit(FINISHING_MS, false);
        JobView overrunning = there.submit(60_000, false);
        JobView queued = there.submit(FINISHING_MS, false);
        assertThat(here.find(finishing.id()).status()).isEqualTo("running");
        assertThat(here.find(overrunning.id()).status()).isEqualTo("running");
        assertThat(here.find(queued.id()).status()).isEqualTo("queued");

        leaving.close(); // as SIGTERM does: the web server drains, the job queue, the member leaves, the tree stops

        assertThat(here.find(finishing.id())).isEqualTo(new JobView(finishing.id(), "succeeded", null));
        assertThat(here.find(overrunning.id())).isEqualTo(new JobView(overrunning.id(), "failed", "shutdown"));
        // Until this member has seen the other leave (the first member is the master, whose leave it learns of by
        // the closed connection), a question to it is 503 and retried, as a client would.
        await("the queued job, once its member is seen gone").atMost(Duration.ofSeconds(30))
                .ignoreException(ServiceUnavailableException.class)
                .until(() -> here.find(queued.id()), equalTo(new JobView(queued.id(), "failed", "node_down")));
    }

    /** Member {@code index} of a two-member cluster on loopback, with two workers that may run a minute. */
    private ConfigurableApplicationContext member(int index) {
        String members = "127.0.0.1:" + clusterPorts.get(0) + ",127.0.0.1:" + clusterPorts.get(1);
        return new SpringApplicationBuilder(GenServerApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "management.server.address=127.0.0.1",
                        "spring.main.banner-mode=off", "spring.jmx.enabled=false",
                        "genserver.cluster.enabled=true", "genserver.cluster.name=" + name,
                        "genserver.cluster.address=127.0.0.1", "genserver.cluster.port=" + clusterPorts.get(index),
                        "genserver.cluster.members=" + members,
                        "genserver.jobs.workers=2", "genserver.jobs.max-duration=60s",
                        "genserver.jobs.shutdown-timeout=" + SHUTDOWN_TIMEOUT_S + "s")
                .run("--management.server.port=0"); // an argument: application.yml's 8081 outranks defaults
    }
}
