package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * What a client may send: bodies up to {@code genserver.web.max-body-size} (1 MB by default), with or without a
 * Content-Length, and JSON within the reader's limits (nesting 64, numbers 1,000 digits, strings 1,000,000
 * characters). Beyond, 413 or 400 problem+json, and nothing is written.
 */
@IntegrationTest
class RequestLimitsHttpTest {

    private static final int LIMIT = 1024 * 1024;

    @LocalServerPort
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();
    private String store;

    @BeforeEach
    void createStore() throws Exception {
        HttpResponse<String> created = send("POST", "/api/kv", BodyPublishers.noBody());
        store = created.headers().firstValue("Location").orElseThrow();
    }

    @Test
    void bodyOfExactlyTheLimit_isAccepted() throws Exception {
        String body = arrayOfLength(LIMIT);

        assertThat(send("PUT", store + "/entries/at-limit", BodyPublishers.ofString(body)).statusCode())
                .isEqualTo(202);
        assertThat(send("GET", store + "/entries/at-limit", BodyPublishers.noBody()).statusCode()).isEqualTo(200);
    }

    @Test
    void bodyOneByteOverTheLimit_withContentLength_isContentTooLarge_andNothingIsWritten() throws Exception {
        HttpResponse<String> answer = send("PUT", store + "/entries/over", BodyPublishers.ofString(
                arrayOfLength(LIMIT + 1)));

        assertProblem(answer, 413, "body_too_large");
        assertThat(send("GET", store + "/entries/over", BodyPublishers.noBody()).statusCode()).isEqualTo(404);
    }

    @Test
    void chunkedBodyOverTheLimit_isContentTooLarge_andNothingIsWritten() throws Exception {
        HttpResponse<String> answer = send("PUT", store + "/entries/chunked", chunked(arrayOfLength(LIMIT + 1)));

        assertProblem(answer, 413, "body_too_large");
        assertThat(send("GET", store + "/entries/chunked", BodyPublishers.noBody()).statusCode()).isEqualTo(404);
    }

    @Test
    void chunkedBodyWithinTheLimit_isReadAsAnyOther() throws Exception {
        assertThat(send("PUT", store + "/entries/small", chunked("{\"a\":[1,2.50]}")).statusCode()).isEqualTo(202);

        assertThat(send("GET", store + "/entries/small", BodyPublishers.noBody()).body())
                .isEqualTo("{\"key\":\"small\",\"value\":{\"a\":[1,2.50]}}");
    }

    @Test
    void jsonBeyondTheReadersLimits_isInvalidJson() throws Exception {
        String deep = "[".repeat(65) + "]".repeat(65);
        String longNumber = "1".repeat(1001);
        String longString = "\"" + "x".repeat(1_000_001) + "\"";

        for (String body : new String[] {deep, longNumber, longString}) {
            assertProblem(send("PUT", store + "/entries/k", BodyPublishers.ofString(body)), 400, "invalid_json");
        }
        assertThat(send("GET", store + "/entries/k", BodyPublishers.noBody()).statusCode()).isEqualTo(404);
    }

    @Test
    void jsonJustWithinTheReadersLimits_isAccepted() throws Exception {
        String deep = "[".repeat(64) + "]".repeat(64);

        assertThat(send("PUT", store + "/entries/deep", BodyPublishers.ofString(deep)).statusCode()).isEqualTo(202);
        assertThat(send("PUT", store + "/entries/long", BodyPublishers.ofString("1".repeat(1000))).statusCode())
                .isEqualTo(202);
    }

    @Test
    void keyLongerThan256Characters_isInvalidKey() throws Exception {
        assertProblem(send("PUT", store + "/entries/" + "k".repeat(257), BodyPublishers.ofString("1")), 400,
                "invalid_key");
        assertThat(send("PUT", store + "/entries/" + "k".repeat(256), BodyPublishers.ofString("1")).statusCode())
                .isEqualTo(202);
    }

    /**
     * A right-to-left override made {@code \u202Eevil-gnp.exe} show as {@code exe.png-live} in the observer, and a
     * zero-width space made two names look alike; other Unicode text is a key like any other, joiners included.
     */
    @Test
    void keyWithABidiControlOrAnInvisibleSpace_isInvalidKey_andNothingIsStored() throws Exception {
        for (String key : new String[] {"%E2%80%AEevil-gnp.exe", "a%E2%81%A6b", "a%E2%80%8Bb", "%EF%BB%BFk",
                "a%E2%80%A8b", "a%E2%81%A2b"}) { // U+202E, U+2066, U+200B, U+FEFF, U+2028, U+2062
            assertProblem(send("PUT", store + "/entries/" + key, BodyPublishers.ofString("1")), 400, "invalid_key");
        }
        assertThat(send("GET", store + "/keys", BodyPublishers.noBody()).body()).doesNotContain("evil");
        for (String key : new String[] {"%D7%A9%D7%9C%D7%95%D7%9D-caf%C3%A9", // Hebrew, an accented letter
                "%D9%85%DB%8C%E2%80%8C%D8%AE%D9%88%D8%A7%D9%87%D9%85", // Persian with its U+200C
                "%F0%9F%91%A8%E2%80%8D%F0%9F%91%A9%E2%80%8D%F0%9F%91%A7"}) { // a family emoji, joined by U+200D
            assertThat(send("PUT", store + "/entries/" + key, BodyPublishers.ofString("1")).statusCode()).as(key)
                    .isEqualTo(202);
        }
    }

