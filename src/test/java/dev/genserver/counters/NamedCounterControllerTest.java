package dev.genserver.counters;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.genserver.keyed.Listing;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

@WebMvcTest(NamedCounterController.class)
class NamedCounterControllerTest {

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private NamedCounters counters;

    @Test
    void increment_answersNameAndValue() throws Exception {
        given(counters.increment("hits")).willReturn(1L);

        mvc.perform(post("/api/counters/hits/increment"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("hits"))
                .andExpect(jsonPath("$.value").value(1));
    }

    @Test
    void increment_decodesUnicodeNames() throws Exception {
        given(counters.increment("zähler 1")).willReturn(5L);

        mvc.perform(post(URI.create("/api/counters/z%C3%A4hler%201/increment")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("zähler 1"))
                .andExpect(jsonPath("$.value").value(5));
    }

    @Test
    void get_answersTheValue_andNeverStartedIsNoproc() throws Exception {
        given(counters.value("a")).willReturn(3L);
        given(counters.value("never")).willThrow(new NoProcessException("counter"));

        mvc.perform(get("/api/counters/a")).andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("a")).andExpect(jsonPath("$.value").value(3));
        expectProblem(mvc.perform(get("/api/counters/never")), 404, "noproc");
    }

    @Test
    void delete_isNoContent_andUnknownIsNoproc() throws Exception {
        mvc.perform(delete("/api/counters/a")).andExpect(status().isNoContent()).andExpect(content().string(""));
        verify(counters).delete("a");

        willThrow(new NoProcessException("counter")).given(counters).delete("gone");
        expectProblem(mvc.perform(delete("/api/counters/gone")), 404, "noproc");
    }

    @Test
    void list_answersTheSortedNames() throws Exception {
        given(counters.names(null)).willReturn(new Listing(List.of("a", "b"), null));

        mvc.perform(get("/api/counters")).andExpect(status().isOk())
                .andExpect(jsonPath("$.names[0]").value("a")).andExpect(jsonPath("$.names[1]").value("b"));
    }

    @Test
    void increment_atTheLimit_isServiceUnavailableMaxChildren() throws Exception {
        given(counters.increment(anyString())).willThrow(new MaxChildrenException("counters", 2));

        expectProblem(mvc.perform(post("/api/counters/new/increment")), 503, "max_children")
                .andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void invalidNames_areInvalidKey_andReachNoCounter() throws Exception {
        expectProblem(mvc.perform(post(URI.create("/api/counters/a%3Bb/increment"))), 400, "invalid_key");
        expectProblem(mvc.perform(post(URI.create("/api/counters/%2E/increment"))), 400, "invalid_key");
        expectProblem(mvc.perform(get(URI.create("/api/counters/a%00b"))), 400, "invalid_key");
        expectProblem(mvc.perform(post("/api/counters/" + "n".repeat(257) + "/increment")), 400, "invalid_key");
        verifyNoInteractions(counters);
    }

    @Test
    void nameOf256Characters_isAccepted() throws Exception {
        String name = "ü".repeat(256);
        given(counters.increment(name)).willReturn(1L);

        mvc.perform(post("/api/counters/{name}/increment", name)).andExpect(status().isOk());
    }

    private static ResultActions expectProblem(ResultActions result, int status, String error) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.error").value(error));
    }
}
