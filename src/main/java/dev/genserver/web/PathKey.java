package dev.genserver.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.text.Normalizer;
import java.util.EnumSet;
import java.util.Set;

/**
 * A key or name in the path that follows the key rule (README, "Keys and names in paths"); a broken one is 400
 * {@code invalid_key} naming the parameter, never echoing the key, and the OpenAPI document says so.
 */
@Documented
@Constraint(validatedBy = PathKey.Rule.class)
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
public @interface PathKey {

    String message() default "breaks the key rule";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The key rule. */
    final class Rule implements ConstraintValidator<PathKey, String> {

        static final int MAX_LENGTH = 256;
        /**
         * The characters {@link #isInvisible} refuses wherever they stand, as a regular expression's character
         * class holds them, for JSON Schema patterns: those up to U+FFFF but the surrogates (a pattern, ECMA-262's
         * without the u flag, sees UTF-16 units, so an emoji's must pass, and what is refused above U+FFFF cannot
         * be named). Joiners, variation selectors and NFC depend on what is around them: no pattern says those.
         * {@code PathKeyPatternTest} derives it from the rule.
         */
        public static final String INVISIBLE_CLASS = "\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u034F\\u061C"
                + "\\u115F-\\u1160\\u17B4-\\u17B5\\u180E\\u200B\\u200E-\\u200F\\u2028-\\u202E\\u2060-\\u206F\\u3164"
                + "\\uFEFF\\uFFA0\\uFFF0-\\uFFF8";
        /**
         * The end of the text, in a JSON Schema pattern: {@code $} would do for ECMA-262, but validators in Python
         * and Java search with their own engines, whose {@code $} also matches before a last line terminator, and
         * let {@code "k\n"} through.
         */
        public static final String END = "(?![\\s\\S])";
        /** A key's JSON Schema pattern: not '.' or '..', no '/', ';' or {@link #INVISIBLE_CLASS} character. */
        public static final String PATTERN = "^(?!\\.\\.?" + END + ")[^/;" + INVISIBLE_CLASS + "]+" + END;
        /** The flag whose tag sequence names a region (England's: U+1F3F4, then the tags g, b, e, n, g, end). */
        private static final int BLACK_FLAG = 0x1F3F4;
        private static final String INVISIBLE = "must not contain '/', ';', control, bidi control or invisible "
                + "characters";
        /** Scripts whose letters join, or form conjuncts through a virama: where U+200C and U+200D change the text. */
        private static final Set<Character.UnicodeScript> JOINING_SCRIPTS = EnumSet.of(
                Character.UnicodeScript.ARABIC, Character.UnicodeScript.SYRIAC, Character.UnicodeScript.NKO,
                Character.UnicodeScript.MANDAIC, Character.UnicodeScript.MONGOLIAN, Character.UnicodeScript.PHAGS_PA,
                Character.UnicodeScript.ADLAM, Character.UnicodeScript.HANIFI_ROHINGYA,
                Character.UnicodeScript.DEVANAGARI, Character.UnicodeScript.BENGALI, Character.UnicodeScript.GURMUKHI,
                Character.UnicodeScript.GUJARATI, Character.UnicodeScript.ORIYA, Character.UnicodeScript.TAMIL,
                Character.UnicodeScript.TELUGU, Character.UnicodeScript.KANNADA, Character.UnicodeScript.MALAYALAM,
                Character.UnicodeScript.SINHALA, Character.UnicodeScript.TIBETAN, Character.UnicodeScript.MYANMAR,
                Character.UnicodeScript.KHMER, Character.UnicodeScript.BALINESE, Character.UnicodeScript.JAVANESE);

        @Override
        public boolean isValid(String key, ConstraintValidatorContext context) {
            String problem = problem(key);
            if (problem != null) {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
            }
            return problem == null;
        }

        /** What is wrong with {@code key}, never echoing it; null if it follows the rule. */
        static String problem(String key) {
            if (key == null || key.isEmpty()) {
                return "must not be empty";
            } else if (key.codePointCount(0, key.length()) > MAX_LENGTH) {
                return "must be at most " + MAX_LENGTH + " characters";
            } else if (key.equals(".") || key.equals("..")) {
                return "must not be '.' or '..'";
            } else if (isPrintableAscii(key)) {
                return null; // most keys: nothing below can refuse them, and ASCII is NFC
            }
            if (holdsInvisible(key, true)) {
                return INVISIBLE;
            }
            return Normalizer.isNormalized(key, Normalizer.Form.NFC) ? null
                    : "must be in Unicode's composed form (NFC): an accented letter as one character, not a letter "
                            + "and a combining accent";
        }

        /**
         * Whether {@code text} could be shown as another text, by the rule's judgement of a key's characters
         * ({@link #isInvisible}, and joiners, variation selectors and tags that change nothing where they stand),
         * or is not in Unicode's composed form: for a name that is no path's (an event's type), where '/' and ';'
         * are fine.
         */
        public static boolean showsAsAnother(String text) {
            return holdsInvisible(text, false) || !Normalizer.isNormalized(text, Normalizer.Form.NFC);
        }

