package dev.genserver.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Request bodies a client gets wrong. {@link #neverValid()} are refused by every endpoint that reads a body,
 * whatever it expects (broken syntax, broken encoding, past the reader's limits, not JSON at all), so they may be
 * aimed at the data of a correct client; {@link #wrongShapes} are well-formed JSON of the wrong shape, which an
 * endpoint taking any JSON value may accept.
 */
final class HostileBodies {

    /** A body and the Content-Type it is sent with (null: none). */
    record Body(String label, String contentType, byte[] bytes) { }

    private static final String JSON = "application/json";
    private static final List<String> FIELDS = List.of("item", "items", "a", "b", "delayMs", "userId", "durationMs",
            "fail", "type", "payload", "id", "key", "value");
    private static final List<String> WRONG_VALUES = List.of("null", "\"7\"", "7.5", "1e999999", "-1", "[]", "{}",
            "true", "\"" + "x".repeat(300) + "\"", "99999999999999999999999", "-1e999999", "[null]", "{\"x\":{}}");

    private HostileBodies() {
    }

    static List<Body> neverValid() {
        List<Body> bodies = new ArrayList<>();
        for (String text : List.of("{", "[", "{\"a\":", "{\"a\":1,}", "[1,2", "tru", "nul", "{'a':1}", "{\"a\" 1}",
                "\"unterminated", "{\"a\":01}", "NaN", "Infinity", "-", "1.", ".5", "0x10", "{\"a\":\"\\x\"}",
                "[1,,2]", "{\"a\":1 \"b\":2}", "{1:2}", "\u0000", "// comment\n{}", "/* c */ 1", "{\"a\":+1}")) {
            bodies.add(json("malformed " + text, text));
        }
        bodies.add(json("truncated deep", "[".repeat(1000)));
        bodies.add(json("nested past 64", "[".repeat(65) + "]".repeat(65)));
        bodies.add(json("nested 10000", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        bodies.add(json("number of 1001 digits", "1".repeat(1001)));
        bodies.add(json("string past the limit", "\"" + "s".repeat(1_000_001) + "\""));
        bodies.add(new Body("over max-body-size", JSON, ("[" + "1,".repeat(600_000) + "1]")
                .getBytes(StandardCharsets.US_ASCII)));
        bodies.add(bytes("invalid utf-8 ff fe", 0x22, 0xff, 0xfe, 0x22));
        bodies.add(bytes("invalid utf-8 c3 28", 0x22, 0xc3, 0x28, 0x22));
        bodies.add(bytes("overlong utf-8 slash", 0x22, 0xc0, 0xaf, 0x22));
        bodies.add(bytes("truncated utf-8", 0x22, 0xe2, 0x82));
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "image/png")) {
            bodies.add(new Body("content type " + type, type, "{}".getBytes(StandardCharsets.US_ASCII)));
        }
        bodies.add(new Body("no content type", null, "{}".getBytes(StandardCharsets.US_ASCII)));
        return bodies;
    }

    /** {@code count} well-formed bodies of wrong shapes and types, drawn from {@code random}. */
    static List<Body> wrongShapes(Random random, int count) {
        List<Body> bodies = new ArrayList<>();
        for (String text : List.of("", "{}", "[]", "null", "\"\"", "0", "2.5", "1e999999", "1e-999999", "true",
                "{\"unknown\":1}", "{} trailing", "{\"a\":1}{\"b\":2}", "\"\ud800\"")) {
            bodies.add(json("shape " + text, text));
        }
        while (bodies.size() < count) {
            StringBuilder object = new StringBuilder("{");
            int fields = 1 + random.nextInt(3);
            for (int i = 0; i < fields; i++) {
                object.append(i == 0 ? "" : ",").append('"').append(FIELDS.get(random.nextInt(FIELDS.size())))
                        .append("\":").append(WRONG_VALUES.get(random.nextInt(WRONG_VALUES.size())));
            }
            bodies.add(json("object", object.append('}').toString()));
        }
        return bodies;
    }

    private static Body json(String label, String text) {
        return new Body(label.length() > 40 ? label.substring(0, 40) : label, JSON,
                text.getBytes(StandardCharsets.UTF_8));
    }

    private static Body bytes(String label, int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int value : values) {
            out.write(value);
        }
        return new Body(label, JSON, out.toByteArray());
    }
}
