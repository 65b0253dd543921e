package dev.genserver.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.ProcessTrees;
import dev.genserver.keyed.LocalProcessDirectory;
import dev.genserver.runtime.ProcessRuntime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/kv} never lists more than 1000 ids, however many stores exist. */
class StoreListBoundTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final KeyValueStores stores = new KeyValueStores(new LocalProcessDirectory(ProcessTrees.in(runtime)),
            new KvProperties(2000, 10, null, true));

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void ids_ofMoreStoresThanTheListLimit_areTheFirstThousandInOrder() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i <= KeyValueStores.LIST_LIMIT; i++) {
            created.add(stores.create());
        }

        assertThat(stores.ids()).hasSize(KeyValueStores.LIST_LIMIT)
                .isEqualTo(created.stream().sorted().limit(KeyValueStores.LIST_LIMIT).toList());
    }
}
