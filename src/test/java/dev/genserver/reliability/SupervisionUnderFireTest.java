package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.RuntimeProperties;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import dev.genserver.testing.JulRecords;
import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.Successors;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The application's root supervision, with its configured intensity ({@code genserver.runtime.max-restarts}
 * within {@code restart-period}, 3 in 5 s): a permanent child killed again and again is restarted each time,
 * fresh and under its name, while its siblings keep their state; one kill more within the period and the
 * supervisor gives up, stopping the rest, as OTP's does. Time is manual, so the window is exact.
 */
class SupervisionUnderFireTest {

    private static final RuntimeProperties SETTINGS = new Binder(new MapConfigurationPropertySource(Map.of()))
            .bindOrCreate("genserver.runtime", RuntimeProperties.class);

    private final ManualTimers timers = new ManualTimers();
    private final Exits exits = new Exits();
    private final ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
            .withListener(exits));
    private final Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withIntensity(SETTINGS.maxRestarts(), SETTINGS.restartPeriod())
                    .withChild(ChildSpec.permanent("victim", Tally::new)
                            .withOptions(StartOptions.named(Name.local("victim"))))
                    .withChild(ChildSpec.permanent("sibling", Tally::new)
                            .withOptions(StartOptions.named(Name.local("sibling")))),
            StartOptions.named(Name.local("root")));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void permanentChildKilledUpToTheIntensity_isRestartedEachTime_freshAndUnderItsName() {
        Pid sibling = runtime.whereis("sibling").orElseThrow();
        sibling.call(new Tally.Add());

        for (int kill = 1; kill <= SETTINGS.maxRestarts(); kill++) {
            Pid victim = runtime.whereis("victim").orElseThrow();
            victim.call(new Tally.Add());
            runtime.kill(victim);

            assertThat(exits.await(victim)).isEqualTo(ExitReason.KILLED);
            Pid restarted = Successors.of(runtime, "victim", victim);
            assertThat(restarted.call(new Tally.Add())).as("a restart starts from the initial state").isOne();
            assertThat(root.stats().restartsInWindow()).isEqualTo(kill);
        }
        assertThat(runtime.whereis("sibling")).contains(sibling);
        assertThat(sibling.call(new Tally.Add())).as("the sibling kept its state").isEqualTo(2);
        assertThat(root.pid().isAlive()).isTrue();
    }

    @Test
    void oneKillMoreWithinThePeriod_makesTheSupervisorGiveUp_stoppingItsOtherChildren() {
        for (int kill = 1; kill <= SETTINGS.maxRestarts(); kill++) {
            Pid victim = runtime.whereis("victim").orElseThrow();
            runtime.kill(victim);
            Successors.of(runtime, "victim", victim);
        }

        Pid sibling = runtime.whereis("sibling").orElseThrow();
        try (JulRecords log = JulRecords.of("dev.genserver.runtime.SupervisorServer")) {
            runtime.kill(runtime.whereis("victim").orElseThrow());

            assertThat(exits.await(root.pid())).isEqualTo(ExitReason.SHUTDOWN);
            assertThat(log.messages(Level.SEVERE)).as("said once, as OTP's supervisor reports it")
                    .singleElement().asString().contains("reached_max_restart_intensity");
        }
        assertThat(runtime.whereis("victim")).isEmpty();
        assertThat(runtime.whereis("sibling")).isEmpty();
        assertThat(exits.await(sibling)).as("shut down by the supervisor").isEqualTo(ExitReason.SHUTDOWN);
    }

    @Test
    void killsFurtherApartThanThePeriod_neverMakeItGiveUp() {
        for (int kill = 1; kill <= 3 * SETTINGS.maxRestarts(); kill++) {
            Pid victim = runtime.whereis("victim").orElseThrow();
            runtime.kill(victim);
            Successors.of(runtime, "victim", victim);
            timers.advance(SETTINGS.restartPeriod().plusMillis(1));
        }

        assertThat(root.pid().isAlive()).isTrue();
        assertThat(root.stats().restartsInWindow()).isZero();
    }

    @Test
    void crashInOneProcess_failsItsCallerAtOnce_andLeavesEveryOtherProcessAsItWas() {
        Pid sibling = runtime.whereis("sibling").orElseThrow();
        sibling.call(new Tally.Add());
        Pid victim = runtime.whereis("victim").orElseThrow();

        assertThatThrownBy(() -> victim.call(new Tally.Crash(), Duration.ofHours(1)))
                .as("the exit, not a timeout: the caller hears of the crash when it happens")
                .isInstanceOf(ProcessExitException.class);
        assertThat(sibling.call(new Tally.Add())).isEqualTo(2);
        assertThat(Successors.of(runtime, "victim", victim).call(new Tally.Add())).isOne();
    }
}
