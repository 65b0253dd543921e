package dev.genserver.app;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON values written to bytes and read back with every digit kept, as the service reads them from clients
 * ({@code spring.jackson.deserialization}), so they are written out again with the value and precision they came
 * with: {@code 1.10} stays {@code 1.10}, {@code 1e400} stays a number ({@code 1E+400}). Not the sign of a zero:
 * a BigDecimal has none, so {@code -0.0} comes back {@code 0.0} (Elixir's Jason keeps the float's, and reads
 * {@code -0} as {@code 0} too). Jackson's default reading, {@code JsonMapper.shared()} and a
 * {@code JsonNode}'s own Java serialization alike, makes a double of every decimal ({@code 1.1},
 * {@code "Infinity"}).
 */
public final class ExactJson {

    /** Integers are read exactly by default, as the smallest of int, long and BigInteger that holds them. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private ExactJson() {
    }

    public static byte[] write(JsonNode value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** @throws tools.jackson.core.JacksonException if {@code json} is not one JSON value */
    public static JsonNode read(byte[] json) {
        return MAPPER.readTree(json);
    }
}
