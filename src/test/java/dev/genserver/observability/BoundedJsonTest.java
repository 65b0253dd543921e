package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The size guarantee on rendered states: whatever a server returns, the answer stays small and says what it cut. */
class BoundedJsonTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void smallTree_isCopiedUnchanged() {
        JsonNode tree = JsonMapper.shared().readTree("{\"size\":3,\"sampleKeys\":[\"a\",\"b\"],\"ok\":true,\"n\":null}");

        assertThat(BoundedJson.copy(tree)).isEqualTo(tree);
    }

    @Test
    void longArray_isCutAtTheNodeBudget_andSaysHowManyWereLeftOut() {
        ArrayNode numbers = NODES.arrayNode();
        for (int i = 0; i < 10_000; i++) {
            numbers.add(i);
        }

        JsonNode copy = BoundedJson.copy(numbers);

        assertThat(copy.size()).isEqualTo(BoundedJson.MAX_NODES);
        assertThat(copy.get(198).asInt()).isEqualTo(198);
        assertThat(copy.get(199).stringValue()).isEqualTo("… 9801 more");
    }

    @Test
    void bigObject_getsAMorePropertyWithTheCount() {
        ObjectNode entries = NODES.objectNode();
        for (int i = 0; i < 1_000; i++) {
            entries.put("key" + i, i);
        }

        JsonNode copy = BoundedJson.copy(entries);

        assertThat(copy.size()).isEqualTo(BoundedJson.MAX_NODES);
        assertThat(copy.get("…").stringValue()).isEqualTo("801 more");
    }

    @Test
    void longStringsAndNumbers_areTruncated_withoutSplittingASurrogatePair() {
        String longText = "x".repeat(BoundedJson.MAX_TEXT - 1) + "😀" + "tail";
        ObjectNode node = NODES.objectNode().put("text", longText).put("plain", "y".repeat(1_000));
        node.put("number", new java.math.BigInteger("9".repeat(500)));

        JsonNode copy = BoundedJson.copy(node);

        assertThat(copy.get("text").stringValue()).isEqualTo("x".repeat(BoundedJson.MAX_TEXT - 1) + "…");
        assertThat(copy.get("plain").stringValue()).isEqualTo("y".repeat(BoundedJson.MAX_TEXT) + "…");
        assertThat(copy.get("number").stringValue()).isEqualTo("9".repeat(BoundedJson.MAX_TEXT) + "…");
    }

    @Test
    void deepNesting_isCutAtTheMaximumDepth() {
        ObjectNode root = NODES.objectNode();
        ObjectNode level = root;
        for (int i = 0; i < 20; i++) {
            level = level.putObject("next");
        }

        JsonNode copy = BoundedJson.copy(root);

        JsonNode deepest = copy;
        for (int depth = 1; depth < BoundedJson.MAX_DEPTH; depth++) {
            deepest = deepest.get("next");
        }
        assertThat(deepest.stringValue()).isEqualTo("… 1 properties");
    }
}
