package dev.genserver.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.observability.ObservabilityProperties;
import dev.genserver.testing.CapturedLog;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/**
 * A {@code genserver.*} setting the service does not have is named in a warning instead of being ignored silently,
 * in every form Spring reads a setting in; one under its old name is named with its new one.
 */
class UnknownSettingsTest {

    @RegisterExtension
    final CapturedLog log = new CapturedLog(UnknownSettings.class);

    @Test
    void theOldNameOfTheActionsSwitch_isWarnedAbout_withItsNewName() {
        new UnknownSettings(new MockEnvironment().withProperty("genserver.observability.allow-process-actions",
                "true"));

        assertThat(log.messages()).singleElement().satisfies(message -> assertThat(message)
                .isEqualTo("genserver.observability.allow-process-actions is ignored: it was renamed to "
                        + "genserver.observability.allow-kill"));
    }

    @Test
    void misspeltSettings_areWarnedAbout_byNameOnly() {
        MockEnvironment environment = new MockEnvironment().withProperty("genserver.stack.max-count", "5")
                .withProperty("genserver.session.ttl", "secret-looking-value")
                .withProperty("genserver", "x").withProperty("spring.application.name", "other settings are not ours");
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("environment",
                Map.of("GENSERVER_STACK_MAX_ITEMS", "7", "PATH", "/bin",
                        // underscores where Spring takes none: it binds neither to a setting
                        "GENSERVER_KVMAX_COUNT", "7", "GENSERVER_CIRCUITBREAKERFAILURETHRESHOLD", "2",
                        // below a list, what is not numbered as Spring's binder asks (0, 1, …) is no entry
                        "GENSERVER_WEB_TRUSTEDORIGINS_X", "http://z.example",
                        "GENSERVER_WEB_TRUSTED_ORIGINS_00", "http://w.example")));
        environment.setProperty("genserver.web.trusted-origins.x", "http://z.example");
        environment.setProperty("genserver.web.trusted-origins.00", "http://w.example");

        new UnknownSettings(environment);

