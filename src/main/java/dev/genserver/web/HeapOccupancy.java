package dev.genserver.web;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * How full the heap is after the latest collection, as a fraction of its maximum (0 until the first), from the
 * collectors' notifications, so asking costs a volatile read. The latest reading, not the lowest of a window, which
 * let the heap run out (docs/reliability.md). Closing it stops listening.
 */
class HeapOccupancy implements NotificationListener, AutoCloseable {

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final long max = Runtime.getRuntime().maxMemory();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private volatile double afterLatest;
    private final AtomicLong storedSince = new AtomicLong();

    /** Listens to every collector of this JVM. */
    static HeapOccupancy ofThisJvm() {
        HeapOccupancy occupancy = new HeapOccupancy();
        ManagementFactory.getGarbageCollectorMXBeans().forEach(collector ->
                ((NotificationEmitter) collector).addNotificationListener(occupancy, null, null));
        return occupancy;
    }

    /** The occupancy the latest collection left. */
    double occupied() {
        return afterLatest;
    }

    /** The heap's maximum, in bytes, of which {@link #occupied} is a share. */
    long max() {
        return max;
    }

    /** What has been stored since the latest collection, estimated in bytes: that collection could not count it. */
    long storedSince() {
        return storedSince.get();
    }

    /**
     * What the heap holds at this moment, garbage included, in bytes: more than is live, so a bound on what the latest
     * collection left together with what was stored since, which is only estimated. Asking costs a call into the JVM.
     */
    long inUse() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Counts {@code bytes} more stored since the latest collection. */
    void stored(long bytes) {
        storedSince.addAndGet(bytes);
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            collected(share(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                    .getGcInfo().getMemoryUsageAfterGc(), heapPools, max));
        }
    }

    /** A collection left the heap {@code occupied} full: that is the occupancy now, whatever came before. */
    void collected(double occupied) {
        // the collection counted what was stored before it (what was stored between its end and this notification,
        // milliseconds, is counted by neither)
        storedSince.set(0);
        afterLatest = occupied;
    }

    /** What the heap's pools hold of {@code max}, from a collection's usage of every pool. */
    static double share(Map<String, MemoryUsage> afterCollection, Set<String> heapPools, long max) {
        long used = afterCollection.entrySet().stream().filter(pool -> heapPools.contains(pool.getKey()))
                .mapToLong(pool -> pool.getValue().getUsed()).sum();
        return (double) used / max;
    }

    @Override
    public void close() {
        ManagementFactory.getGarbageCollectorMXBeans().forEach(collector -> {
            try {
                ((NotificationEmitter) collector).removeNotificationListener(this);
            } catch (ListenerNotFoundException alreadyGone) {
                // closed twice: nothing left to remove
            }
        });
    }
}
