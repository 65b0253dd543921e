package dev.genserver.keyed;

import dev.genserver.app.ClusterMode;
import dev.genserver.app.ProcessTree;
import dev.genserver.app.Singleton;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.StartOptions;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Every process in this JVM, in the application's supervision tree: a keyed service is a dynamic supervisor under
 * the root plus a registry; a singleton is a permanent child of the root named after its service. The default;
 * cluster mode ({@code genserver.cluster.enabled}) puts its own directory in its place.
 */
@Component
@Conditional(ClusterMode.Off.class)
public class LocalProcessDirectory implements ProcessDirectory {

    private final ProcessTree tree;

    public LocalProcessDirectory(ProcessTree tree) {
        this.tree = tree;
    }

    @Override
    public KeyedProcesses keyed(String supervisor, String registry, String service, int maxCount,
            @Nullable Duration idleTimeout, Supplier<? extends GenServer<?>> module) {
        return new RegisteredProcesses(tree.startDynamicSupervisor(supervisor,
                DynamicSupervisorSpec.withMaxChildren(maxCount)), tree.registry(registry), service, module,
                tree.timedOutCalls());
    }

    @Override
    public Singleton singleton(String service, @Nullable Duration shutdown, Supplier<? extends GenServer<?>> module) {
        Name name = Name.local(service);
        ChildSpec spec = ChildSpec.permanent(service, module)
                .withOptions(StartOptions.named(name).withService(service));
        tree.startChild(shutdown == null ? spec : spec.withShutdown(shutdown));
        return tree.singleton(name);
    }
}
