package dev.genserver.stack;

import dev.genserver.web.PathKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
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
@Tag(name = "stacks")
class StackController {

    private final Stacks stacks;

    StackController(Stacks stacks) {
        this.stacks = stacks;
    }

    @PostMapping
    @Operation(summary = "Start a stack (Stack.start_link/1); optional body {\"items\": [...]}, bottom to top")
    ResponseEntity<StackInfo> create(@RequestBody(required = false) JsonNode body) {
        var items = StackBodies.initialItems(body);
        String id = stacks.create(items);
        return ResponseEntity.created(URI.create("/api/stacks/" + id)).body(new StackInfo(id, items.size()));
    }

    @GetMapping
    @Operation(summary = "List stack ids (at most 1000, in no particular order)")
    StackIdList list() {
        return new StackIdList(stacks.ids());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Show a stack's id and size")
    StackInfo show(@PathVariable String id) {
        return new StackInfo(id, stacks.size(PathKeys.require("id", id)));
    }

    @PostMapping("/{id}/push")
    @Operation(summary = "Push an item (cast {:push, item}); 202 once queued; the item is any JSON value but null")
    ResponseEntity<Void> push(@PathVariable String id, @RequestBody JsonNode body) {
        stacks.push(PathKeys.require("id", id), StackBodies.pushedItem(body));
        return ResponseEntity.accepted().build();
    }

    @PostMapping("/{id}/pop")
    @Operation(summary = "Remove and return the top item (call :pop); 409 empty")
    StackItem pop(@PathVariable String id) {
        return new StackItem(stacks.pop(PathKeys.require("id", id)));
    }

    @GetMapping("/{id}/peek")
    @Operation(summary = "Return the top item without removing it (call :peek); 409 empty")
    StackItem peek(@PathVariable String id) {
        return new StackItem(stacks.peek(PathKeys.require("id", id)));
    }

    @GetMapping("/{id}/size")
    @Operation(summary = "Count the items (call :size)")
    StackSize size(@PathVariable String id) {
        return new StackSize(stacks.size(PathKeys.require("id", id)));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Stop the stack (terminate runs); afterwards its id answers 404 noproc")
    ResponseEntity<Void> delete(@PathVariable String id) {
        stacks.delete(PathKeys.require("id", id));
        return ResponseEntity.noContent().build();
    }
}
