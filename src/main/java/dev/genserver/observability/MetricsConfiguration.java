package dev.genserver.observability;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.ProcessRuntime;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connects the runtime to Micrometer: the listener the runtime is created with, exported at /actuator/prometheus. */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    /**
     * The runtime is created with this listener, so the listener cannot take the runtime in its constructor;
     * the snapshots look it up on the first scrape instead.
     */
    @Bean
    RuntimeMetrics runtimeMetrics(MeterRegistry registry, ObjectProvider<ProcessRuntime> runtime) {
        return new RuntimeMetrics(registry, runtime::getObject);
    }

    /**
     * Once every service has started its supervisors: their restart counters, at 0 (see the method), and the
     * meters of the services whose processes start on demand.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> countersAtZero(RuntimeMetrics metrics, ProcessTree tree) {
        return ready -> {
            metrics.countRestartsOf(tree.runtime(), tree.root().pid());
            tree.onDemandServices().forEach(metrics::declareService);
        };
    }
}
