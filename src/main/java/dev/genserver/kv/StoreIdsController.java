package dev.genserver.kv;

import static dev.genserver.web.Sends.Message.LOOKUP;

import dev.genserver.keyed.Listing;
import dev.genserver.web.Sends;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/kv}: the ids of the stores. An id is the capability to use and delete its store, so the list
 * hands every client every store; with {@code genserver.kv.list-ids=false} the endpoint is not there (a GET is
 * 405, the OpenAPI document leaves it out), for a deployment whose clients must not reach each other's stores.
 */
@RestController
@RequestMapping(path = "/api/kv", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "kv")
@ConditionalOnBooleanProperty(name = "genserver.kv.list-ids", matchIfMissing = true)
class StoreIdsController {

    private final KeyValueStores stores;

    StoreIdsController(KeyValueStores stores) {
        this.stores = stores;
    }

    @GetMapping
    @Sends(LOOKUP)
    @Operation(summary = "List the ids of the existing stores, sorted, a page of at most 1000 after the id "
            + "`after`; `next` is present when more follow; off with genserver.kv.list-ids=false")
    StoreIds ids(@RequestParam(required = false)
            @Parameter(description = "The page starts after this id (it need not exist): the previous page's "
                    + "`next`; none for the first page") String after) {
        Listing page = stores.ids(after);
        return new StoreIds(page.keys(), page.next());
    }
}
