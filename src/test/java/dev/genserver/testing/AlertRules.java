package dev.genserver.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The alerting rules of {@code docs/prometheus/alerts.yml}, read as far as checking them against a scrape needs:
 * each expression's metrics (selectors, and bare names that are not functions or keywords), the labels it groups
 * or joins by, and each selector's matchers. Not a PromQL parser: it reads the forms the rules use, and a form it
 * does not know makes it see too much (a name it takes for a metric), never too little.
 */
public final class AlertRules {

    private static final Path RULES = Path.of("docs/prometheus/alerts.yml");
    private static final String STRING = "\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`";
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*\\{((?:" + STRING
            + "|[^}\"'`])*)}");
    private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(" + STRING
            + ")");
    /** Label lists whose labels must be on the series: {@code by}, {@code on}. */
    private static final Pattern CHECKED_GROUPING = Pattern.compile("(?i)\\b(?:by|on)\\s*\\(([^)]*)\\)");
    /** Label lists that are not metrics, checked or not. */
    private static final Pattern ANY_GROUPING = Pattern.compile(
            "(?i)\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern REGEX_SYNTAX = Pattern.compile("[.^$*+?()\\[\\]{}\\\\]");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "start", "end");
    /** Labels Prometheus adds at the scrape, which no exported series carries. */
    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private AlertRules() {
    }

    /** A rule's name (its alert, or the series it records) and expression. */
    public record Rule(String name, String expr) { }

    @SuppressWarnings("unchecked")
    public static List<Rule> read() {
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What is wrong with the rules against {@code scrape} (Prometheus text), for the metrics {@code checked}
     * chooses: a metric not in it, a label to group or select by that its series lack, a label value named
     * literally that none of them has. Empty if nothing is; {@code uses} counts the metric uses checked.
     */
    public static List<String> problems(String scrape, Predicate<String> checked, int[] uses) {
        List<String> problems = new ArrayList<>();
        for (Rule rule : read()) {
            Expression expression = Expression.parse(rule.expr());
            for (String metric : expression.metrics()) {
                if (!checked.test(metric)) {
                    continue;
                }
                uses[0]++;
                List<String> series = scrape.lines()
                        .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " ")).toList();
                if (series.isEmpty()) {
                    problems.add(rule.name() + ": no " + metric + " in the scrape");
                    continue;
                }
                for (String label : expression.grouping()) {
                    if (series.stream().anyMatch(line -> value(line, label) == null)) {
                        problems.add(rule.name() + ": " + metric + " grouped by " + label + ", which it lacks");
                    }
                }
                for (String[] matcher : expression.matchers().getOrDefault(metric, List.of())) {
                    Set<String> values = new LinkedHashSet<>();
                    series.forEach(line -> values.add(value(line, matcher[0])));
                    if (values.contains(null)) {
                        problems.add(rule.name() + ": " + metric + " selected by " + matcher[0] + ", which it lacks");
                    } else if (matcher[1].matches("=|!=") || !REGEX_SYNTAX.matcher(matcher[2]).find()) {
                        for (String literal : matcher[1].matches("=|!=") ? List.of(matcher[2])
                                : Arrays.asList(matcher[2].split("\\|"))) {
                            if (!values.contains(literal)) {
                                problems.add(rule.name() + ": " + metric + " has no " + matcher[0] + "=" + literal
                                        + " (it has " + values + ")");
                            }
                        }
                    }
                }
            }
        }
        return problems;
    }

    /** The value of {@code label} in one exposition line, or null if it has none. */
    private static String value(String line, String label) {
        Matcher matcher = Pattern.compile("[{,]" + Pattern.quote(label) + "=\"((?:[^\"\\\\]|\\\\.)*)\"")
                .matcher(line);
        return matcher.find() ? matcher.group(1) : null;
    }

    private static String unquoted(String string) {
        return string.substring(1, string.length() - 1);
    }

    /** {@code matchers}: per metric, its selectors' matchers as {label, operator, value}. */
    private record Expression(Set<String> metrics, Set<String> grouping, Map<String, List<String[]>> matchers) {

        static Expression parse(String expr) {
            Set<String> metrics = new LinkedHashSet<>();
            Map<String, List<String[]>> matchers = new LinkedHashMap<>();
            Matcher selector = SELECTOR.matcher(expr);
            while (selector.find()) {
                List<String[]> found = new ArrayList<>();
                String metric = selector.group(1) == null ? null : selector.group(1);
                Matcher matcher = MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    String[] one = {matcher.group(1), matcher.group(2), unquoted(matcher.group(3))};
                    if (one[0].equals("__name__")) {
                        metric = one[2];
                    } else if (!TARGET_LABELS.contains(one[0])) {
                        found.add(one);
                    }
                }
                metrics.add(metric == null ? "(a selector without a name)" : metric);
                matchers.computeIfAbsent(metric, name -> new ArrayList<>()).addAll(found);
            }
            Set<String> grouping = new LinkedHashSet<>();
            Matcher group = CHECKED_GROUPING.matcher(expr);
            while (group.find()) {
                Arrays.stream(group.group(1).split(",")).map(String::strip).filter(label -> !label.isEmpty())
                        .filter(label -> !TARGET_LABELS.contains(label)).forEach(grouping::add);
            }
            String bare = ANY_GROUPING.matcher(SELECTOR.matcher(expr.replaceAll(STRING, " ")).replaceAll(" ")
                    .replaceAll("\\[[^]]*]", " ")).replaceAll(" ");
            Matcher name = NAME.matcher(bare);
            while (name.find()) {
                boolean partOfNumber = name.start() > 0 && Character.isLetterOrDigit(bare.charAt(name.start() - 1));
                if (!partOfNumber && !KEYWORDS.contains(name.group().toLowerCase(Locale.ROOT))
                        && !isFunction(bare, name.end())) {
                    metrics.add(name.group());
                }
            }
            return new Expression(metrics, grouping, matchers);
        }

        private static boolean isFunction(String text, int end) {
            int at = end;
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            return at < text.length() && text.charAt(at) == '(';
        }
    }
}
