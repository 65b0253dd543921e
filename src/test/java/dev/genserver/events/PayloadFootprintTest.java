package dev.genserver.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/** 112 bytes a node, and two a character of its strings and field names. */
class PayloadFootprintTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void countsEveryNode_andTheCharactersOfStringsAndNames() {
        assertThat(footprint("null")).isEqualTo(112);
        assertThat(footprint("\"abc\"")).isEqualTo(112 + 2 * 3);
        assertThat(footprint("[1,[2,{}]]")).isEqualTo(112 * 5);
        assertThat(footprint("{\"user\":\"alice\",\"n\":1}")).isEqualTo(112 * 3 + 2 * (4 + 5 + 1));
        assertThat(PayloadFootprint.of(null)).isEqualTo(112);
    }

    @Test
    void aDeepPayload_isWalkedWithoutRecursion() {
        ArrayNode outer = JSON.createArrayNode();
        ArrayNode inner = outer;
        for (int depth = 1; depth < 100_000; depth++) { // deeper than a recursion's stack would take
            inner = inner.addArray();
        }
        assertThat(PayloadFootprint.of(outer)).isEqualTo(112L * 100_000);
    }

    private static long footprint(String json) {
        return PayloadFootprint.of(JSON.readTree(json));
    }
}
