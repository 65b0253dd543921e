package dev.genserver.observability;

import dev.genserver.app.ClusterMode;
import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.Registry;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * Warns once every service has made its registries of a name in {@code genserver.observability.public-registries}
 * that none has: a misspelt name leaves the keys it meant to show redacted, without a word. A single instance
 * only: in cluster mode the keyed services' processes live in the cluster's maps, with no registry here.
 */
@Component
@Conditional(ClusterMode.Off.class)
class PublicRegistriesCheck implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(PublicRegistriesCheck.class);

    private final ProcessTree tree;
    private final ObservabilityProperties properties;

    PublicRegistriesCheck(ProcessTree tree, ObservabilityProperties properties) {
        this.tree = tree;
        this.properties = properties;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent ready) {
        Set<String> existing = tree.registries().stream().map(Registry::name).collect(Collectors.toSet());
        unknown(properties.publicRegistries(), existing).forEach(name -> LOG.warn("genserver.observability."
                + "public-registries names '{}', which no service has (the registries: {})", name,
                existing.stream().sorted().toList()));
    }

    /** The names in {@code configured} that are not in {@code existing}, in their order. */
    static List<String> unknown(List<String> configured, Set<String> existing) {
        return configured.stream().filter(name -> !existing.contains(name)).toList();
    }
}
