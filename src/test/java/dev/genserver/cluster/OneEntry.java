package dev.genserver.cluster;

import com.hazelcast.map.ExtendedMapEntry;
import java.util.concurrent.TimeUnit;

/** One map entry as an entry processor sees it on its owner, counting the writes and keeping the last time to live. */
final class OneEntry<V> implements ExtendedMapEntry<String, V> {

    V value;
    long ttlMillis = -1;
    int writes;

    OneEntry(V value) {
        this.value = value;
    }

    @Override
    public V setValue(V value, long ttl, TimeUnit unit) {
        V old = this.value;
        this.value = value;
        this.ttlMillis = unit.toMillis(ttl);
        writes++;
        return old;
    }

    @Override
    public V setValueWithoutChangingExpiryTime(V value) {
        return setValue(value, ttlMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public String getKey() {
        return "key";
    }

    @Override
    public V getValue() {
        return value;
    }

    @Override
    public V setValue(V value) {
        return setValue(value, -1, TimeUnit.MILLISECONDS);
    }
}
