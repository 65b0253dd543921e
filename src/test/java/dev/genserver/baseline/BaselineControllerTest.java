package dev.genserver.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@WebMvcTest(BaselineController.class)
@TestPropertySource(properties = "genserver.baseline.enabled=true")
class BaselineControllerTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void increment_answersTheCounterShape_andCountsUp() throws Exception {
        long first = value(mvc.perform(post("/api/baseline/increment"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.value").isNumber())
                .andReturn());
        long second = value(mvc.perform(post("/api/baseline/increment")).andExpect(status().isOk()).andReturn());

        assertThat(second).isEqualTo(first + 1);
    }

    @Test
    void incrementAsync_goesThroughAnAsyncDispatch_andCountsUp() throws Exception {
        long before = value(mvc.perform(post("/api/baseline/increment")).andReturn());

        MvcResult started = mvc.perform(post("/api/baseline/increment-async"))
                .andExpect(request().asyncStarted())
                .andReturn();
        long after = value(mvc.perform(asyncDispatch(started)).andExpect(status().isOk()).andReturn());

        assertThat(after).isEqualTo(before + 1);
    }

    private static long value(MvcResult result) throws Exception {
        return ((Number) JsonPath.read(result.getResponse().getContentAsString(), "$.value")).longValue();
    }
}