        String unknown = " is ignored: the service has no such setting (the settings are in the README)";
        assertThat(log.messages()).containsExactly("GENSERVER_CIRCUITBREAKERFAILURETHRESHOLD" + unknown,
                "GENSERVER_KVMAX_COUNT" + unknown, "GENSERVER_STACK_MAX_ITEMS" + unknown,
                "GENSERVER_WEB_TRUSTEDORIGINS_X" + unknown, "GENSERVER_WEB_TRUSTED_ORIGINS_00" + unknown,
                "genserver.session.ttl" + unknown, "genserver.stack.max-count" + unknown,
                "genserver.web.trusted-origins.00" + unknown, "genserver.web.trusted-origins.x" + unknown);
    }

    /**
     * A variable's name given as an argument (a container's command: {@code --GENSERVER_STACKS_MAX_COUNT=0}) is not
     * read: Spring maps that form only from the environment. It was ignored without a word.
     */
    @Test
    void aVariablesNameGivenAsAnArgument_isWarnedAbout_withTheSettingsName() {
        new UnknownSettings(new MockEnvironment().withProperty("GENSERVER_STACKS_MAX_COUNT", "0")
                .withProperty("GENSERVER_NO_SUCH_THING", "1").withProperty("SPRING_PROFILES_ACTIVE", "x")
                .withProperty("genserver_jobs_workers", "3"));

        String variable = " is ignored: it is an environment variable's name, which Spring reads only from the "
                + "environment";
        assertThat(log.messages()).containsExactly("GENSERVER_NO_SUCH_THING" + variable,
                "GENSERVER_STACKS_MAX_COUNT" + variable + "; write it as genserver.stacks.max-count",
                "genserver_jobs_workers is ignored: the service has no such setting (the settings are in the README)");
    }

    /**
     * Kubernetes gives every pod variables for each service in its namespace: a service named genserver-boot made
     * seven per port look like misspelt settings. Only a service's own, beside its SERVICE_HOST, are links: a setting
     * or a misspelt one of that shape is still named.
     */
    @Test
    void theVariablesKubernetesMakesForAService_areNotTakenForSettings() {
        MockEnvironment environment = new MockEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("environment", Map.of(
                "GENSERVER_BOOT_SERVICE_HOST", "10.0.0.1", "GENSERVER_BOOT_SERVICE_PORT_HTTP", "8080", "GENSERVER_BOOT_PORT", "tcp://10.0.0.1:8080",
                "GENSERVER_BOOT_PORT_8080_TCP", "tcp://10.0.0.1:8080", "GENSERVER_BOOT_PORT_8080_TCP_PROTO", "tcp",
                "GENSERVER_BOOT_PORT_8080_TCP_ADDR", "10.0.0.1", "GENSERVER_CLUSTER_PORT", "5701",
                "GENSERVER_CLUSTR_PORT", "5701", "GENSERVER_PORT", "9090", "GENSERVER_WEB_SERVICE_PORT", "1")));

        new UnknownSettings(environment);

        String unknown = " is ignored: the service has no such setting (the settings are in the README)";
        assertThat(log.messages()).as("misspelt, or no service of that name: settings, not links").containsExactly(
                "GENSERVER_CLUSTER_PORT has no effect while cluster mode is off (genserver.cluster.enabled is not "
                        + "true)", "GENSERVER_CLUSTR_PORT" + unknown, "GENSERVER_PORT" + unknown,
                "GENSERVER_WEB_SERVICE_PORT" + unknown);
    }

    /** Below a setting that is a single value, as on a name that merely begins with one, is no setting. */
    @Test
    void aKeyBelowASingleValueSetting_orAVariableThatOnlyBeginsWithOne_isWarnedAbout() {
        MockEnvironment environment = new MockEnvironment().withProperty("genserver.jobs.workers.count", "8")
                .withProperty("genserver.runtime.throughput.x", "1");
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("environment",
                Map.of("GENSERVER_JOBS_WORKERSX", "8", "GENSERVER_JOBS_CAPACITYLIMIT", "5",
                        "GENSERVER_CLUSTER_MEMBERSX", "a:5701")));

        new UnknownSettings(environment);

        String unknown = " is ignored: the service has no such setting (the settings are in the README)";
        assertThat(log.messages()).containsExactly("GENSERVER_CLUSTER_MEMBERSX" + unknown,
                "GENSERVER_JOBS_CAPACITYLIMIT" + unknown,
                "GENSERVER_JOBS_WORKERSX" + unknown, "genserver.jobs.workers.count" + unknown,
                "genserver.runtime.throughput.x" + unknown);
    }

    /** The new names are written out where the old ones are, apart from the properties that define them. */
    @Test
    void theNewNameOfEachRenamedSetting_isASetting() {
        MockEnvironment environment = new MockEnvironment();
        UnknownSettings.RENAMED.values().forEach(name -> environment.setProperty(name, "true"));

        new UnknownSettings(environment);

        assertThat(UnknownSettings.RENAMED).containsValue(ObservabilityProperties.ALLOW_KILL);
        assertThat(log.messages()).isEmpty();
    }

    @Test
    void theServicesSettings_inEveryFormSpringReads_areNot() {
        MockEnvironment environment = new MockEnvironment().withProperty(ObservabilityProperties.ALLOW_KILL, "true")
                .withProperty("genserver.stacks.max-count", "5").withProperty("genserver.stacks.maxItems", "5")
                .withProperty("genserver.SESSIONS.ttl", "5s").withProperty("genserver.cluster.members[0]", "a:5701")
                .withProperty("genserver.cluster.members", "a:5701,b:5701")
                .withProperty("genserver.cluster.enabled", "true");
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("environment",
                Map.of("GENSERVER_STACKS_MAX_ITEMS", "7", "GENSERVER_CLUSTER_MEMBERS_0", "a:5701",
                        "GENSERVER_RATELIMIT_CAPACITY", "3", "GENSERVER_KV_MAX_COUNT", "7",
                        "GENSERVER_KV_MAXCOUNT", "7",
                        "genserver_jobs_capacity", "9", "GENSERVER_CIRCUIT_BREAKER_FAILURE_THRESHOLD", "2",
                        // a list's entries, its dashes written as underscores (Spring's legacy form) or dropped
                        "GENSERVER_OBSERVABILITY_ACTION_HOSTS_0", "10.0.0.1", "GENSERVER_WEB_TRUSTED_ORIGINS_0",
                        "http://y.example", "GENSERVER_OBSERVABILITY_PUBLICREGISTRIES_1", "stacks")));
        environment.getPropertySources().addLast(new SystemEnvironmentPropertySource("more variables",
                Map.of("GENSERVER_WEB_TRUSTEDORIGINS_0_", "http://v.example"))); // read by Spring as [0] too
        environment.setProperty("genserver.web.trusted-origins[1]", "http://x.example");

        new UnknownSettings(environment);

        assertThat(log.messages()).isEmpty();
    }

    /**
     * Spring binds an empty duration, size or decimal as if it were not set: the default is in force, unsaid. Not an
     * empty number, which fails the start (it was said to leave the default too), nor an empty text or list.
     */
    @Test
    void aSettingGivenEmpty_isWarnedAbout_asLeavingItsDefault_whereItDoes() {
        MockEnvironment environment = new MockEnvironment().withProperty("genserver.web.max-body-size", "")
                .withProperty("genserver.stacks.max-count", "")
                .withProperty("genserver.observability.action-hosts", "");
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("environment",
                Map.of("GENSERVER_CACHE_TTL", " ", "GENSERVER_SESSIONS_MAX_COUNT", "")));

        new UnknownSettings(environment);

        String empty = " is set empty, which leaves its default in force";
        assertThat(log.messages()).containsExactly("GENSERVER_CACHE_TTL" + empty,
                "genserver.web.max-body-size" + empty);
    }

    /** A cluster setting given while cluster mode is off is neither used nor, for some, checked: a typo waits. */
    @Test
    void clusterSettings_whileClusterModeIsOff_areWarnedAbout() {
        MockEnvironment environment = new MockEnvironment().withProperty("genserver.cluster.address", "no.such.host")
                .withProperty("genserver.cluster.enabled", "false");

        new UnknownSettings(environment);

        assertThat(log.messages()).containsExactly("genserver.cluster.address has no effect while cluster mode is "
                + "off (genserver.cluster.enabled is not true)");
    }

    @Test
    void theSettingsKnown_areTheBuildsOwn() {
        assertThat(UnknownSettings.known()).extracting(setting -> setting.name().toString())
                .contains("genserver.stacks.max-count", "genserver.web.max-body-size", "genserver.cluster.members")
                .allMatch(name -> name.startsWith("genserver."));
        assertThat(UnknownSettings.known()).filteredOn(UnknownSettings.Setting::holdsEntries)
                .extracting(setting -> setting.name().toString()).contains("genserver.cluster.members")
                .doesNotContain("genserver.jobs.workers");
    }
}
