package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeListener;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import dev.genserver.testing.HoldableCounter;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Every runtime metric, scraped from /actuator/prometheus after making it move. Each test starts its own
 * processes under a service name of its own, so the shared context's other traffic cannot change its figures.
 */
@IntegrationTest
class MetricsHttpTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;

    @Autowired
    private ProcessRuntime runtime;

    @Autowired
    private RuntimeListener listener;

    private final String service = "probe-" + UUID.randomUUID().toString().substring(0, 8);

    private Prometheus scrape() {
        return new Prometheus(management.client().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    @Test
    void messagesProcessesAndMailboxes_areCountedPerService_notPerProcess() {
        Pid first = runtime.start(new HoldableCounter(), StartOptions.DEFAULTS.withService(service));
        Pid second = runtime.start(new HoldableCounter(), StartOptions.DEFAULTS.withService(service));
        for (int i = 0; i < 5; i++) {
            first.call(new HoldableCounter.Add());
        }
        second.cast("one");
        second.cast("two");
        second.send("info");
        HoldableCounter.Hold hold = hold(second);
        second.cast("queued");

        String tags = "service=\"" + service + "\"";
        Prometheus.awaitValue(this::scrape, "genserver_messages_total{kind=\"call\"," + tags + "}", 5);
        Prometheus metrics = Prometheus.awaitValue(this::scrape,
                "genserver_messages_total{kind=\"cast\"," + tags + "}", 3);
        assertThat(metrics.value("genserver_messages_total{kind=\"info\"," + tags + "}")).isEqualTo(1);
        assertThat(metrics.value("genserver_processes{" + tags + "}")).isEqualTo(2);
        assertThat(metrics.value("genserver_mailbox_size{" + tags + "}")).isEqualTo(1);
        assertThat(metrics.seriesNamed("genserver_processes").toString()).doesNotContain("pid", "PID");
        hold.release().countDown();

        runtime.stop(first, ExitReason.NORMAL, Duration.ofSeconds(5));
        assertThat(Prometheus.awaitValue(this::scrape, "genserver_processes{" + tags + "}", 1)
                .value("genserver_messages_total{kind=\"call\"," + tags + "}"))
                .as("an exited process's messages still count").isEqualTo(5);
    }

    @Test
    void exitsByReason_timeoutsAndRefusals_areCounted() {
        Pid normal = runtime.start(new HoldableCounter(), StartOptions.DEFAULTS.withService(service));
        Pid crashing = runtime.start(new HoldableCounter(), StartOptions.DEFAULTS.withService(service));
        Pid killed = runtime.start(new HoldableCounter(), StartOptions.DEFAULTS.withService(service));
        Pid busy = runtime.start(new HoldableCounter(),
                StartOptions.DEFAULTS.withService(service).withMailboxCapacity(1));
        runtime.stop(normal, ExitReason.NORMAL, Duration.ofSeconds(5));
        assertThatThrownBy(() -> crashing.call(new HoldableCounter.Crash()))
                .isInstanceOf(ProcessExitException.class);
        runtime.kill(killed);
        HoldableCounter.Hold hold = hold(busy);
        busy.cast("fills the mailbox");
        assertThatThrownBy(() -> busy.cast("refused")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> busy.call(new HoldableCounter.Add(), Duration.ofMillis(1)))
                .isInstanceOf(RuntimeException.class);
        hold.release().countDown();

        Prometheus metrics = scrape();
        String tags = "service=\"" + service + "\"";
        assertThat(metrics.value("genserver_process_exits_total{reason=\"normal\"," + tags + "}")).isEqualTo(1);
        assertThat(metrics.value("genserver_process_exits_total{reason=\"crash\"," + tags + "}")).isEqualTo(1);
        assertThat(metrics.value("genserver_process_exits_total{reason=\"kill\"," + tags + "}")).isEqualTo(1);
        assertThat(metrics.value("genserver_mailbox_refused_total{" + tags + "}")).isEqualTo(2);
    }

    /** Every reason's series is there, at 0, from the service's first process: Prometheus sees the first exit. */
    @Test
    void exitsByReason_areSeriesFromTheServicesFirstProcess_atZero() {
        runtime.start(new HoldableCounter(), StartOptions.DEFAULTS.withService(service));

        Prometheus metrics = scrape();
        for (String reason : new String[] {"normal", "shutdown", "crash", "kill"}) {
            assertThat(metrics.value("genserver_process_exits_total{reason=\"" + reason + "\",service=\"" + service
                    + "\"}")).as(reason).isZero();
        }
    }

    @Test
    void aCallThatTimesOut_isCounted() {
        Pid busy = runtime.start(new HoldableCounter(), StartOptions.DEFAULTS.withService(service));
        HoldableCounter.Hold hold = hold(busy);
        assertThatThrownBy(() -> busy.call(new HoldableCounter.Add(), Duration.ofMillis(1)))
                .isInstanceOf(CallTimeoutException.class);
        hold.release().countDown();

        assertThat(scrape().value("genserver_call_timeouts_total{service=\"" + service + "\"}")).isEqualTo(1);
    }

    @Test
    void callDurationsAndMailboxWaits_areHistogramsWithBuckets() {
        Pid pid = runtime.start(new HoldableCounter(), StartOptions.DEFAULTS.withService(service));
        for (int i = 0; i < 64 * 40; i++) {
            pid.call(new HoldableCounter.Add());
        }
        for (int batch = 0; batch < 10; batch++) { // 2,560 queued in all, 256 at a time
            HoldableCounter.Hold hold = hold(pid);
            for (int i = 0; i < 256; i++) {
                pid.cast("queued");
            }
            hold.release().countDown();
            pid.call(new HoldableCounter.Add());
        }

        Prometheus metrics = scrape();
        String tags = "service=\"" + service + "\"";
        // Sampled one in 64: about 40 of 2,560 calls, and of 2,560 queued casts; none at all has a chance below
        // 1e-17 for either (256 casts alone left none to time in one run of about 55: a verify failed so)
        assertThat(metrics.value("genserver_call_duration_seconds_count{" + tags + "}")).isPositive();
        assertThat(metrics.value("genserver_call_duration_seconds_bucket{" + tags + ",le=\"+Inf\"}"))
                .isEqualTo(metrics.value("genserver_call_duration_seconds_count{" + tags + "}"));
        assertThat(metrics.value("genserver_mailbox_wait_seconds_count{" + tags + "}")).isPositive();
        assertThat(metrics.seriesNamed("genserver_mailbox_wait_seconds_bucket")).isNotEmpty();
    }

    @Test
    void supervisorRestarts_areCountedPerSupervisor() {
        String supervisorName = service + "-sup";
        Supervisor supervisor = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                        .withChild(ChildSpec.permanent("child", HoldableCounter::new)),
                StartOptions.named(Name.local(supervisorName)).withService(service));
        Pid child = supervisor.child("child").orElseThrow();
        assertThatThrownBy(() -> child.call(new HoldableCounter.Crash())).isInstanceOf(ProcessExitException.class);
        assertThat(supervisor.children()).as("a call to the supervisor is handled after the EXIT it got")
                .allSatisfy(info -> assertThat(info.pid()).isNotEqualTo(child));

        assertThat(scrape().value("genserver_supervisor_restarts_total{supervisor=\"" + supervisorName + "\"}"))
                .isEqualTo(1);
        runtime.shutdown(supervisor.pid(), Duration.ofSeconds(5));
    }

    /**
     * A supervisor's restart series is there from the start, at 0 (the stacks' supervisor restarts nothing: its
     * children are temporary), so that Prometheus' {@code increase()} sees the first restart.
     */
    @Test
    void everySupervisorOfTheTree_hasItsRestartSeries_fromTheStart() {
        Prometheus metrics = scrape();

        assertThat(metrics.value("genserver_supervisor_restarts_total{supervisor=\"stacks-supervisor\"}"))
                .isZero();
        assertThat(metrics.seriesNamed("genserver_supervisor_restarts_total"))
                .anySatisfy(series -> assertThat(series).contains("supervisor=\"root\""));
    }

    /** The alerting rules' one critical signal is exported: the supervision health, 1 while UP. */
    @Test
    void theSupervisionHealth_isExported_asOneWhileUp() {
        assertThat(scrape().value("genserver_supervision_up")).isEqualTo(1);
    }

    @Test
    void slowHandlers_reportedByTheRuntime_areCounted() {
        Pid pid = runtime.start(new HoldableCounter(), StartOptions.DEFAULTS.withService(service));
        // The runtime's watch calls this while the handler still runs (InstrumentationTest proves that part).
        listener.handlerSlow(pid, new HoldableCounter.Add(), Duration.ofSeconds(2));

        assertThat(scrape().value("genserver_handler_slow_total{service=\"" + service + "\"}")).isEqualTo(1);
    }

    @Test
    void theCounterService_hasItsSeries() {
        client.post().uri("/api/counter/increment").exchange().expectStatus().isOk();
        Prometheus metrics = Prometheus.awaitSeries(this::scrape,
                "genserver_messages_total{kind=\"call\",service=\"counter\"}");
        assertThat(metrics.value("genserver_processes{service=\"counter\"}")).isEqualTo(1);
    }

    private static HoldableCounter.Hold hold(Pid pid) {
        HoldableCounter.Hold hold = HoldableCounter.Hold.newHold();
        pid.cast(hold);
        try {
            assertThat(hold.entered().await(5, TimeUnit.SECONDS)).as("the handler is held").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return hold;
    }
}
