package dev.genserver.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.DefaultLocale;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The kinds' metrics tags are the same on every machine, whatever its default locale. */
class ExitReasonKindTest {

    @Test
    void tags_areTheKindsInLowerCase_evenWhereTheDefaultLocaleLowerCasesIDifferently() {
        assertThat(DefaultLocale.under(DefaultLocale.TURKISH,
                () -> Arrays.stream(ExitReason.Kind.values()).map(ExitReason.Kind::tag).toList()))
                .containsExactly("normal", "shutdown", "kill", "crash");
    }
}
