package dev.genserver.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * {@code genserver.jobs.max-duration} goes up to 49 days, past the 24.8 days an int of milliseconds holds: a job
 * that long was refused as out of range for its field, whatever the setting said.
 */
@WebMvcTest(controllers = JobController.class, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
        pattern = "dev\\.genserver\\.web\\.JsonConfiguration"), properties = "genserver.jobs.max-duration=49d")
@EnableConfigurationProperties(JobsProperties.class)
class JobControllerLongestDurationTest {

    private static final long FORTY_NINE_DAYS = Duration.ofDays(49).toMillis();

    @Autowired
    private MockMvcTester mvc;

    @MockitoBean
    private Jobs jobs;

    @Test
    void aJobOfTheLongestDurationTheSettingAllows_isSubmitted_andOneMillisecondMoreIsNot() {
        given(jobs.submit(FORTY_NINE_DAYS, false)).willReturn(new JobView("AAAAAAAAAAAAAAAAAAAAAA", "running", null));

        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"durationMs\":" + FORTY_NINE_DAYS + "}").exchange()).hasStatus(202);
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .content("{\"durationMs\":" + (FORTY_NINE_DAYS + 1) + "}").exchange()).hasStatus(400)
                .bodyJson().extractingPath("$.detail").isEqualTo("durationMs must be between 0 and " + FORTY_NINE_DAYS);
    }
}
