package dev.genserver.bare;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline for the service's HTTP figures: endpoints of the same shapes as the service's counter increment,
 * cache get and kv put/get, each doing the least work that gives the same answer (an atomic counter, a map), on
 * plain Spring MVC with virtual threads and nothing else. Paths match the service's, so one wrk script drives both.
 */
@SpringBootApplication
@RestController
public class BareApplication {

    /** The shapes of the service's answers. */
    record Value(long value) { }

    record Entry(String key, Object value) { }

    record StoreCreated(String id) { }

    private final AtomicLong counter = new AtomicLong();
    private final Map<String, Object> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> entries = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        SpringApplication.run(BareApplication.class, args);
    }

    @PostMapping("/api/counter/increment")
    Value increment() {
        return new Value(counter.incrementAndGet());
    }

    @PutMapping("/api/cache/entries/{key}")
    ResponseEntity<Void> put(@PathVariable String key, @RequestBody Object value) {
        cache.put(key, value);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/api/cache/entries/{key}")
    ResponseEntity<Entry> get(@PathVariable String key) {
        Object value = cache.get(key);
        return value == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(new Entry(key, value));
    }

    @PostMapping("/api/kv")
    ResponseEntity<StoreCreated> create() {
        String id = UUID.randomUUID().toString();
        return ResponseEntity.created(URI.create("/api/kv/" + id)).body(new StoreCreated(id));
    }

    @PutMapping("/api/kv/{store}/entries/{key}")
    ResponseEntity<Void> putEntry(@PathVariable String store, @PathVariable String key, @RequestBody Object value) {
        entries.put(store + '/' + key, value);
        return ResponseEntity.accepted().build();
    }

    @GetMapping("/api/kv/{store}/entries/{key}")
    ResponseEntity<Entry> getEntry(@PathVariable String store, @PathVariable String key) {
        Object value = entries.get(store + '/' + key);
        return value == null ? ResponseEntity.notFound().build() : ResponseEntity.ok(new Entry(key, value));
    }
}
