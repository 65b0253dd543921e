package dev.genserver.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.DefaultLocale;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A job's status on the wire is the same on every machine, whatever its default locale. */
class JobStatusTest {

    @Test
    void theWireNames_areTheSame_whereTheDefaultLocaleLowerCasesIDifferently() {
        assertThat(DefaultLocale.under(DefaultLocale.TURKISH,
                () -> Arrays.stream(JobStatus.values()).map(JobStatus::wire).toList()))
                .containsExactly("queued", "running", "succeeded", "failed");
    }
}
