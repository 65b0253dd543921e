package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.ProcessTrees;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A service none of whose processes runs at start-up (the job queue's workers) has its series from start-up, at
 * zero: one that appeared with its first exits would hide them from Prometheus' {@code increase()}.
 */
class OnDemandServiceMetricsTest {

    @Test
    void aServiceDeclaredOnDemand_hasItsExitSeriesAtZero_onceTheApplicationIsReady_beforeItsFirstProcess() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicReference<ProcessRuntime> started = new AtomicReference<>();
        RuntimeMetrics metrics = new RuntimeMetrics(registry, started::get);
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withListener(metrics))) {
            started.set(runtime);
            ProcessTree tree = ProcessTrees.in(runtime);
            tree.declareOnDemandService("workers");

            new MetricsConfiguration().countersAtZero(metrics, tree).onApplicationEvent(null);

            assertThat(registry.find("genserver.process.exits").tag("service", "workers").counters())
                    .extracting(counter -> counter.getId().getTag("reason"))
                    .containsExactlyInAnyOrder("normal", "shutdown", "crash", "kill");
            assertThat(registry.find("genserver.process.exits").tag("service", "workers").counters())
                    .extracting(Counter::count).containsOnly(0.0);
            assertThat(registry.find("genserver.processes").tag("service", "workers").gauge().value()).isZero();
        }
    }
}
