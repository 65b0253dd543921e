package dev.genserver.testing;

import java.util.Locale;
import java.util.function.Supplier;

/** Runs code under another default locale, restoring the JVM's afterwards: for checking text that must not vary. */
public final class DefaultLocale {

    /** Turkish, where {@code "I".toLowerCase()} is a dotless ı: the locale that shows a default-locale lower-casing. */
    public static final Locale TURKISH = Locale.forLanguageTag("tr-TR");
    /** Persian, whose digits are not ASCII: the locale that shows a number formatted in the default locale. */
    public static final Locale PERSIAN = Locale.forLanguageTag("fa-IR");

    private DefaultLocale() {
    }

    public static <T> T under(Locale locale, Supplier<T> code) {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(locale);
            return code.get();
        } finally {
            Locale.setDefault(before);
        }
    }
}
