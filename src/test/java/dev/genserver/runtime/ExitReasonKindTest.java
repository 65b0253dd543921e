package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The kinds' metrics tags are the same on every machine, whatever its default locale. */
class ExitReasonKindTest {

    @Test
    void tags_areTheKindsInLowerCase_evenWhereTheDefaultLocaleLowerCasesIDifferently() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "I".toLowerCase() is a dotless ı there
            assertThat(Arrays.stream(ExitReason.Kind.values()).map(ExitReason.Kind::tag))
                    .containsExactly("normal", "shutdown", "kill", "crash");
        } finally {
            Locale.setDefault(before);
        }
    }
}
