package dev.genserver.cache;

import dev.genserver.web.PathKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "cache")
class CacheController {

    private final Cache cache;

    CacheController(Cache cache) {
        this.cache = cache;
    }

    @PutMapping("/entries/{key}")
    @Operation(summary = "Store any JSON value under the key (cast {:put, key, value}); 202 once queued")
    ResponseEntity<Void> put(@PathVariable String key, @RequestBody JsonNode value) {
        cache.put(PathKeys.require("key", key), value);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/entries/{key}")
    @Operation(summary = "Read an entry and refresh its TTL (call {:get, key}); 404 not_found, 410 expired")
    CacheEntry get(@PathVariable String key) {
        return new CacheEntry(key, cache.get(PathKeys.require("key", key)));
    }

    @DeleteMapping("/entries/{key}")
    @Operation(summary = "Remove an entry; 204, or 404 not_found if there is no live entry")
    ResponseEntity<Void> delete(@PathVariable String key) {
        cache.delete(PathKeys.require("key", key));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/stats")
    @Operation(summary = "Size (live entries), maxSize, ttl in seconds, hits, misses, evictions, expirations")
    CacheStats stats() {
        return cache.stats();
    }
}
