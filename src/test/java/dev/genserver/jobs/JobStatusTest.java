package dev.genserver.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** A job's status on the wire is the same on every machine, whatever its default locale. */
class JobStatusTest {

    @Test
    void theWireNames_areTheSame_whereTheDefaultLocaleLowerCasesIDifferently() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR")); // "I".toLowerCase() is a dotless ı there
            assertThat(Arrays.stream(JobStatus.values()).map(JobStatus::wire))
                    .containsExactly("queued", "running", "succeeded", "failed");
        } finally {
            Locale.setDefault(before);
        }
    }
}
