package dev.genserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages depend on one another in one direction: a service on {@code keyed}, {@code web} and {@code app}, those
 * on the runtime, observability on what it watches, and nothing back. A cycle makes two packages one, which neither
 * can be read, tested or lifted out without the other; {@code app} and {@code observability} were one such pair.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/genserver");
    /** A use of another package, by import (a wildcard's too) or qualified name: {@code dev.genserver.web.Failure}. */
    private static final Pattern USE = Pattern.compile("\\bdev\\.genserver\\.([a-z]+)\\.[A-Za-z*]");

    @Test
    void thePackagesDependencies_haveNoCycle() throws IOException {
        Map<String, Set<String>> uses = uses();
        assertThat(uses).as("the packages read").containsKeys("app", "runtime", "web", "observability", "keyed");

        assertThat(cycles(uses)).as("packages that depend on each other, through: %s", uses).isEmpty();
    }

    /** A test of the test: the search finds a cycle of three. */
    @Test
    void aCycleOfThree_isFound() {
        Map<String, Set<String>> uses = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"),
                "d", Set.of());

        assertThat(cycles(uses)).containsExactly(List.of("a", "b", "c"));
    }

    /** Package to the other packages its sources name. */
    private static Map<String, Set<String>> uses() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // the application class, which names every package it starts
                }
                String from = relative.getName(0).toString();
                Set<String> used = uses.computeIfAbsent(from, key -> new TreeSet<>());
                Matcher use = USE.matcher(Files.readString(file));
                while (use.find()) {
                    if (!use.group(1).equals(from)) {
                        used.add(use.group(1));
                    }
                }
            }
        }
        return uses;
    }

    /** Each strongly connected group of more than one package, its members sorted (Tarjan's algorithm). */
    static List<List<String>> cycles(Map<String, Set<String>> uses) {
        return new Tarjan(uses).groups();
    }

    private static final class Tarjan {
        private final Map<String, Set<String>> uses;
        private final Map<String, Integer> index = new TreeMap<>();
        private final Map<String, Integer> low = new TreeMap<>();
        private final List<String> stack = new ArrayList<>();
        private final Set<String> onStack = new HashSet<>();
        private final List<List<String>> groups = new ArrayList<>();

        Tarjan(Map<String, Set<String>> uses) {
            this.uses = uses;
        }

        List<List<String>> groups() {
            new TreeSet<>(uses.keySet()).forEach(node -> {
                if (!index.containsKey(node)) {
                    visit(node);
                }
            });
            return groups;
        }

        private void visit(String node) {
            index.put(node, index.size());
            low.put(node, index.get(node));
            stack.add(node);
            onStack.add(node);
            for (String next : uses.getOrDefault(node, Set.of())) {
                if (!index.containsKey(next)) {
                    visit(next);
                    low.put(node, Math.min(low.get(node), low.get(next)));
                } else if (onStack.contains(next)) {
                    low.put(node, Math.min(low.get(node), index.get(next)));
                }
            }
            if (low.get(node).equals(index.get(node))) {
                TreeSet<String> group = new TreeSet<>();
                String member;
                do {
                    member = stack.removeLast();
                    onStack.remove(member);
                    group.add(member);
                } while (!member.equals(node));
                if (group.size() > 1) {
                    groups.add(List.copyOf(group));
                }
            }
        }
    }
}
