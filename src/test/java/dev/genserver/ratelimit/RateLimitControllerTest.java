package dev.genserver.ratelimit;

import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.genserver.runtime.MaxChildrenException;
import java.math.BigDecimal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

@WebMvcTest(RateLimitController.class)
class RateLimitControllerTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private RateLimiter limiter;

    @BeforeEach
    void capacity() {
        given(limiter.capacity()).willReturn(10);
        given(limiter.refillPerSecond()).willReturn(new BigDecimal("2.5"));
    }

    @Test
    void acquire_allowed_isOkWithRemainingAndRateLimitHeaders() throws Exception {
        given(limiter.acquire("api", 3)).willReturn(new Decision.Allowed(7, 2));

        mvc.perform(post("/api/rate-limits/api/acquire").param("permits", "3"))
                .andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.key").value("api"))
                .andExpect(jsonPath("$.allowed").value(true))
                .andExpect(jsonPath("$.remaining").value(7))
                .andExpect(header().string("RateLimit-Limit", "10"))
                .andExpect(header().string("RateLimit-Remaining", "7"))
                .andExpect(header().string("RateLimit-Reset", "2"))
                .andExpect(header().doesNotExist("Retry-After"));
    }

    @Test
    void acquire_withoutPermits_takesOne() throws Exception {
        given(limiter.acquire("api", 1)).willReturn(new Decision.Allowed(9, 1));

        mvc.perform(post("/api/rate-limits/api/acquire")).andExpect(status().isOk())
                .andExpect(jsonPath("$.remaining").value(9));
    }

    @Test
    void acquire_limited_is429RateLimitedWithRetryAfterAndRateLimitHeaders() throws Exception {
        given(limiter.acquire("api", 1)).willReturn(new Decision.Limited(0, 4, 1));

        mvc.perform(post("/api/rate-limits/api/acquire"))
                .andExpect(status().isTooManyRequests())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.error").value("rate_limited"))
                .andExpect(jsonPath("$.status").value(429))
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(header().string("RateLimit-Limit", "10"))
                .andExpect(header().string("RateLimit-Remaining", "0"))
                .andExpect(header().string("RateLimit-Reset", "4"));
    }

    @Test
    void acquire_permitsOutOfRangeOrNotANumber_isBadRequest() throws Exception {
        for (String permits : new String[] {"0", "-1", "11", "abc", "1.5", "99999999999999999999"}) {
            mvc.perform(post("/api/rate-limits/api/acquire").param("permits", permits))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("invalid_request"));
        }
        verify(limiter, never()).acquire(anyString(), anyLong());
    }

    /**
     * The strict numbers of web.StrictQueryNumbers, which this slice loads as the application does. An empty value
     * ({@code ?permits=}) is not the default either: Spring took it for one.
     */
    @Test
    void acquire_permitsSpringWouldReadLoosely_hexFullWidthOrRepeated_isBadRequest() throws Exception {
        for (String[] permits : new String[][] {{"0x0A"}, {"#10"}, {"\uFF12"}, {"2", "9"}, {""}, {" "}}) {
            mvc.perform(post("/api/rate-limits/api/acquire").param("permits", permits))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.error").value("invalid_request"));
        }
        verify(limiter, never()).acquire(anyString(), anyLong());
    }

    @Test
    void acquire_keyTooLong_isBadRequestInvalidKey() throws Exception {
        mvc.perform(post("/api/rate-limits/{key}/acquire", "k".repeat(257)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value("invalid_key"));
    }

    @Test
    void acquire_atTheKeyLimit_isServiceUnavailableMaxChildren() throws Exception {
        given(limiter.acquire("api", 1)).willThrow(new MaxChildrenException("rate-limit-supervisor", 10_000));

        mvc.perform(post("/api/rate-limits/api/acquire"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.error").value("max_children"));
    }

    @Test
    void get_showsTheBucket() throws Exception {
        given(limiter.available("api")).willReturn(4L);

        mvc.perform(get("/api/rate-limits/api"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.key").value("api"))
                .andExpect(jsonPath("$.capacity").value(10))
                .andExpect(jsonPath("$.available").value(4))
                .andExpect(jsonPath("$.refillPerSecond").value(2.5));
    }
}
