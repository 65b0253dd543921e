package dev.genserver.observability;

import dev.genserver.app.PrintedKeys;
import org.springframework.stereotype.Component;

/** The registries whose keys print, as {@code genserver.observability.public-registries} names them. */
@Component
class PublicRegistries implements PrintedKeys {

    private final ObservabilityProperties properties;

    PublicRegistries(ObservabilityProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean of(String registry) {
        return properties.publicRegistries().contains(registry);
    }
}
