package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import dev.genserver.testing.ManualTimers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code supervision} contributor on a tree of its own (never the application's: other tests share that one).
 * Restart windows run on manual time, so a restart stays in the window until the test moves time past it.
 */
class SupervisionHealthTest {

    private static final Duration PERIOD = Duration.ofSeconds(5);

    private final ManualTimers timers = new ManualTimers();
    private final ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers));

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    @Test
    void healthyTree_isUp_withCountsForTheRootAndEachSupervisorChild() {
        Supervisor root = root(3, ChildSpec.permanent("worker", Idle::new),
                DynamicSupervisor.childSpec("pool", DynamicSupervisorSpec.withMaxChildren(10),
                        StartOptions.named(Name.local("pool"))));
        DynamicSupervisor pool = DynamicSupervisor.of(runtime.whereis("pool").orElseThrow());
        for (int i = 0; i < 3; i++) {
            pool.startChild(ChildSpec.temporary("member", Idle::new));
        }

        Health health = indicator(root).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(supervisors(health)).containsOnlyKeys("root", "pool");
        assertThat(supervisors(health).get("root")).isEqualTo(Map.of("strategy", "one_for_one", "children", 2,
                "restartsInWindow", 0, "maxRestarts", 3, "period", "PT5S"));
        assertThat(supervisors(health).get("pool")).isEqualTo(Map.of("strategy", "one_for_one", "children", 3,
                "restartsInWindow", 0, "maxRestarts", 3, "period", "PT5S"));
    }

    @Test
    void childCrashingPastTheRootsIntensity_turnsSupervisionDown() {
        Supervisor root = root(1, ChildSpec.permanent("worker", Idle::new));
        SupervisionHealthIndicator indicator = indicator(root);

        runtime.kill(root.child("worker").orElseThrow());
        root.stats(); // a call queued behind the exit signal: the root has restarted the child and published it
        Health afterOneCrash = indicator.health();

        assertThat(afterOneCrash.getStatus()).isEqualTo(Status.UP);
        assertThat(supervisors(afterOneCrash).get("root")).containsEntry("restartsInWindow", 1)
                .containsEntry("maxRestarts", 1);

        runtime.kill(root.child("worker").orElseThrow());
        await().until(() -> !root.pid().isAlive());
        Health afterTwoCrashes = indicator.health();

        assertThat(afterTwoCrashes.getStatus()).isEqualTo(Status.DOWN);
        assertThat(afterTwoCrashes.getDetails()).containsKey("root");
        assertThat(root.pid().isAlive()).as("the root gave up").isFalse();
    }

    /** {@code genserver_supervision_up} says what the health says: 1 while UP, 0 once the root gave up. */
    @Test
    void theSupervisionUpGauge_turnsToZero_whenTheRootGivesUp() {
        Supervisor root = root(0, ChildSpec.permanent("worker", Idle::new));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        indicator(root).bindTo(registry);
        assertThat(registry.get("genserver.supervision.up").gauge().value()).isEqualTo(1.0);

        runtime.kill(root.child("worker").orElseThrow());
        await().until(() -> !root.pid().isAlive());

        assertThat(registry.get("genserver.supervision.up").gauge().value()).isEqualTo(0.0);
    }

    /** Shutting down is not UP either (the health is OUT_OF_SERVICE then), though the root has given nothing up. */
    @Test
    void theSupervisionUpGauge_isZero_onceTheRuntimeCloses() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        indicator(root(3, ChildSpec.permanent("worker", Idle::new))).bindTo(registry);

        runtime.close();

        assertThat(registry.get("genserver.supervision.up").gauge().value()).isEqualTo(0.0);
    }

    @Test
    void restartsLeaveTheWindow_whenThePeriodHasPassed() {
        Supervisor root = root(1, ChildSpec.permanent("worker", Idle::new));
        SupervisionHealthIndicator indicator = indicator(root);
        runtime.kill(root.child("worker").orElseThrow());
        root.stats(); // handled after the exit: the restart is published
        assertThat(supervisors(indicator.health()).get("root")).containsEntry("restartsInWindow", 1);

        timers.advance(PERIOD.plusMillis(1));
        runtime.kill(root.child("worker").orElseThrow());
        root.stats();
        Health health = indicator.health();

        assertThat(health.getStatus()).as("the first crash is out of the window").isEqualTo(Status.UP);
        assertThat(supervisors(health).get("root")).containsEntry("restartsInWindow", 1);
    }

    @Test
    void childSupervisorGivingUp_isRestartedByTheRoot_andSupervisionStaysUp() {
        Supervisor root = root(3, DynamicSupervisor.childSpec("pool", new DynamicSupervisorSpec(10, 0, PERIOD),
                StartOptions.named(Name.local("pool"))));
        DynamicSupervisor pool = DynamicSupervisor.of(runtime.whereis("pool").orElseThrow());
        SupervisionHealthIndicator indicator = indicator(root);
        assertThat(supervisors(indicator.health())).containsOnlyKeys("root", "pool");

        runtime.kill(pool.startChild(ChildSpec.permanent("member", Idle::new)));

        await().atMost(5, TimeUnit.SECONDS).untilAsserted(() ->
                assertThat(supervisors(indicator.health()).get("root")).containsEntry("restartsInWindow", 1));
        Health health = indicator.health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(supervisors(health).get("pool")).as("a fresh pool").containsEntry("children", 0);
        assertThat(runtime.whereis("pool")).isPresent().get().isNotEqualTo(pool.pid());
    }

    @Test
    void rootBusyInAHandler_isStillAnsweredAtOnce_fromWhatItPublished() throws InterruptedException {
        Supervisor root = root(3);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread starter = Thread.ofVirtual().start(() ->
                root.startChild(ChildSpec.permanent("slow", () -> new Idle(started, release))));
        try {
            assertThat(started.await(5, TimeUnit.SECONDS)).as("the root is starting the child").isTrue();

            Health health = indicator(root).health(); // a queued status call would wait until release

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(supervisors(health).get("root")).containsEntry("restartsInWindow", 0);
        } finally {
            release.countDown();
            starter.join();
        }
        assertThat(indicator(root).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void nestedSupervisors_areDetailedBelowTheRootsChildren() {
        Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withChild(Supervisor.childSpec("middle", SupervisorSpec.of(Strategy.ONE_FOR_ALL)
                        .withChild(Supervisor.childSpec("inner", SupervisorSpec.of(Strategy.REST_FOR_ONE),
                                StartOptions.named(Name.local("inner")))),
                        StartOptions.named(Name.local("middle")))),
                StartOptions.named(Name.local("root")));

        Map<String, Map<String, Object>> supervisors = supervisors(indicator(root).health());

        assertThat(supervisors).containsOnlyKeys("root", "middle", "inner");
        assertThat(supervisors.get("middle")).containsEntry("strategy", "one_for_all").containsEntry("children", 1);
        assertThat(supervisors.get("inner")).containsEntry("strategy", "rest_for_one");
    }

    /** A suspended supervisor restarts nothing until resumed: the operator sees it, and the probe stays UP. */
    @Test
    void aSuspendedSupervisor_isShownSuspended_andStaysUp() {
        Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withChild(Supervisor.childSpec("middle", SupervisorSpec.of(Strategy.ONE_FOR_ALL),
                        StartOptions.named(Name.local("middle")))),
                StartOptions.named(Name.local("root")));
        runtime.suspend(runtime.whereis("middle").orElseThrow(), Duration.ofSeconds(5));

        Health health = indicator(root).health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(supervisors(health).get("middle")).containsEntry("state", "suspended");
        assertThat(supervisors(health).get("root")).doesNotContainKey("state");
    }

    @Test
    void runtimeShuttingDown_isOutOfService() {
        Supervisor root = root(3);
        SupervisionHealthIndicator indicator = indicator(root);

        runtime.close();

        assertThat(indicator.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    private Supervisor root(int maxRestarts, ChildSpec... children) {
        SupervisorSpec spec = SupervisorSpec.of(Strategy.ONE_FOR_ONE).withIntensity(maxRestarts, PERIOD);
        for (ChildSpec child : children) {
            spec = spec.withChild(child);
        }
        return Supervisor.start(runtime, spec, StartOptions.named(Name.local("root")).withService("root"));
    }

    private SupervisionHealthIndicator indicator(Supervisor root) {
        return new SupervisionHealthIndicator(runtime, root);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> supervisors(Health health) {
        return (Map<String, Map<String, Object>>) health.getDetails().get("supervisors");
    }
}
