package dev.genserver.stack;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Message.SUPERVISE;
import static dev.genserver.web.Sends.Recipient.NEW_PROCESS;
import static dev.genserver.web.Sends.Recipient.PROCESS_BY_ID;

import dev.genserver.web.Failure;
import dev.genserver.web.PathKey;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import dev.genserver.web.Stores;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Stacks over HTTP. Calls answer 200 (201 for a new stack), the push cast answers 202 once queued, and an
 * unknown or deleted id answers 404 {@code noproc}.
 */
@RestController
@RequestMapping(path = "/api/stacks", produces = "application/json")
@Tag(name = "stacks", description = "The seed's section \"2. Stack Example (Complete GenServer)\": one "
        + "process per stack, started on demand under a dynamic supervisor and registered under an opaque id")
class StackController implements Sends.Settings {

    private final Stacks stacks;

    StackController(Stacks stacks) {
        this.stacks = stacks;
    }

    @Override
    public Object[] detailArguments() {
        return new Object[] {stacks.maxItems()};
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Stores
    @Operation(summary = "Start a stack (Stack.start_link/1); optional body {\"items\": [...]}, bottom to top",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    schemaProperties = @SchemaProperty(name = "items", array = @ArraySchema(
                            schema = @Schema(ref = "#/components/schemas/JsonValue"),
                            arraySchema = @Schema(description = "The initial items, bottom to top, none of them "
                                    + "null; none if absent"))))))
    @ApiResponse(responseCode = "201", description = "Started; Location is the stack's address",
            headers = @Header(name = "Location", ref = "#/components/headers/Location"))
    @Sends(value = SUPERVISE, to = NEW_PROCESS,
            problems = {@Problem(value = Failure.INVALID_REQUEST, detail = "field 'items' must not contain null"),
                @Problem(value = Failure.INVALID_REQUEST, detail = Stacks.TOO_MANY_ITEMS)})
    ResponseEntity<StackInfo> create(@RequestBody(required = false) JsonNode body) {
        var items = StackBodies.initialItems(body);
        String id = stacks.create(items);
        return ResponseEntity.created(URI.create("/api/stacks/" + id)).body(new StackInfo(id, items.size()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "Show a stack's id and size")
    @Sends(value = CALL, to = PROCESS_BY_ID)
    StackInfo show(@PathVariable @PathKey String id) {
        return new StackInfo(id, stacks.size(id));
    }

    @PostMapping(path = "/{id}/push", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Stores
    @Operation(summary = "Push an item (a call for room, then cast {:push, item}); 202 once queued; the item is "
            + "any JSON value but null")
    @ApiResponse(responseCode = "202", description = "Queued: the next pop or peek sees the item")
    @Sends(value = CALL, to = PROCESS_BY_ID, problems = { // a call asks for room first, then the push is a cast
            @Problem(value = Failure.INVALID_REQUEST, detail = StackBodies.NULL_ITEM),
            @Problem(value = Failure.FULL, detail = Stacks.FULL_STACK)})
    ResponseEntity<Void> push(@PathVariable @PathKey String id,
                              @RequestBody @Schema(implementation = StackItem.class) JsonNode body) {
        stacks.push(id, StackBodies.pushedItem(body));
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{id}/pop")
    @Operation(summary = "Remove and return the top item (call :pop); 409 empty")
    @Sends(value = CALL, to = PROCESS_BY_ID,
            problems = @Problem(value = Failure.EMPTY, detail = "the stack is empty"))
    StackItem pop(@PathVariable @PathKey String id) {
        return new StackItem(stacks.pop(id));
    }

    @GetMapping("/{id}/peek")
    @Operation(summary = "Return the top item without removing it (call :peek); 409 empty")
    @Sends(value = CALL, to = PROCESS_BY_ID,
            problems = @Problem(value = Failure.EMPTY, detail = "the stack is empty"))
    StackItem peek(@PathVariable @PathKey String id) {
        return new StackItem(stacks.peek(id));
    }

    @GetMapping("/{id}/size")
    @Operation(summary = "Count the items (call :size)")
    @Sends(value = CALL, to = PROCESS_BY_ID)
    StackSize size(@PathVariable @PathKey String id) {
        return new StackSize(stacks.size(id));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Stop the stack (terminate_child); afterwards its id answers 404 noproc")
    @ApiResponse(responseCode = "204", description = "Stopped")
    @Sends(value = SUPERVISE, to = PROCESS_BY_ID)
    ResponseEntity<Void> delete(@PathVariable @PathKey String id) {
        stacks.delete(id);
        return ResponseEntity.noContent().build();
    }
}
