package dev.genserver.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.GenServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A page of keys is the first keys after the cursor in sorted order, however the keys come. */
class ListingTest {

    @Test
    void firstAfter_isTheSortedKeysAfterTheCursor_cutAtTheLimit_forKeysInAnyOrder() {
        Random random = new Random(12);
        for (int round = 0; round < 200; round++) {
            List<String> keys = new ArrayList<>();
            int count = random.nextInt(60);
            for (int i = 0; i < count; i++) {
                keys.add(Integer.toString(random.nextInt(1000), 36)); // short keys: shared prefixes, repeats dropped
            }
            keys = new ArrayList<>(keys.stream().distinct().toList());
            Collections.shuffle(keys, random);
            String after = random.nextInt(4) == 0 ? null : Integer.toString(random.nextInt(1000), 36);
            int limit = random.nextInt(70);

            List<String> expected = keys.stream().filter(key -> after == null || key.compareTo(after) > 0).sorted()
                    .limit(limit).toList();
            assertThat(Listing.firstAfter(keys, after, limit)).as("keys %s after %s limit %d", keys, after, limit)
                    .isEqualTo(expected);
        }
    }

    @Test
    void aWalkThroughThePages_visitsEveryKeyOnce_inOrder() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            keys.add("k" + i);
        }
        Collections.shuffle(keys, new Random(3));
        KeyedProcesses processes = new FixedKeys(keys);

        List<String> walked = new ArrayList<>();
        String after = null;
        do {
            Listing page = Listing.of(processes, after);
            walked.addAll(page.keys());
            after = page.next();
        } while (after != null);

        assertThat(walked).isEqualTo(keys.stream().sorted().toList());
    }

    /** Keys only: a listing asks nothing else. */
    private record FixedKeys(List<String> all) implements KeyedProcesses {
        @Override
        public List<String> keys(String after, int limit) {
            return Listing.firstAfter(all, after, limit);
        }

        @Override
        public <R> R call(String key, Call<R> request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <R> R callOrStart(String key, Call<R> request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cast(String key, Object message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void castOrStart(String key, Object message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String create(Supplier<? extends GenServer<?>> server) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void stop(String key) {
            throw new UnsupportedOperationException();
        }
    }
}
