package dev.genserver.events;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What an event's payload takes on the heap, estimated from its tree: 112 bytes a node (the node, and its share of
 * its parent's list or map) and two a character of its strings and field names. Against Jackson 3's trees of 1 MB
 * bodies of thirteen shapes, it came to 0.90 (objects of one distinct key each) to 1.22 times the measure (an array
 * of empty objects), and up to 18 times it where Jackson shares nodes (small numbers, empty strings).
 */
final class PayloadFootprint {

    private static final long PER_NODE = 112;
    private static final long PER_CHAR = 2;

    private PayloadFootprint() {
    }

    static long of(JsonNode payload) {
        if (payload == null) {
            return PER_NODE;
        }
        long bytes = 0;
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(payload);
        while (!pending.isEmpty()) { // a loop, not a recursion: the depth is the client's
            JsonNode node = pending.pop();
            bytes += PER_NODE;
            if (node.isString()) {
                bytes += PER_CHAR * node.stringValue().length();
            } else if (node.isObject()) {
                for (Map.Entry<String, JsonNode> member : node.properties()) {
                    bytes += PER_CHAR * member.getKey().length();
                    pending.push(member.getValue());
                }
            } else if (node.isArray()) {
                node.values().forEach(pending::push);
            }
        }
        return bytes;
    }
}
