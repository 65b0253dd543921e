package dev.genserver.breaker;

import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(CircuitBreakerController.class)
class CircuitBreakerControllerTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private CircuitBreakers breakers;

    @Test
    void acquire_admitted_isOkWithTheState() throws Exception {
        given(breakers.acquire("db")).willReturn(new Permit.Admitted(Phase.HALF_OPEN));

        mvc.perform(post("/api/circuit-breakers/db/acquire"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("db"))
                .andExpect(jsonPath("$.state").value("half_open"));
    }

    @Test
    void acquire_open_isServiceUnavailableCircuitOpen_withRetryAfterInWholeSecondsRoundedUp() throws Exception {
        given(breakers.acquire("db")).willReturn(new Permit.Refused(Phase.OPEN, Duration.ofMillis(12_300)));

        mvc.perform(post("/api/circuit-breakers/db/acquire"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.error").value("circuit_open"))
                .andExpect(header().string("Retry-After", "13"));
    }

    @Test
    void acquire_openWithNoTimeLeft_stillSaysRetryAfterOne() throws Exception {
        given(breakers.acquire("db")).willReturn(new Permit.Refused(Phase.OPEN, Duration.ofMillis(-5)));

        mvc.perform(post("/api/circuit-breakers/db/acquire"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void reports_areAcceptedWithNoBody() throws Exception {
        mvc.perform(post("/api/circuit-breakers/db/success"))
                .andExpect(status().isAccepted())
                .andExpect(content().string(""));
        mvc.perform(post("/api/circuit-breakers/db/failure"))
                .andExpect(status().isAccepted())
                .andExpect(content().string(""));

        verify(breakers).success("db");
        verify(breakers).failure("db");
    }

    @Test
    void get_showsStateAndFailures() throws Exception {
        given(breakers.status("db")).willReturn(new BreakerStatus(Phase.OPEN, 5));

        mvc.perform(get("/api/circuit-breakers/db"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("db"))
                .andExpect(jsonPath("$.state").value("open"))
                .andExpect(jsonPath("$.failures").value(5));
    }

    @Test
    void invalidName_isBadRequestInvalidKey() throws Exception {
        mvc.perform(post("/api/circuit-breakers/{name}/failure", "n".repeat(257)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("invalid_key"));
    }
}
