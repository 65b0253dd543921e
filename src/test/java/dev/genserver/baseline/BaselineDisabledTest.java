package dev.genserver.baseline;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.MockMvc;

/** The baseline endpoint exists only for measuring: without the property it is not there. */
@WebMvcTest(BaselineController.class)
class BaselineDisabledTest {

    @Autowired
    private MockMvc mvc;

    @Test
    void withoutTheProperty_theBaselineEndpointIsNotFound() throws Exception {
        mvc.perform(post("/api/baseline/increment")).andExpect(status().isNotFound());
        mvc.perform(post("/api/baseline/increment-async")).andExpect(status().isNotFound());
    }
}
