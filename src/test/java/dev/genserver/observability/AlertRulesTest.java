package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.yaml.snakeyaml.Yaml;

/**
 * The alerting rules of {@code docs/prometheus/alerts.yml} watch series this service exports: every metric a
 * rule's expression names is in a scrape, with every label it groups or selects by, and every label value it
 * names literally among that label's values, so that no rule waits for a series that never comes (a renamed
 * metric, a misspelt outcome). Their firing is unit-tested by promtool ({@code src/test/metrics/alerts-test.yml}).
 * Prometheus's own {@code up} and the cluster's metrics, which exist only in cluster mode, are left out here.
 */
@IntegrationTest
class AlertRulesTest {

    private static final Path RULES = Path.of("docs/prometheus/alerts.yml");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"([^\"]*)\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without|on|ignoring)\\s*\\(([^)]*)\\)");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LITERALS = Pattern.compile("[\\w-]+(\\|[\\w-]+)*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");
    /** Labels Prometheus adds at the scrape, which no exported series carries. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;

    @Test
    void everyMetricLabelAndValueTheRulesName_isInTheScrape() throws IOException {
        List<Rule> rules = rules();
        assertThat(rules).as("rules read from " + RULES).hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(rule -> assertThat(rule.expr()).as(rule.name()).isNotBlank());
        Prometheus scrape = scrapeWithEverySeriesMade();

        SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (Rule rule : rules) {
            Expression expression = Expression.parse(rule.expr());
            for (String metric : expression.metrics()) {
                if (metric.equals("up") || metric.startsWith("genserver_cluster_")) {
                    continue;
                }
                checked++;
                List<String> series = scrape.seriesNamed(metric);
                softly.assertThat(series).as("%s: %s in the scrape", rule.name(), metric).isNotEmpty();
                for (String label : expression.grouping()) {
                    softly.assertThat(series).as("%s: %s by %s", rule.name(), metric, label)
                            .allMatch(line -> labelValue(line, label) != null);
                }
                for (MatchResult matcher : expression.matchers(metric)) {
                    String label = matcher.group(1);
                    Set<String> values = series.stream().map(line -> labelValue(line, label))
                            .collect(Collectors.toSet());
                    softly.assertThat(values).as("%s: %s has %s", rule.name(), metric, label).doesNotContainNull();
                    String value = matcher.group(3);
                    if (LITERALS.matcher(value).matches()) {
                        softly.assertThat(values).as("%s: values of %s on %s", rule.name(), label, metric)
                                .containsAll(Arrays.asList(value.split("\\|")));
                    }
                }
            }
        }
        softly.assertAll();
        assertThat(checked).as("metric uses checked").isGreaterThanOrEqualTo(rules.size() - 2);
    }

    /** Traffic that makes every series the rules name exist: an API answer, a job worker's process. */
    private Prometheus scrapeWithEverySeriesMade() {
        client.get().uri("/api/counter").exchange().expectStatus().isOk();
        client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).body("{\"durationMs\": 1}")
                .exchange().expectStatus().isAccepted();
        return Prometheus.awaitSeries(this::scrape,
                "genserver_process_exits_total{reason=\"crash\",service=\"jobs-worker\"}");
    }

    private Prometheus scrape() {
        return new Prometheus(management.client().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    /** The value of {@code label} in one exposition line, or null if it has none. */
    private static String labelValue(String line, String label) {
        Matcher matcher = Pattern.compile("[{,]" + label + "=\"([^\"]*)\"").matcher(line.substring(0,
                line.lastIndexOf(' ')));
        return matcher.find() ? matcher.group(1) : null;
    }

    private record Rule(String name, String expr) { }

    @SuppressWarnings("unchecked")
    private static List<Rule> rules() throws IOException {
        try (Reader reader = Files.newBufferedReader(RULES)) {
            Map<String, Object> document = new Yaml().load(reader);
            List<Rule> rules = new ArrayList<>();
            for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    Object name = rule.containsKey("alert") ? rule.get("alert") : rule.get("record");
                    rules.add(new Rule(String.valueOf(name), String.valueOf(rule.get("expr"))));
                }
            }
            return rules;
        }
    }

    /**
     * What a PromQL expression names, read as far as these rules need: the metrics (selectors with matchers, and
     * bare names that are not functions or keywords), the labels it groups by, and each metric's matchers.
     */
    private record Expression(Set<String> metrics, Set<String> grouping, Map<String, List<String>> selectors) {

        static Expression parse(String expr) {
            Map<String, List<String>> selectors = new LinkedHashMap<>();
            Matcher selector = SELECTOR.matcher(expr);
            while (selector.find()) {
                selectors.computeIfAbsent(selector.group(1), metric -> new ArrayList<>()).add(selector.group(2));
            }
            Set<String> grouping = new LinkedHashSet<>();
            Matcher group = GROUPING.matcher(expr);
            while (group.find()) {
                Arrays.stream(group.group(1).split(",")).map(String::strip).filter(label -> !label.isEmpty())
                        .filter(label -> !TARGET_LABELS.contains(label)).forEach(grouping::add);
            }
            String bare = GROUPING.matcher(expr.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                    .replaceAll("\"[^\"]*\"", " ")).replaceAll(" ");
            Set<String> metrics = new LinkedHashSet<>(selectors.keySet());
            Matcher name = NAME.matcher(bare);
            while (name.find()) {
                boolean partOfNumber = name.start() > 0 && Character.isDigit(bare.charAt(name.start() - 1));
                if (!partOfNumber && !KEYWORDS.contains(name.group().toLowerCase()) && !isFunction(bare, name.end())) {
                    metrics.add(name.group());
                }
            }
            return new Expression(metrics, grouping, selectors);
        }

        private static boolean isFunction(String text, int end) {
            int at = end;
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return at < text.length() && text.charAt(at) == '(';
        }

        /** The matchers of {@code metric}'s selectors: label, operator, value. */
        List<MatchResult> matchers(String metric) {
            List<MatchResult> found = new ArrayList<>();
            for (String matchers : selectors.getOrDefault(metric, List.of())) {
                Matcher matcher = MATCHER.matcher(matchers);
                while (matcher.find()) {
                    if (!TARGET_LABELS.contains(matcher.group(1))) {
                        found.add(matcher.toMatchResult());
                    }
                }
            }
            return found;
        }
    }
}
