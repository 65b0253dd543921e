package dev.genserver.app;

import dev.genserver.runtime.Name;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeListener;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import dev.genserver.runtime.TimerService;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The runtime and the root of the supervision tree. Services add their long-lived processes as children of the
 * root ({@link ProcessTree#startChild}); processes made for one client go under a service's dynamic supervisor,
 * itself a child of the root.
 */
@Configuration(proxyBeanMethods = false)
class RuntimeConfiguration {

    /** The name of the root supervisor in the runtime's registry. */
    static final Name ROOT = Name.local("root");

    /** Wall-clock time for services (session timestamps, TTLs); tests replace it with a controllable one. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Stopped by {@link ProcessTree}'s lifecycle, after the web server has drained, not by bean destruction. Its
     * timers ({@code Process.send_after}, idle timeouts) and the clock its bounded waits count on (call timeouts,
     * shutdowns) are the runtime's own unless a {@link TimerService} bean replaces them, as tests do to move time
     * by hand.
     */
    @Bean(destroyMethod = "")
    ProcessRuntime processRuntime(RuntimeProperties properties, ObjectProvider<RuntimeListener> listener,
            ObjectProvider<TimerService> timers) {
        RuntimeOptions options = RuntimeOptions.defaults()
                .withDefaultCallTimeout(properties.callTimeout())
                .withMailboxCapacity(properties.mailboxCapacity())
                .withShutdownTimeout(properties.shutdownTimeout())
                .withThroughput(properties.throughput())
                .withSlowHandlerThreshold(properties.slowHandlerThreshold())
                .withListener(listener.getIfAvailable(() -> RuntimeListener.NONE));
        return ProcessRuntime.create(options.withTimers(timers.getIfAvailable(options::timers)));
    }

    /** A bean so that Spring's scheduler lets go of the expired ones ({@link TimedOutCalls#forgetExpired}). */
    @Bean
    TimedOutCalls timedOutCalls(Clock clock) {
        return new TimedOutCalls(clock);
    }

    /**
     * Registries' keys print, in the runtime's logs and messages too, only where the processes endpoint shows them
     * ({@link PrintedKeys}): a stack's or store's id is the capability to use it.
     */
    @Bean
    ProcessTree processTree(ProcessRuntime runtime, RuntimeProperties properties, TimedOutCalls timedOut,
            PrintedKeys printed) {
        Supervisor root = Supervisor.start(runtime,
                SupervisorSpec.of(Strategy.ONE_FOR_ONE).withIntensity(properties.maxRestarts(),
                        properties.restartPeriod()),
                StartOptions.named(ROOT).withService("root"));
        return new ProcessTree(runtime, root, timedOut, printed::of);
    }
}
