package dev.genserver.web;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * How full the heap is with what the collector could not free: the lowest occupancy any collection left in the
 * {@link #WINDOW} before the latest one, as a fraction of the heap's maximum; 0 until the first collection. One
 * reading would not do: after a young collection G1 still counts the old generation's garbage that no concurrent
 * cycle has marked yet, and read that way a heap 45 % live showed 0.77 to 0.88. The mixed and full collections
 * that reclaim it, which G1 runs within seconds while the heap is that full, show what stays. Read from the
 * collectors' notifications, so asking costs one volatile read. Closing it stops listening (its context closes;
 * tests start many).
 */
class HeapOccupancy implements NotificationListener, AutoCloseable {

    static final Duration WINDOW = Duration.ofSeconds(10);

    private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    private final long max = Runtime.getRuntime().maxMemory();
    private final LongSupplier nanoTime;
    /** The readings within the window, oldest first: {@code [nanoTime, Double.doubleToLongBits(occupancy)]}. */
    private final ArrayDeque<long[]> recent = new ArrayDeque<>();
    private volatile double lowestRecent;

    HeapOccupancy(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** Listens to every collector of this JVM. */
    static HeapOccupancy ofThisJvm() {
        HeapOccupancy occupancy = new HeapOccupancy(System::nanoTime);
        ManagementFactory.getGarbageCollectorMXBeans().forEach(collector ->
                ((NotificationEmitter) collector).addNotificationListener(occupancy, null, null));
        return occupancy;
    }

    /** The lowest occupancy within the window before the latest collection. */
    double occupied() {
        return lowestRecent;
    }

    @Override
    public void handleNotification(Notification notification, Object handback) {
        if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            collected(occupied(GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                    .getGcInfo().getMemoryUsageAfterGc(), heapPools, max));
        }
    }

    /** A collection left the heap {@code occupied} full. */
    synchronized void collected(double occupied) {
        long now = nanoTime.getAsLong();
        recent.addLast(new long[] {now, Double.doubleToLongBits(occupied)});
        while (now - recent.peekFirst()[0] > WINDOW.toNanos()) {
            recent.removeFirst();
        }
        lowestRecent = recent.stream().mapToDouble(reading -> Double.longBitsToDouble(reading[1])).min()
                .orElseThrow();
    }

    /** What the heap's pools hold of {@code max}, from a collection's usage of every pool. */
    static double occupied(Map<String, MemoryUsage> afterCollection, Set<String> heapPools, long max) {
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
