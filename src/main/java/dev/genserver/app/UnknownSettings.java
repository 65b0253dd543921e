package dev.genserver.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Warns at startup about a {@code genserver.*} setting the service does not have, which Spring would otherwise
 * ignore without a word: a misspelt one ({@code genserver.stack.max-count} for {@code genserver.stacks.max-count})
 * leaves its default in force while the operator believes it set. The settings the service has are the ones its
 * build lists in {@code META-INF/spring-configuration-metadata.json}; a key below a list or map setting
 * ({@code genserver.cluster.members[0]}) is that setting's. One setting was renamed, the switch for actions on
 * processes: under its old name it is named with its new one. Only names are logged, never values.
 */
@Component
class UnknownSettings {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownSettings.class);
    private static final ConfigurationPropertyName OURS = ConfigurationPropertyName.of("genserver");

    /** Old name to new name. */
    static final Map<String, String> RENAMED = Map.of(
            "genserver.observability.allow-process-actions", "genserver.observability.allow-kill");

    @Autowired
    UnknownSettings(ConfigurableEnvironment environment) {
        this(environment, known());
    }

    /** Warns of what {@code environment} sets that no setting in {@code known} is or holds. */
    UnknownSettings(ConfigurableEnvironment environment, List<Setting> known) {
        TreeSet<String> unknown = new TreeSet<>();
        TreeSet<String> empty = new TreeSet<>();
        TreeSet<String> clusterOnly = new TreeSet<>();
        boolean cluster = ClusterMode.isOn(environment);
        for (var source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> names) {
                boolean variables = source instanceof SystemEnvironmentPropertySource;
                for (String name : names.getPropertyNames()) {
                    if (variables ? isUnknownVariable(name, known) : isUnknown(name, known)) {
                        unknown.add(name);
                    } else if (isOurs(name, variables)) {
                        if (String.valueOf(names.getProperty(name)).isBlank()) {
                            empty.add(name);
                        }
                        if (!cluster && isClusterSetting(name)) {
                            clusterOnly.add(name);
                        }
                    }
                }
            }
        }
        // Spring binds an empty value of a duration, size or decimal setting as if it were not set
        empty.forEach(name -> LOG.warn("{} is set empty, which leaves its default in force", name));
        clusterOnly.forEach(name -> LOG.warn("{} has no effect while cluster mode is off ({} is not true)", name,
                ClusterMode.PROPERTY));
        unknown.forEach(name -> {
            String now = RENAMED.get(name);
            if (now != null) {
                LOG.warn("{} is ignored: it was renamed to {}", name, now);
            } else {
                LOG.warn("{} is ignored: the service has no such setting (the settings are in the README)", name);
            }
        });
    }

    private static boolean isOurs(String name, boolean variable) {
        return variable ? flat(name).startsWith("genserver")
                : OURS.isAncestorOf(ConfigurationPropertyName.adapt(name, '.'));
    }

    /** A {@code genserver.cluster.*} setting other than the switch itself. */
    private static boolean isClusterSetting(String name) { // either form: flat() reads both
        String flat = flat(name);
        return flat.startsWith("genservercluster") && !flat.equals(flat(ClusterMode.PROPERTY));
    }

    /** A {@code genserver.*} name no setting is or holds, in any form Spring reads ({@code maxCount}, ...). */
    private static boolean isUnknown(String name, List<Setting> settings) {
        ConfigurationPropertyName given = ConfigurationPropertyName.adapt(name, '.'); // as Spring reads it: any case
        if (given.isEmpty() || !OURS.isAncestorOf(given)) {
            return false;
        }
        return settings.stream().noneMatch(setting -> setting.name().equals(given)
                || setting.holdsEntries() && setting.name().isAncestorOf(given));
    }

    /**
     * An environment variable {@code GENSERVER_…} that no setting is or holds. Spring reads one by dropping its
     * underscores, dots and dashes, so the comparison does the same; only a list's name is the start of its
     * entries' ({@code GENSERVER_CLUSTER_MEMBERS_0}), so {@code GENSERVER_JOBS_WORKERSX} is no setting.
     */
    private static boolean isUnknownVariable(String name, List<Setting> settings) {
        String given = flat(name);
        return given.startsWith("genserver") && settings.stream().noneMatch(setting -> given.equals(setting.flat())
                || setting.holdsEntries() && given.startsWith(setting.flat())
                && (setting.keyed() || given.substring(setting.flat().length()).chars().allMatch(Character::isDigit)));
    }

    private static String flat(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /**
     * A setting of the service; {@code holdsEntries} for a list or map, the only kind with keys below its own name
     * ({@code genserver.cluster.members[0]}): below any other ({@code genserver.jobs.workers.count}) is no setting.
     * A list's entries are numbered ({@code GENSERVER_CLUSTER_MEMBERS_0}, not {@code …_MEMBERSX}); a map's
     * ({@code keyed}) may be named anything.
     */
    record Setting(ConfigurationPropertyName name, String flat, boolean holdsEntries, boolean keyed) {
        Setting(String name, String type) {
            this(ConfigurationPropertyName.of(name), UnknownSettings.flat(name), type.startsWith("java.util.List")
                    || type.startsWith("java.util.Set") || type.startsWith("java.util.Map") || type.endsWith("[]"),
                    type.startsWith("java.util.Map"));
        }
    }

    /** The service's settings, as its build lists them. */
    static List<Setting> known() {
        try (InputStream metadata = Objects.requireNonNull(UnknownSettings.class.getClassLoader()
                .getResourceAsStream("META-INF/spring-configuration-metadata.json"), "the settings' metadata")) {
            JsonNode properties = JsonMapper.shared().readTree(metadata).path("properties");
            return properties.values().stream().filter(property -> property.path("name").asString()
                    .startsWith("genserver.")).map(property -> new Setting(property.path("name").asString(),
                    property.path("type").asString())).toList();
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }
}
