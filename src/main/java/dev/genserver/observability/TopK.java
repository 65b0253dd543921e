package dev.genserver.observability;

import dev.genserver.runtime.Pid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The {@code k} processes with the largest keys seen, ties to the oldest (lowest id): a binary min-heap of fixed
 * size whose root is the worst kept, so a process that would not make it costs one comparison and no allocation.
 *
 * <p>Not thread-safe: one per ranking.
 */
final class TopK {

    private final double[] keys;
    private final Pid[] pids;
    private int size;

    TopK(int k) {
        keys = new double[k];
        pids = new Pid[k];
    }

    void offer(double key, Pid pid) {
        if (size < keys.length) {
            keys[size] = key;
            pids[size] = pid;
            up(size++);
        } else if (size > 0 && better(key, pid, keys[0], pids[0])) {
            keys[0] = key;
            pids[0] = pid;
            down(0);
        }
    }

    /** The processes kept, best first. */
    List<Pid> bestFirst() {
        List<Integer> order = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            order.add(i);
        }
        order.sort((a, b) -> better(keys[a], pids[a], keys[b], pids[b]) ? -1 : 1);
        List<Pid> best = new ArrayList<>(size);
        order.forEach(i -> best.add(pids[i]));
        return Collections.unmodifiableList(best);
    }

    private static boolean better(double key, Pid pid, double otherKey, Pid other) {
        return key > otherKey || key == otherKey && pid.id() < other.id();
    }

    private void up(int i) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!better(keys[parent], pids[parent], keys[i], pids[i])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void down(int i) {
        while (true) {
            int worst = i;
            for (int child = 2 * i + 1; child <= 2 * i + 2 && child < size; child++) {
                if (better(keys[worst], pids[worst], keys[child], pids[child])) {
                    worst = child;
                }
            }
            if (worst == i) {
                return;
            }
            swap(i, worst);
            i = worst;
        }
    }

    private void swap(int a, int b) {
        double key = keys[a];
        keys[a] = keys[b];
        keys[b] = key;
        Pid pid = pids[a];
        pids[a] = pids[b];
        pids[b] = pid;
    }
}
