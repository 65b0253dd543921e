package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Two bytes a byte of text, and 80 for each value or member a structural character outside a string starts. */
class JsonFootprintTest {

    @Test
    void countsStructuralCharacters_outsideStringsOnly() {
        assertThat(footprint("1")).isEqualTo(2 + 80);
        assertThat(footprint("[{},{}]")).isEqualTo(2 * 7 + 80 * 5); // [ { , { and one more
        assertThat(footprint("{\"a\":1}")).isEqualTo(2 * 7 + 80 * 3);
        assertThat(footprint("\"{[,:]}\"")).isEqualTo(2 * 8 + 80);
        assertThat(footprint("[\"a\\\",\",1]")).isEqualTo(2 * 10 + 80 * 3); // an escaped quote does not end it
        assertThat(footprint("[\"a\\\\\",1]")).isEqualTo(2 * 9 + 80 * 3); // an escaped backslash does not escape
    }

    private static long footprint(String json) {
        return JsonFootprint.of(json.getBytes(StandardCharsets.UTF_8));
    }
}
