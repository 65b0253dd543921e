package dev.genserver.observability;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Warns at startup about a setting under its old name, which Spring would otherwise ignore without a word. The
 * one renamed so far is the switch for actions on processes: under its old name it leaves them off, the safe way,
 * but an operator who set it deserves to learn why the buttons are missing.
 */
@Component
class RenamedSettings {

    private static final Logger LOG = LoggerFactory.getLogger(RenamedSettings.class);

    /** Old name to new name. */
    static final Map<String, String> RENAMED = Map.of(
            "genserver.observability.allow-process-actions", ObservabilityProperties.ALLOW_KILL);

    RenamedSettings(Environment environment) {
        RENAMED.forEach((old, now) -> {
            if (environment.containsProperty(old)) {
                LOG.warn("{} is ignored: it was renamed to {}", old, now);
            }
        });
    }
}