    /**
     * The rest of Unicode's invisible (default-ignorable) characters made two keys look alike just the same: a soft
     * hyphen, a Hangul filler, a deprecated format character, a musical format control, a tag character outside
     * an emoji flag's whole sequence, a variation selector after a letter of ASCII; so did a decomposed accent
     * beside the composed one. What text needs stays: a variation selector after what it varies (an emoji, a
     * keycap, an ideograph, Mongolian), an emoji flag's tag sequence, the flag alone.
     */
    @Test
    void keyWithAnotherInvisibleCharacter_orDecomposed_isInvalidKey_andNothingIsStored() throws Exception {
        for (String key : new String[] {"a%C2%ADb", "a%E3%85%A4b", "a%E2%81%AAb", "a%F0%9D%85%B3b",
                "a%F3%A0%81%A1", "a%CD%8Fb", "caf%65%CC%81", // U+00AD, 3164, 206A, 1D173, E0061, 034F; e + U+0301
                "a%EF%BF%B0", "a%EF%B8%8F", "a%EF%B8%80", // U+FFF0; a variation selector after a letter of ASCII
                "a%F0%9F%8F%B4%F3%A0%81%A1", // the black flag, a tag and no CANCEL TAG
                "a%F0%9F%8F%B4%F3%A0%81%A7%F3%A0%81%A2%F3%A0%81%A5%F3%A0%81%AE%F3%A0%81%A7%F3%A0%81%BF%F3%A0%81%A1"}) {
            assertProblem(send("PUT", store + "/entries/" + key, BodyPublishers.ofString("1")), 400, "invalid_key");
        }
        assertThat(send("GET", store + "/keys", BodyPublishers.noBody()).body()).doesNotContain("\"a");
        for (String key : new String[] {"%E2%9D%A4%EF%B8%8F", // a heart made an emoji by U+FE0F
                "%F0%9F%8F%B4%F3%A0%81%A7%F3%A0%81%A2%F3%A0%81%A5%F3%A0%81%AE%F3%A0%81%A7%F3%A0%81%BF", // England
                "%E1%A0%A8%E1%A0%8B", "caf%C3%A9", // Mongolian with U+180B; the composed é
                "%F0%9F%8F%B4", "1%EF%B8%8F%E2%83%A3", "%E8%BE%BB%F3%A0%84%80"}) { // the flag; a keycap; 辻 + VS17
            assertThat(send("PUT", store + "/entries/" + key, BodyPublishers.ofString("1")).statusCode()).as(key)
                    .isEqualTo(202);
        }
    }

    /**
     * A zero-width joiner or non-joiner where it joins nothing a reader sees (between letters of Latin, Cyrillic or
     * Han, beside a space, doubled, alone, at the start) made keys that show as another, or as nothing. Where it
     * does (an emoji sequence, the letters of a joining script, after a virama) it stays.
     */
    @Test
    void keyWithAJoinerThatJoinsNothing_isInvalidKey_andOneThatJoins_isAKey() throws Exception {
        Map<String, String> joinsNothing = new LinkedHashMap<>();
        joinsNothing.put("a\u200Cb", "between ASCII letters");
        joinsNothing.put("\u00E9\u200D\u00E9", "between Latin letters beyond ASCII: shows as éé");
        joinsNothing.put("\u65E5\u200C\u672C", "between Han: shows as 日本");
        joinsNothing.put("\u0434\u0430\u200D\u043D\u044B\u0435", "between Cyrillic letters");
        joinsNothing.put("x\u00A0\u200D\u00A0y", "between no-break spaces");
        joinsNothing.put("\u200D", "alone");
        joinsNothing.put("\u200D\u200D\u200D", "alone, three times");
        joinsNothing.put("\u200C\u0645", "at the start");
        joinsNothing.put("\u0645\u200C\u200C\u06CC", "doubled");
        for (Map.Entry<String, String> key : joinsNothing.entrySet()) {
            HttpResponse<String> answer = send("PUT", store + "/entries/" + encoded(key.getKey()),
                    BodyPublishers.ofString("1"));
            assertThat(answer.statusCode()).as(key.getValue()).isEqualTo(400);
            assertProblem(answer, 400, "invalid_key");
        }
        assertThat(send("GET", store + "/keys", BodyPublishers.noBody()).body()).isEqualTo("{\"keys\":[]}");

        for (String key : new String[] {
                "\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645", // Persian: U+200C between Arabic letters
                "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", // a family
                "\u2764\uFE0F\u200D\uD83D\uDD25", // a heart on fire: after U+FE0F
                "\uD83E\uDEF1\uD83C\uDFFB\u200D\uD83E\uDEF2\uD83C\uDFFF", // a handshake: after a skin tone
                "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08", // the rainbow flag
                "\u0915\u094D\u200D\u0937", // Devanagari ka, virama, U+200D, ssa
                "\u0915\u094D\u200D", // a half form at the end
                "\u0D05\u0D35\u0D28\u0D4D\u200D"}) { // Malayalam's chillu, the older way, at the end
            assertThat(send("PUT", store + "/entries/" + encoded(key), BodyPublishers.ofString("1")).statusCode())
                    .as(key).isEqualTo(202);
        }
    }

    private static String encoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A JSON array of ones, exactly {@code length} bytes long. */
    private static String arrayOfLength(int length) {
        int pad = length % 2 == 0 ? 2 : 1; // "[" + "1," * n + pad + "]"
        return "[" + "1,".repeat((length - 2 - pad) / 2) + "1".repeat(pad) + "]";
    }

    /** A body of unknown length: the client sends it chunked, without Content-Length. */
    private static BodyPublisher chunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
    }

    private HttpResponse<String> send(String method, String path, BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").method(method, body).build();
        return http.send(request, BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> answer, int status, String error) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(answer.body()).contains("\"error\":\"" + error + "\"").doesNotContain("Exception");
    }
}
