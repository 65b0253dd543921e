package dev.genserver.cache;

import static dev.genserver.web.Sends.Message.CALL;
import static dev.genserver.web.Sends.Message.CAST;
import static dev.genserver.web.Sends.Recipient.SINGLETON;

import dev.genserver.web.Failure;
import dev.genserver.web.PathKey;
import dev.genserver.web.Sends;
import dev.genserver.web.Sends.Problem;
import dev.genserver.web.Stores;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The TTL/LRU cache over HTTP: put is a cast (202), get, delete and stats are calls. */
@RestController
@RequestMapping(path = "/api/cache", produces = "application/json")
@Tag(name = "cache", description = "The seed's section \"5. State Initialization with Arguments\" "
        + "(ConfigurableCache, started with max_size and ttl), grown into \"Next Steps\" 1: a named cache with TTL "
        + "and LRU eviction")
class CacheController {

    private final Cache cache;

    CacheController(Cache cache) {
        this.cache = cache;
    }

    @PutMapping(path = "/entries/{key}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Stores
    @Operation(summary = "Store any JSON value under the key (cast {:put, key, value}); 202 once queued")
    @ApiResponse(responseCode = "202", description = "Queued: later requests see the value")
    @Sends(value = CAST, to = SINGLETON)
    ResponseEntity<Void> put(@PathVariable @PathKey String key, @RequestBody JsonNode value) {
        cache.put(key, value);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/entries/{key}")
    @Operation(summary = "Read an entry and refresh its TTL (call {:get, key}); 404 not_found, 410 expired")
    @Sends(value = CALL, to = SINGLETON, problems = {
            @Problem(value = Failure.NOT_FOUND, detail = "no entry for this key"),
            @Problem(value = Failure.EXPIRED, detail = "the entry's time to live had run out")})
    CacheEntry get(@PathVariable @PathKey String key) {
        return new CacheEntry(key, cache.get(key));
    }

    @DeleteMapping("/entries/{key}")
    @Operation(summary = "Remove an entry; 204, or 404 not_found if there is no live entry")
    @ApiResponse(responseCode = "204", description = "Removed")
    @Sends(value = CALL, to = SINGLETON,
            problems = @Problem(value = Failure.NOT_FOUND, detail = "no entry for this key"))
    ResponseEntity<Void> delete(@PathVariable @PathKey String key) {
        cache.delete(key);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/stats")
    @Operation(summary = "Size (live entries), maxSize, ttl in seconds, hits, misses, evictions, expirations")
    @Sends(value = CALL, to = SINGLETON)
    CacheStats stats() {
        return cache.stats();
    }
}
