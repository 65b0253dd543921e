package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The bounded heap behind every ranking keeps exactly what a full sort would put first. */
class TopKTest {

    private static final ProcessRuntime RUNTIME = ProcessRuntime.create();
    private static final List<Pid> PIDS = new ArrayList<>();

    static {
        for (int i = 0; i < 64; i++) {
            PIDS.add(RUNTIME.start(new Idle()));
        }
    }

    @Property(tries = 200)
    void keepsWhatAFullSortPutsFirst(@ForAll @Size(max = 64) List<@IntRange(max = 5) Integer> keys,
                                     @ForAll @IntRange(min = 1, max = 70) int k) {
        TopK top = new TopK(k);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            top.offer(keys.get(i), PIDS.get(i));
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(keys::get).reversed().thenComparingInt(i -> i));

        assertThat(top.bestFirst()).containsExactlyElementsOf(
                order.stream().limit(k).map(PIDS::get).toList());
    }

    @Property(tries = 50)
    void offersInAnyOrder_giveTheSameResult(@ForAll Random random) {
        List<Integer> indices = new ArrayList<>(java.util.stream.IntStream.range(0, 64).boxed().toList());
        java.util.Collections.shuffle(indices, random);
        TopK shuffled = new TopK(10);
        TopK inOrder = new TopK(10);
        indices.forEach(i -> shuffled.offer(i % 7, PIDS.get(i)));
        for (int i = 0; i < 64; i++) {
            inOrder.offer(i % 7, PIDS.get(i));
        }

        assertThat(shuffled.bestFirst()).containsExactlyElementsOf(inOrder.bestFirst());
    }
}
