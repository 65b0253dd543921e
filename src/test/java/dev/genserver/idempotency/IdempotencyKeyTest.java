package dev.genserver.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The header's value: a structured-field string or a bare token, 1 to 256 characters, and nothing else. */
class IdempotencyKeyTest {

    @Test
    void aStructuredFieldString_isTheKeyItQuotes() {
        assertThat(IdempotencyKey.parse("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""))
                .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
        assertThat(IdempotencyKey.parse("\"a b\\\"c\\\\d\"")).isEqualTo("a b\"c\\d");
        assertThat(IdempotencyKey.parse("  \"k\"  ")).isEqualTo("k");
    }

    @Test
    void aBareToken_isAcceptedToo_evenStartingWithADigit() {
        assertThat(IdempotencyKey.parse("8e03978e-40d5-43e8-bc93-6894a57f9324"))
                .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
        assertThat(IdempotencyKey.parse("urn:key/1.2_3~")).isEqualTo("urn:key/1.2_3~");
    }

    @Test
    void upTo256Characters_areAKey() {
        assertThat(IdempotencyKey.parse("k".repeat(256))).hasSize(256);
        assertThat(IdempotencyKey.parse("\"" + "\\\"".repeat(256) + "\"")).hasSize(256);
        assertThat(IdempotencyKey.parse("k".repeat(257))).isNull();
        assertThat(IdempotencyKey.parse("\"" + "k".repeat(257) + "\"")).isNull();
        assertThat(IdempotencyKey.parse("k".repeat(100_000))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\"\"", "\"", "\"abc", "abc\"", "\"a\"b", "\"a\";p=1", "\"a\\x\"", "\"a\\\"",
            "a b", "a,b", "a;b", "(a)", "\"\u00e9\"", "\u00e9", "\"a\tb\"", "\"a\u0000\"", "a\u007f"})
    void anythingElse_isNoKey(String value) {
        assertThat(IdempotencyKey.parse(value)).isNull();
    }

    @Test
    void theHeaderGivenTwice_orNotAtAll_isNoKey() {
        assertThat(IdempotencyKey.parse(Collections.enumeration(List.of("\"a\"", "\"a\"")))).isNull();
        assertThat(IdempotencyKey.parse(Collections.enumeration(List.<String>of()))).isNull();
        assertThat(IdempotencyKey.parse(Collections.enumeration(List.of("\"a\"")))).isEqualTo("a");
    }
}
