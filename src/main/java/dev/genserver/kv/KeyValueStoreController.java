package dev.genserver.kv;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Message.CAST;
import static dev.genserver.web.Sends.Message.SUPERVISE;
import static dev.genserver.web.Sends.Recipient.NEW_PROCESS;
import static dev.genserver.web.Sends.Recipient.PROCESS_BY_ID;
import static dev.genserver.web.Sends.Recipient.SINGLETON;

import dev.genserver.web.Failure;
import dev.genserver.web.PathKey;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import dev.genserver.web.Stores;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.hibernate.validator.constraints.Range;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Key-value stores over HTTP: calls answer 200 with their result, casts (put, clear) answer 202 once queued, an
 * unknown store is 404 {@code noproc} and an absent key 404 {@code not_found}.
 */
@RestController
@RequestMapping(path = "/api/kv", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "kv", description = "The seed's section \"3. Key-Value Store with Error Handling\": one store "
        + "process per id, started on demand under a dynamic supervisor; {:error, :not_found} is 404 not_found")
class KeyValueStoreController implements Sends.Settings {

    private final KeyValueStores stores;

    KeyValueStoreController(KeyValueStores stores) {
        this.stores = stores;
    }

    @Override
    public Object[] detailArguments() {
        return new Object[] {stores.maxEntries()};
    }

    @PostMapping
    @Operation(summary = "Create an empty store (KeyValueStore.start_link); 201 with its id")
    @ApiResponse(responseCode = "201", description = "Started; Location is the store's address",
            headers = @Header(name = "Location", ref = "#/components/headers/Location"))
    @Sends(value = SUPERVISE, to = {SINGLETON, NEW_PROCESS})
    ResponseEntity<StoreCreated> create() {
        String id = stores.create();
        return ResponseEntity.created(URI.create("/api/kv/" + id)).body(new StoreCreated(id));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A store's id and number of entries")
    @Sends(value = CALL, to = PROCESS_BY_ID)
    StoreInfo info(@PathVariable @PathKey String id) {
        return new StoreInfo(id, stores.size(id));
    }

    @PutMapping(path = "/{id}/entries/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Stores
    @Operation(summary = "Store any JSON value, null included, under the key (a call for room, then cast "
            + "{:put, key, value}); 202")
    @ApiResponse(responseCode = "202", description = "Queued: later requests to the store see the value")
    @Sends(value = CALL, to = PROCESS_BY_ID, // a call asks for room first, then the put is a cast
            problems = @Problem(value = Failure.FULL,
                    detail = KeyValueStores.FULL_STORE))
    ResponseEntity<Void> put(@PathVariable @PathKey String id, @PathVariable @PathKey String key,
            @RequestBody JsonNode value) {
        stores.put(id, key, value);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/{id}/entries/{key}")
    @Operation(summary = "Read the value under the key (call {:get, key}); 404 not_found if absent")
    @Sends(value = CALL, to = PROCESS_BY_ID,
            problems = @Problem(value = Failure.NOT_FOUND, detail = "no entry under this key"))
    Entry get(@PathVariable @PathKey String id, @PathVariable @PathKey String key) {
        return new Entry(key, stores.get(id, key));
    }

    @DeleteMapping("/{id}/entries/{key}")
    @Operation(summary = "Remove the entry and return it (call {:delete, key}); 404 not_found if absent")
    @Sends(value = CALL, to = PROCESS_BY_ID,
            problems = @Problem(value = Failure.NOT_FOUND, detail = "no entry under this key"))
    Entry delete(@PathVariable @PathKey String id, @PathVariable @PathKey String key) {
        return new Entry(key, stores.delete(id, key));
    }

    @GetMapping("/{id}/keys")
    @Operation(summary = "The keys, sorted ascending, one page of at most `limit` (default and maximum 1000) "
            + "after the key `after`; `next` is present when more follow")
    @Sends(value = CALL, to = PROCESS_BY_ID,
            problems = @Problem(value = Failure.INVALID_REQUEST, detail = "limit must be between 1 and 1000"))
    KeyPage keys(@PathVariable @PathKey String id, @RequestParam(required = false) @Parameter(description = "The "
                 + "page starts after this key (it need not exist): the previous page's `next`; none for the first "
                 + "page") String after,
                 @RequestParam(defaultValue = "" + KeyPage.MAX_LIMIT) @Parameter(schema = @Schema(type = "integer",
                         format = "int32", minimum = "1", maximum = "" + KeyPage.MAX_LIMIT,
                         defaultValue = "" + KeyPage.MAX_LIMIT))
                 @Range(min = 1, max = KeyPage.MAX_LIMIT, message = Failure.BETWEEN) int limit) {
        return stores.keys(id, after, limit);
    }

    @DeleteMapping("/{id}/entries")
    @Operation(summary = "Remove every entry (cast :clear); 202")
    @ApiResponse(responseCode = "202", description = "Queued: later requests to the store find it empty")
    @Sends(value = CAST, to = PROCESS_BY_ID)
    ResponseEntity<Void> clear(@PathVariable @PathKey String id) {
        stores.clear(id);
        return ResponseEntity.accepted().build();
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Stop the store (terminate_child); 204, then every request to it is 404 noproc")
    @ApiResponse(responseCode = "204", description = "Stopped")
    @Sends(value = SUPERVISE, to = {SINGLETON, PROCESS_BY_ID})
    ResponseEntity<Void> stop(@PathVariable @PathKey String id) {
        stores.stop(id);
        return ResponseEntity.noContent().build();
    }
}
