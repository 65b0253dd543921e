package dev.genserver.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.ProcessTrees;
import dev.genserver.keyed.Listing;
import dev.genserver.keyed.LocalProcessDirectory;
import dev.genserver.runtime.ProcessRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/kv} never lists more than 1000 ids at once, however many stores exist, and pages through the
 * rest.
 */
class StoreListBoundTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final KeyValueStores stores = new KeyValueStores(new LocalProcessDirectory(ProcessTrees.in(runtime)),
            new KvProperties(2000, 10, null, true));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void ids_ofMoreStoresThanAPage_areTheFirstThousandInOrder_thenTheRest() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i <= Listing.PAGE; i++) {
            created.add(stores.create());
        }
        List<String> sorted = created.stream().sorted().toList();

        Listing first = stores.ids(null);
        assertThat(first.keys()).isEqualTo(sorted.subList(0, Listing.PAGE));
        assertThat(first.next()).isEqualTo(sorted.get(Listing.PAGE - 1));
        assertThat(stores.ids(first.next())).isEqualTo(new Listing(List.of(sorted.getLast()), null));
    }
}
