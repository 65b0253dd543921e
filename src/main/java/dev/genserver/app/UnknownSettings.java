package dev.genserver.app;

import static org.springframework.core.env.StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
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
 * processes: under its old name it is named with its new one. A variable's name given as an argument or property
 * ({@code --GENSERVER_STACKS_MAX_COUNT=0}), which Spring reads only from the environment, is named with the
 * setting's own; the variables Kubernetes makes for a service named like the service are not settings, and pass
 * unnamed. Only names are logged, never values.
 */
@Component
class UnknownSettings {

    private static final Logger LOG = LoggerFactory.getLogger(UnknownSettings.class);
    private static final ConfigurationPropertyName OURS = ConfigurationPropertyName.of("genserver");
    private static final Pattern CANONICAL_INDEX = Pattern.compile("0|[1-9][0-9]{0,8}");
    /** An environment variable's form of a setting, which a command-line argument or a property file cannot use. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("GENSERVER_[A-Z0-9_]+");
    /**
     * The variables Kubernetes gives every pod for each service in its namespace, after the service's
     * {@code <SERVICE>_SERVICE_HOST} ({@code <SERVICE>_PORT_8080_TCP_ADDR}, …): a service named
     * {@code genserver-boot} made them look like settings.
     */
    private static final Pattern SERVICE_LINK = Pattern.compile(
            "(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_[0-9]+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)");

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
        TreeMap<String, String> variableNames = new TreeMap<>(); // given as arguments or properties: how to write them
        boolean cluster = ClusterMode.isOn(environment);
        for (var source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> names) {
                boolean variables = source instanceof SystemEnvironmentPropertySource;
                List<String> services = variables ? services(names.getPropertyNames()) : List.of();
                for (String name : names.getPropertyNames()) {
                    if (!variables && VARIABLE_NAME.matcher(name).matches()) {
                        Setting meant = variableSetting(name, known);
                        variableNames.put(name, meant == null ? "" : "; write it as " + meant.name());
                        continue;
                    }
                    if (!isOurs(name, variables)) {
                        if (!variables && isUndotted(name)) {
                            unknown.add(name); // genserver_jobs_workers: no setting Spring would bind it to
                        }
                        continue;
                    }
                    Setting setting = variables ? variableSetting(name, known) : propertySetting(name, known);
                    if (setting == null) {
                        if (!isServiceLink(name, services)) {
                            unknown.add(name);
                        }
                        continue;
                    }
                    if (setting.keepsItsDefaultWhenEmpty() && String.valueOf(names.getProperty(name)).isBlank()) {
                        empty.add(name);
                    }
                    if (!cluster && isClusterSetting(name)) {
                        clusterOnly.add(name);
                    }
                }
            }
        }
        variableNames.forEach((name, instead) -> LOG.warn("{} is ignored: it is an environment variable's name, "
                + "which Spring reads only from the environment{}", name, instead));
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

    /** The prefixes ({@code GENSERVER_BOOT_}) of the services whose {@code <SERVICE>_SERVICE_HOST} is set. */
    private static List<String> services(String[] environment) {
        return Arrays.stream(environment).filter(variable -> variable.endsWith("_SERVICE_HOST"))
                .map(variable -> variable.substring(0, variable.length() - "SERVICE_HOST".length())).toList();
    }

    /**
     * Whether {@code name} is one of the variables Kubernetes makes for one of {@code services}: only beside that
     * service's {@code <SERVICE>_SERVICE_HOST}, so that {@code GENSERVER_CLUSTR_PORT} is still a misspelt setting.
     */
    private static boolean isServiceLink(String name, List<String> services) {
        return services.stream().anyMatch(service -> name.startsWith(service)
                && SERVICE_LINK.matcher(name.substring(service.length())).matches());
    }

    /** A name beginning with the service's prefix but not a dotted one: {@code genserver_jobs_workers}. */
    private static boolean isUndotted(String name) {
        return !name.contains(".") && flat(name).startsWith("genserver") && flat(name).length() > "genserver".length();
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

    /** The setting a {@code genserver.*} name is or holds, in any form Spring reads ({@code maxCount}); or null. */
    private static Setting propertySetting(String name, List<Setting> settings) {
        ConfigurationPropertyName given = ConfigurationPropertyName.adapt(name, '.'); // as Spring reads it: any case
        return settings.stream().filter(setting -> setting.name().equals(given) || setting.holds(given))
                .findFirst().orElse(null);
    }

    /**
     * The setting an environment variable {@code GENSERVER_…} is or holds, or null: asked of Spring's own reading of
     * the variable, which takes {@code GENSERVER_KV_MAX_COUNT} and {@code GENSERVER_KV_MAXCOUNT} for
     * {@code genserver.kv.max-count} but not {@code GENSERVER_KVMAX_COUNT} (a comparison without the underscores
     * took that for the setting, and said nothing of a variable Spring ignores). A list's entry is asked for as
     * Spring's binder asks for it, by its index ({@code GENSERVER_WEB_TRUSTED_ORIGINS_0} is
     * {@code genserver.web.trusted-origins[0]}); below a list, nothing else is an entry, nor anything below a number
     * ({@code GENSERVER_JOBS_WORKERS_COUNT}).
     */
    private static Setting variableSetting(String name, List<Setting> settings) {
        var variable = (IterableConfigurationPropertySource) ConfigurationPropertySource.from(
                new SystemEnvironmentPropertySource(SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(name, "")));
        String index = variable.stream().map(read -> read.getLastElement(ConfigurationPropertyName.Form.UNIFORM))
                .filter(UnknownSettings::isIndex).findFirst().orElse(null); // its last part, as Spring reads it
        return settings.stream().filter(setting -> variable.getConfigurationProperty(setting.name()) != null
                || setting.keyed() && variable.stream().anyMatch(setting.name()::isAncestorOf)
                || setting.holdsEntries() && !setting.keyed() && index != null
                        && variable.getConfigurationProperty(setting.name().append("[" + index + "]")) != null)
                .findFirst().orElse(null);
    }

    /** A list's index as Spring's binder asks for one: {@code 0}, {@code 12}, not {@code 00} or {@code 012}. */
    private static boolean isIndex(String element) {
        return CANONICAL_INDEX.matcher(element).matches();
    }

    private static String flat(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /**
     * A setting of the service; {@code holdsEntries} for a list or map, the only kind with keys below its own name:
     * a list's numbered ({@code genserver.cluster.members[0]}), a map's ({@code keyed}) named anything; below any
     * other ({@code genserver.jobs.workers.count}) is no setting. {@code keepsItsDefaultWhenEmpty} for a duration,
     * size or {@code BigDecimal}, which Spring binds from an empty value as if it were not set (an empty number or
     * boolean fails the start, which says so itself; an empty text or list is bound empty).
     */
    record Setting(ConfigurationPropertyName name, boolean holdsEntries, boolean keyed,
                   boolean keepsItsDefaultWhenEmpty) {
        Setting(String name, String type) {
            this(ConfigurationPropertyName.of(name), type.startsWith("java.util.List")
                    || type.startsWith("java.util.Set") || type.startsWith("java.util.Map") || type.endsWith("[]"),
                    type.startsWith("java.util.Map"),
                    List.of("java.time.Duration", "org.springframework.util.unit.DataSize", "java.math.BigDecimal")
                            .contains(type));
        }

        /** Whether {@code given} is an entry of this setting: any key below a map, a number just below a list. */
        boolean holds(ConfigurationPropertyName given) {
            if (!holdsEntries || !name.isAncestorOf(given)) {
                return false;
            }
            return keyed || given.getNumberOfElements() == name.getNumberOfElements() + 1
                    && isIndex(given.getLastElement(ConfigurationPropertyName.Form.UNIFORM));
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
