package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schema patterns a generated client checks keys and event types with, against the rule the service
 * judges them by, over every character up to U+FFFF: a client refuses none the service takes, and every character
 * the service refuses wherever it stands.
 */
class PathKeyPatternTest {

    private static final Predicate<String> KEY = Pattern.compile(PathKey.Rule.PATTERN).asMatchPredicate();
    private static final Predicate<String> NAME = Pattern.compile("^[^" + PathKey.Rule.INVISIBLE_CLASS + "]*$")
            .asMatchPredicate();

    @Test
    void theInvisibleClass_isTheRulesInvisibleCharactersUpToUFFFF() {
        StringBuilder ranges = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (refusedAnywhere(c) && !refusedAnywhere(c - 1)) {
                int end = c;
                while (refusedAnywhere(end + 1)) {
                    end++;
                }
                ranges.append(escaped(c)).append(end > c ? "-" + escaped(end) : "");
            }
        }
        assertThat(PathKey.Rule.INVISIBLE_CLASS).isEqualTo(ranges.toString());
    }

    @Test
    void aKeysPattern_refusesNoKeyTheServiceTakes_andEveryCharacterItRefusesWhereverItStands() {
        assertThat(disagreeing(c -> {
            String key = "k" + (char) c + "k";
            boolean served = PathKey.Rule.problem(key) == null;
            return !KEY.test(key) && served || PathKey.Rule.isInvisible(c) && KEY.test(key)
                    || (c == '/' || c == ';') && KEY.test(key);
        })).isEmpty();
        assertThat(KEY).accepts("k", "🎉", "é", "a.b", "...", "k".repeat(300)).rejects("", ".", "..", "a/b", "a;b");
    }

    @Test
    void anEventTypesPattern_refusesNoTypeTheServiceTakes_andEveryCharacterItRefusesWhereverItStands() {
        assertThat(disagreeing(c -> {
            String type = "t" + (char) c + "t";
            boolean served = !PathKey.Rule.showsAsAnother(type);
            return !NAME.test(type) && served || PathKey.Rule.isInvisible(c) && NAME.test(type);
        })).isEmpty();
    }

    /** The characters up to U+FFFF, surrogates aside, on which a pattern and the rule disagree, as escapes. */
    private static List<String> disagreeing(IntPredicate disagree) {
        List<String> found = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            if (!Character.isSurrogate((char) c) && disagree.test(c)) {
                found.add(escaped(c));
            }
        }
        return found;
    }

    /**
     * JSON Schema's {@code pattern} searches, unanchored; Python's and Java's {@code $} matched before a last line
     * terminator, so validators built on them took {@code "k\n"}.
     */
    @Test
    void bothPatterns_searchedAsValidatorsSearch_refuseATrailingLineTerminator() {
        Pattern key = Pattern.compile(PathKey.Rule.PATTERN);
        Pattern name = Pattern.compile("^[^" + PathKey.Rule.INVISIBLE_CLASS + "]*" + PathKey.Rule.END);
        for (String end : List.of("\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029")) {
            assertThat(key.matcher("k" + end).find()).as("key k + %s", escaped(end.charAt(0))).isFalse();
            assertThat(name.matcher("t" + end).find()).as("type t + %s", escaped(end.charAt(0))).isFalse();
        }
        assertThat(key.matcher("k").find()).isTrue();
        assertThat(key.matcher("🎉").find()).isTrue();
        assertThat(key.matcher("..").find()).isFalse();
        assertThat(name.matcher("").find()).isTrue();
    }

    private static boolean refusedAnywhere(int c) {
        return c >= 0 && c <= 0xFFFF && !Character.isSurrogate((char) c) && PathKey.Rule.isInvisible(c);
    }

    private static String escaped(int c) {
        return String.format("\\u%04X", c);
    }
}
