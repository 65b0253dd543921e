package dev.genserver.stack;

import static dev.genserver.web.Sends.Message.LOOKUP;

import dev.genserver.keyed.Listing;
import dev.genserver.web.Sends;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/stacks}: the ids of the stacks. An id is the capability to use and delete its stack, so the list
 * hands every client every stack; with {@code genserver.stacks.list-ids=false} the endpoint is not there (a GET is
 * 405, the OpenAPI document leaves it out), for a deployment whose clients must not reach each other's stacks.
 */
@RestController
@RequestMapping(path = "/api/stacks", produces = "application/json")
@Tag(name = "stacks")
@ConditionalOnBooleanProperty(name = "genserver.stacks.list-ids", matchIfMissing = true)
class StackIdsController {

    private final Stacks stacks;

    StackIdsController(Stacks stacks) {
        this.stacks = stacks;
    }

    @GetMapping
    @Sends(LOOKUP)
    @Operation(summary = "List stack ids, sorted, a page of at most 1000 after the id `after`; `next` is present "
            + "when more follow; off with genserver.stacks.list-ids=false")
    StackIdList list(@RequestParam(required = false)
            @Parameter(description = "The page starts after this id (it need not exist): the previous page's "
                    + "`next`; none for the first page") String after) {
        Listing page = stacks.ids(after);
        return new StackIdList(page.keys(), page.next());
    }
}
