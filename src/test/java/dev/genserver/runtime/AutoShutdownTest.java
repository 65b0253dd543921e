package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Significant children and a supervisor's automatic shutdown, our side of them: the specs that carry and check them,
 * the refusals a caller gets, and how an automatic shutdown composes with the supervisor above. What OTP does with
 * them is compared line for line in {@link AutoShutdownConformanceTest}.
 */
class AutoShutdownTest {

    private final ManualTimers timers = new ManualTimers();
    private final Fixtures.Exits exits = new Fixtures.Exits();
    private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

    private ChildSpec transientChild(String id) {
        return ChildSpec.transientChild(id, () -> new Probe(id, events));
    }

    private ChildSpec significant(String id) {
        return transientChild(id).withSignificant(true);
    }

    @Test
    void aChildSpec_isNotSignificantUnlessMadeSo_andEveryWither_keepsIt() {
        ChildSpec plain = transientChild("a");
        ChildSpec made = plain.withSignificant(true);

        assertThat(plain.significant()).isFalse();
        assertThat(new ChildSpec("b", Probe::new, StartOptions.DEFAULTS, RestartType.TEMPORARY,
                Shutdown.brutalKill(), ChildType.WORKER).significant()).isFalse();
        assertThat(made).isEqualTo(new ChildSpec("a", plain.factory(), plain.options(), RestartType.TRANSIENT,
                plain.shutdown(), ChildType.WORKER, true));
        assertThat(List.of(made.withRestart(RestartType.TEMPORARY), made.withShutdown(Duration.ofSeconds(1)),
                made.withShutdown(Shutdown.infinity()), made.withOptions(StartOptions.DEFAULTS.withService("s"))))
                .allMatch(ChildSpec::significant);
        assertThat(made.withSignificant(false)).isEqualTo(plain);
    }

    @Test
    void aSupervisorSpec_withoutAutoShutdown_refusesASignificantChild_inEitherOrder() {
        SupervisorSpec never = SupervisorSpec.of(Strategy.ONE_FOR_ONE);
        SupervisorSpec any = never.withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT).withChild(significant("s"));