        private static boolean holdsInvisible(String key, boolean inPath) {
            int[] text = key.codePoints().toArray();
            for (int i = 0; i < text.length; i++) {
                int c = text[i];
                if (c == BLACK_FLAG && i + 1 < text.length && isTag(text[i + 1])) {
                    int end = tagSequenceEnd(text, i + 1);
                    if (end < 0) {
                        return true;
                    }
                    i = end - 1;
                } else if (inPath && (c == '/' || c == ';') || isInvisible(c) || isTag(c)
                        || isVariationSelector(c) && !selectsAVariant(text, i) || isJoiner(c) && !joins(text, i)) {
                    return true;
                }
            }
            return false;
        }

        /** Printable ASCII without '/' and ';', checked by char, with no array made and no normalizer asked. */
        private static boolean isPrintableAscii(String key) {
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c < 0x20 || c > 0x7E || c == '/' || c == ';') {
                    return false;
                }
            }
            return true;
        }

        /** A tag character: text only in an emoji flag's tag sequence, invisible anywhere else. */
        private static boolean isTag(int c) {
            return c >= 0xE0020 && c <= 0xE007F;
        }

        /**
         * Where the tag sequence starting at {@code start} ends (the index after its CANCEL TAG, U+E007F), if it is
         * one an emoji flag takes: one or more tag digits or small letters, then CANCEL TAG; -1 if not.
         */
        private static int tagSequenceEnd(int[] text, int start) {
            int i = start;
            while (i < text.length && (text[i] >= 0xE0030 && text[i] <= 0xE0039 || text[i] >= 0xE0061
                    && text[i] <= 0xE007A)) {
                i++;
            }
            return i > start && i < text.length && text[i] == 0xE007F ? i + 1 : -1;
        }

        private static boolean isJoiner(int c) {
            return c == 0x200C || c == 0x200D;
        }

        /**
         * Whether the joiner at {@code i} does something a reader sees: U+200D between emoji (after a skin tone or
         * U+FE0F too), or either joiner in a {@link #JOINING_SCRIPTS} script between its characters or after a mark
         * (a virama's half form, even at the end). Elsewhere two keys would look the same.
         */
        private static boolean joins(int[] text, int i) {
            if (i == 0) {
                return false;
            }
            int before = text[i - 1];
            int after = i + 1 < text.length ? text[i + 1] : -1;
            if (text[i] == 0x200D && after >= 0 && isPictograph(after) && (isPictograph(before)
                    || Character.isEmojiModifier(before) || before == 0xFE0F && i > 1 && isPictograph(text[i - 2]))) {
                return true;
            }
            int base = i - 1;
            while (base > 0 && isMark(text[base])) {
                base--;
            }
            Character.UnicodeScript script = Character.UnicodeScript.of(text[base]);
            if (!JOINING_SCRIPTS.contains(script)) {
                return false;
            }
            return isMark(before) || after >= 0 && (isMark(after) || Character.UnicodeScript.of(after) == script);
        }

        private static boolean isPictograph(int c) {
            return c >= 0x80 && (Character.isExtendedPictographic(c) || Character.isEmoji(c));
        }

        private static boolean isMark(int c) {
            int type = Character.getType(c);
            return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
        }

        private static boolean isVariationSelector(int c) {
            return c >= 0xFE00 && c <= 0xFE0F || c >= 0xE0100 && c <= 0xE01EF || c >= 0x180B && c <= 0x180D
                    || c == 0x180F;
        }

        /** Whether the variation selector at {@code i} varies what precedes it (an emoji, a keycap, non-ASCII). */
        private static boolean selectsAVariant(int[] text, int i) {
            int base = i > 0 ? text[i - 1] : -1;
            if (base < 0x80) {
                return (base >= '0' && base <= '9' || base == '#' || base == '*') // a keycap
                        && (text[i] == 0xFE0E || text[i] == 0xFE0F) && i + 1 < text.length && text[i + 1] == 0x20E3;
            }
            if (isVariationSelector(base) || isInvisible(base)) {
                return false;
            }
            return text[i] != 0xFE0E && text[i] != 0xFE0F || Character.isEmoji(base);
        }

        /**
         * Controls, bidi controls, line and paragraph separators, unpaired surrogates (shown as U+FFFD, whichever
         * they are), and Unicode's default-ignorable characters: a key holding one could be shown as another.
         * Joiners, variation selectors and an emoji flag's tags are judged where they stand ({@link #joins},
         * {@link #selectsAVariant}, {@link #tagSequenceEnd}).
         */
        static boolean isInvisible(int c) {
            int type = Character.getType(c);
            return Character.isISOControl(c) || type == Character.SURROGATE
                    || c == 0x061C || c == 0x200E || c == 0x200F
                    || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || c == 0x00AD || c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5
                    || c == 0x180E || c == 0x200B || c >= 0x2060 && c <= 0x2065
                    || c >= 0x206A && c <= 0x206F || c == 0x3164 || c == 0xFEFF || c == 0xFFA0
                    || c >= 0x1BCA0 && c <= 0x1BCA3 || c >= 0x1D173 && c <= 0x1D17A
                    || c >= 0xFFF0 && c <= 0xFFF8
                    || c >= 0xE0000 && c <= 0xE0FFF && !isTag(c) && !isVariationSelector(c);
        }
    }
}
