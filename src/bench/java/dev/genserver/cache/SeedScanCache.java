package dev.genserver.cache;

import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The baseline for {@link CacheBenchmark}: the seed's {@code ConfigurableCache} as written in the guide, a value
 * map and an access-time map, where a put into a full cache evicts the entry with the smallest access time found
 * by scanning them all ({@code Enum.min_by(state.access_times, fn {_, time} -> time end)}). Access times are a
 * logical clock, so the oldest entry is unique; nothing expires during the benchmark.
 */
final class SeedScanCache {

    private final int maxSize;
    private final HashMap<String, JsonNode> data = new HashMap<>();
    private final HashMap<String, Long> accessTimes = new HashMap<>();
    private long clock;

    SeedScanCache(int maxSize) {
        this.maxSize = maxSize;
    }

    void put(String key, JsonNode value) {
        if (!data.containsKey(key) && data.size() >= maxSize) {
            evictOldest();
        }
        data.put(key, value);
        accessTimes.put(key, ++clock);
    }

    JsonNode get(String key) {
        JsonNode value = data.get(key);
        if (value != null) {
            accessTimes.put(key, ++clock);
        }
        return value;
    }

    int size() {
        return data.size();
    }

    private void evictOldest() {
        String oldest = null;
        long oldestTime = Long.MAX_VALUE;
        for (Map.Entry<String, Long> entry : accessTimes.entrySet()) {
            if (entry.getValue() < oldestTime) {
                oldestTime = entry.getValue();
                oldest = entry.getKey();
            }
        }
        data.remove(oldest);
        accessTimes.remove(oldest);
    }
}
