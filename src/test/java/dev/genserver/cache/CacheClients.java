package dev.genserver.cache;

import dev.genserver.keyed.ProcessDirectory;
import java.time.Clock;
import java.time.Duration;

/** The cache's client bean built without Spring, for tests in other packages (the cluster's). */
public final class CacheClients {

    /** The key of the cache's process: its service's name. */
    public static final String KEY = Cache.NAME.toString();

    private CacheClients() {
    }

    /** A cache of at most {@code maxSize} entries living {@code ttl} after their last access, in {@code directory}. */
    public static Cache on(ProcessDirectory directory, Clock clock, int maxSize, Duration ttl) {
        return new Cache(directory, new CacheProperties(maxSize, ttl), clock);
    }
}
