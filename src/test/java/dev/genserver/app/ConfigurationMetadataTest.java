package dev.genserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The configuration processor's {@code META-INF/spring-configuration-metadata.json}, which IDEs complete and
 * explain {@code genserver.*} properties from: every property of the service is there, with its description.
 */
class ConfigurationMetadataTest {

    @Test
    void everyGenserverProperty_isDescribed() throws IOException {
        JsonNode metadata;
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            metadata = JsonMapper.builder().build().readTree(in);
        }
        List<String> names = new ArrayList<>();
        List<String> undescribed = new ArrayList<>();
        for (JsonNode property : metadata.get("properties")) {
            String name = property.get("name").asString();
            if (name.startsWith("genserver.")) {
                names.add(name);
                if (!property.hasNonNull("description") || property.get("description").asString().isBlank()) {
                    undescribed.add(name);
                }
            }
        }

        assertThat(names).contains("genserver.runtime.call-timeout", "genserver.cluster.enabled",
                "genserver.idempotency.max-bytes", "genserver.sessions.cleanup-interval",
                "genserver.web.max-body-size");
        assertThat(undescribed).isEmpty();
    }
}
