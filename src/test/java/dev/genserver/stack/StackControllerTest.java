package dev.genserver.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.genserver.keyed.Listing;
import dev.genserver.app.Refusal.Reason;
import dev.genserver.app.Refusal;
import dev.genserver.runtime.MaxChildrenException;
import dev.genserver.runtime.NoProcessException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

@WebMvcTest({StackController.class, StackIdsController.class})
class StackControllerTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String ID = "AAAAAAAAAAAAAAAAAAAAAA";

    @Autowired
    private MockMvc mvc;

    @MockitoBean
    private Stacks stacks;

    @Test
    void create_withItems_isCreatedWithLocationAndSize() throws Exception {
        given(stacks.create(anyList())).willReturn(ID);

        postJson("/api/stacks", "{\"items\": [1, 2, \"x\"]}")
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/stacks/" + ID))
                .andExpect(jsonPath("$.id").value(ID))
                .andExpect(jsonPath("$.size").value(3));
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<JsonNode>> items = ArgumentCaptor.forClass(List.class);
        verify(stacks).create(items.capture());
        assertThat(items.getValue()).map(JsonNode::toString).containsExactly("1", "2", "\"x\"");
    }

    @Test
    void create_withoutBody_startsAnEmptyStack() throws Exception {
        given(stacks.create(List.of())).willReturn(ID);

        mvc.perform(post("/api/stacks"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.size").value(0));
    }

    @Test
    void create_withEmptyObject_startsAnEmptyStack() throws Exception {
        given(stacks.create(List.of())).willReturn(ID);

        postJson("/api/stacks", "{}").andExpect(status().isCreated()).andExpect(jsonPath("$.size").value(0));
    }

    @Test
    void create_withItemsNotAList_isBadRequest() throws Exception {
        for (String body : List.of("{\"items\": 3}", "{\"items\": {\"a\": 1}}", "{\"items\": null}", "[1, 2]",
                "{\"items\": [1], \"other\": 2}")) { // the wrong shape, as a bound body's is invalid_json
            expectProblem(postJson("/api/stacks", body), 400, "invalid_json");
        }
        expectProblem(postJson("/api/stacks", "{\"items\": [1, null]}"), 400, "invalid_request"); // its one rule
        verify(stacks, never()).create(anyList());
    }

    @Test
    void create_withMalformedJson_isInvalidJson() throws Exception {
        expectProblem(postJson("/api/stacks", "{\"items\": [1,"), 400, "invalid_json");
    }

    @Test
    void create_atTheLimit_isServiceUnavailableMaxChildren() throws Exception {
        given(stacks.create(anyList())).willThrow(new MaxChildrenException("stacks", 2));

        expectProblem(postJson("/api/stacks", "{}"), 503, "max_children")
                .andExpect(header().string("Retry-After", "1"));
    }

    @Test
    void push_isAcceptedWithoutBody() throws Exception {
        postJson("/api/stacks/" + ID + "/push", "{\"item\": {\"deep\": [1.50]}}")
                .andExpect(status().isAccepted())
                .andExpect(content().string(""));
        verify(stacks).push(eq(ID), any(JsonNode.class));
    }

    @Test
    void push_ofNullOrMissingItem_isRefused() throws Exception {
        expectProblem(postJson("/api/stacks/" + ID + "/push", "{\"item\": null}"), 400, "invalid_request");
        expectProblem(postJson("/api/stacks/" + ID + "/push", "{}"), 400, "invalid_json");
        expectProblem(postJson("/api/stacks/" + ID + "/push", "{\"item\": 1, \"x\": 2}"), 400, "invalid_json");
        expectProblem(postJson("/api/stacks/" + ID + "/push", "[1]"), 400, "invalid_json");
        expectProblem(mvc.perform(post("/api/stacks/" + ID + "/push")), 415, "unsupported_media_type"); // no type
        verify(stacks, never()).push(any(), any());
    }

    @Test
    void push_toUnknownId_isNoproc() throws Exception {
        willThrow(new NoProcessException("stack")).given(stacks).push(eq(ID), any());

        expectProblem(postJson("/api/stacks/" + ID + "/push", "{\"item\": 1}"), 404, "noproc");
    }

    @Test
    void pop_returnsTheItem() throws Exception {
        given(stacks.pop(ID)).willReturn(JSON.numberNode(4));

        mvc.perform(post("/api/stacks/" + ID + "/pop"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.item").value(4));
    }

    @Test
    void pop_onEmptyStack_isConflict() throws Exception {
        given(stacks.pop(ID)).willThrow(new Refusal(Reason.EMPTY, "the stack is empty"));

        expectProblem(mvc.perform(post("/api/stacks/" + ID + "/pop")), 409, "empty");
    }

    @Test
    void peek_onEmptyStack_isConflict() throws Exception {
        given(stacks.peek(ID)).willThrow(new Refusal(Reason.EMPTY, "the stack is empty"));

        expectProblem(mvc.perform(get("/api/stacks/" + ID + "/peek")), 409, "empty");
    }

    @Test
    void showAndSize_answerTheSize() throws Exception {
        given(stacks.size(ID)).willReturn(2);

        mvc.perform(get("/api/stacks/" + ID)).andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(ID)).andExpect(jsonPath("$.size").value(2));
        mvc.perform(get("/api/stacks/" + ID + "/size")).andExpect(status().isOk())
                .andExpect(jsonPath("$.size").value(2));
    }

    @Test
    void list_answersIds_andTheNextPageAfterTheGivenId() throws Exception {
        given(stacks.ids(null)).willReturn(new Listing(List.of(ID), null));
        given(stacks.ids(ID)).willReturn(new Listing(List.of("b", "c"), "c"));

        mvc.perform(get("/api/stacks")).andExpect(status().isOk()).andExpect(jsonPath("$.ids[0]").value(ID))
                .andExpect(jsonPath("$.next").doesNotExist());
        mvc.perform(get("/api/stacks").param("after", ID)).andExpect(status().isOk())
                .andExpect(jsonPath("$.ids[1]").value("c")).andExpect(jsonPath("$.next").value("c"));
    }

    @Test
    void delete_isNoContent_andUnknownIsNoproc() throws Exception {
        mvc.perform(delete("/api/stacks/" + ID)).andExpect(status().isNoContent());
        verify(stacks).delete(ID);

        willThrow(new NoProcessException("stack")).given(stacks).delete("gone");
        expectProblem(mvc.perform(delete("/api/stacks/gone")), 404, "noproc");
    }

    @Test
    void invalidId_isInvalidKey() throws Exception {
        expectProblem(mvc.perform(get(URI.create("/api/stacks/a%3Bb/size"))), 400, "invalid_key");
        expectProblem(mvc.perform(get(URI.create("/api/stacks/%2E%2E/size"))), 400, "invalid_key");
        expectProblem(mvc.perform(get(URI.create("/api/stacks/a%01b"))), 400, "invalid_key");
        expectProblem(mvc.perform(get("/api/stacks/" + "x".repeat(257))), 400, "invalid_key");
    }

    private ResultActions postJson(String uri, String body) throws Exception {
        return mvc.perform(post(uri).contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static ResultActions expectProblem(ResultActions result, int status, String error) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.error").value(error))
                .andExpect(jsonPath("$.status").value(status));
    }
}