        assertThat(never.autoShutdown()).isEqualTo(AutoShutdown.NEVER);
        assertThat(new SupervisorSpec(Strategy.ONE_FOR_ONE, 3, Duration.ofSeconds(5), List.of()).autoShutdown())
                .isEqualTo(AutoShutdown.NEVER);
        assertThatThrownBy(() -> never.withChild(significant("s")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("child s is significant, which a supervisor whose autoShutdown is NEVER refuses"
                        + " ({:bad_combination, [auto_shutdown: :never, significant: true]})");
        assertThatThrownBy(() -> any.withAutoShutdown(AutoShutdown.NEVER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("child s is significant");
        assertThat(any.withIntensity(1, Duration.ofSeconds(1)).withChild(transientChild("t")).autoShutdown())
                .isEqualTo(AutoShutdown.ANY_SIGNIFICANT);
    }

    @Test
    void aSupervisorSpec_refusesAPermanentSignificantChild_butTakesATransientOrTemporaryOne() {
        SupervisorSpec all = SupervisorSpec.of(Strategy.ONE_FOR_ALL).withAutoShutdown(AutoShutdown.ALL_SIGNIFICANT);

        assertThatThrownBy(() -> all.withChild(significant("p").withRestart(RestartType.PERMANENT)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("child p is permanent and significant: a permanent child is always restarted, so it may"
                        + " not be significant ({:bad_combination, [restart: :permanent, significant: true]})");
        assertThat(all.withChild(significant("t")).withChild(significant("u").withRestart(RestartType.TEMPORARY))
                .children()).extracting(ChildSpec::id).containsExactly("t", "u");
    }

    @Test
    void autoShutdown_endsTheSupervisorOnlyAfterASignificantChildsExit_allSignificantOnceNoneRuns() {
        ChildSpec significant = significant("s");
        ChildSpec plain = transientChild("p");

        assertThat(AutoShutdown.NEVER.shutsDownAfter(significant, false)).isFalse();
        assertThat(AutoShutdown.ANY_SIGNIFICANT.shutsDownAfter(significant, true)).isTrue();
        assertThat(AutoShutdown.ANY_SIGNIFICANT.shutsDownAfter(plain, false)).isFalse();
        assertThat(AutoShutdown.ALL_SIGNIFICANT.shutsDownAfter(significant, true)).isFalse();
        assertThat(AutoShutdown.ALL_SIGNIFICANT.shutsDownAfter(significant, false)).isTrue();
        assertThat(AutoShutdown.ALL_SIGNIFICANT.shutsDownAfter(plain, false)).isFalse();
    }

    /**
     * supervisor.erl's {@code handle_call({start_child, ...})} checks the spec before it looks for the id: a refused
     * spec with the id of a running child is refused as a spec, not answered {@code already_started}.
     */
    @Test
    void startChild_ofARefusedSpec_throwsBeforeLookingAtItsId_andStartsNothing() {
        AtomicInteger made = new AtomicInteger();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            Supervisor supervisor = Supervisor.start(runtime,
                    SupervisorSpec.of(Strategy.ONE_FOR_ONE).withChild(transientChild("a")), StartOptions.DEFAULTS);
            ChildSpec refused = ChildSpec.transientChild("a", () -> {
                made.incrementAndGet();
                return new Probe("a", events);
            }).withSignificant(true);

            assertThatThrownBy(() -> supervisor.startChild(refused))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("{:bad_combination, [auto_shutdown: :never, significant: true]}");
            assertThatThrownBy(() -> supervisor.startChild(significant("b")))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(made).hasValue(0);
            assertThat(supervisor.countChildren()).isEqualTo(new ChildCounts(1, 1, 0, 1));
        }
    }

    @Test
    void aDynamicSupervisor_refusesASignificantChild_withoutStartingIt() {
        AtomicInteger made = new AtomicInteger();
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            DynamicSupervisor supervisor = DynamicSupervisor.start(runtime,
                    DynamicSupervisorSpec.withMaxChildren(10), StartOptions.DEFAULTS);
            ChildSpec significant = ChildSpec.temporary("t", () -> {
                made.incrementAndGet();
                return new Probe("t", events);
            }).withSignificant(true);

            assertThatThrownBy(() -> supervisor.startChild(significant))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("child t is significant, which a dynamic supervisor refuses: it has no automatic"
                            + " shutdown ({:invalid_significant, true})");

            assertThat(made).hasValue(0);
            assertThat(supervisor.countChildren().specs()).isZero();
        }
    }

    /**
     * A permanent supervisor child that shuts itself down is restarted like any permanent child that exits, and
     * its significant child with it: the automatic shutdown is an exit with {@code shutdown}, nothing more.
     */
    @Test
    void aPermanentNestedSupervisorThatShutsItselfDown_isRestartedByTheOneAbove_withItsChildren() {
        try (ProcessRuntime runtime = runtime(timers, exits)) {
            SupervisorSpec inner = SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT).withChild(significant("w"));
            Supervisor outer = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                    .withChild(Supervisor.childSpec("inner", inner, StartOptions.DEFAULTS)), StartOptions.DEFAULTS);
            Supervisor first = Supervisor.of(outer.child("inner").orElseThrow());
            Pid w = first.child("w").orElseThrow();

            w.call(new Probe.StopWith(ExitReason.NORMAL));

            assertThat(exits.await(w)).isEqualTo(ExitReason.NORMAL);
            assertThat(exits.await(first.pid())).isEqualTo(ExitReason.SHUTDOWN);
            Supervisor second = Supervisor.of(outer.child("inner").orElseThrow());
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(second.child("w")).isPresent().get().isNotEqualTo(w);
            assertThat(outer.stats().restartsInWindow()).isEqualTo(1);
        }
    }
}
