package dev.genserver.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import dev.genserver.testing.IntegrationTest;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Regressions for what {@link HostileInputFuzzTest} found, each named after what broke. */
@IntegrationTest
class FuzzFindingsHttpTest {

    @LocalServerPort
    private int port;
    @LocalManagementPort
    private int managementPort;

    @Test
    void errorPageRequestedDirectly_wasA500_isA404Problem() {
        assertProblem(get("/error", ""), 404, "unknown_endpoint");
    }

    @Test
    void errorPageOfTheManagementPort_wasBootsErrorMapWith200_isA404Problem() {
        assertProblem(new RawHttp(managementPort).exchange("GET /error HTTP/1.1\r\nHost: localhost", new byte[0]),
                404, "unknown_endpoint");
    }

    @Test
    void unknownHealthComponent_wasAnEmpty404_isA404Problem() {
        assertProblem(get("/actuator/health/nothing-here", ""), 404, "unknown_endpoint");
    }

    @Test
    void unparsableAcceptHeader_wasAnEmpty406_isA406Problem() {
        assertProblem(get("/api/counter", "\r\nAccept: ;;"), 406, "not_acceptable");
    }

    @Test
    void undecodableQueryOnAnActuatorEndpoint_wasA500_isA400Problem() {
        assertProblem(get("/actuator/health?a=%25zz&b=%", ""), 400, "invalid_request");
        assertProblem(get("/actuator/health?" + "q=1&".repeat(1001), ""), 400, "invalid_request");
    }

    /** Tomcat fails on such a query only once a parameter is read: an endpoint that reads none served it. */
    @Test
    void undecodableQueryOnAnEndpointThatReadsNoParameter_wasServed_isA400Problem_andCountsNothing() {
        String before = get("/api/counters/query-probe", "").body();
        for (String query : List.of("%ZZ=1", "a=%", "a=%4", "a=%C3%28", "a=%C0%AF")) {
            assertThat(assertProblem(send("POST", "/api/counters/query-probe/increment?" + query, "", new byte[0]),
                    400, "invalid_request")).as(query).contains(RequestGuard.UNDECODABLE_QUERY);
        }
        assertThat(get("/api/counters/query-probe", "").body()).isEqualTo(before);
        assertThat(send("POST", "/api/counters/query-probe/increment?a=%C3%A9&b=%2B+c", "", new byte[0]).status())
                .isEqualTo(200);
    }

    /** Tomcat reads a POST's URL-encoded body with the query, and failed on it only where a parameter was read. */
    @Test
    void undecodableFormBodyOfAPostThatReadsNoParameter_wasApplied_isA400Problem_andCountsNothing() {
        String before = get("/api/counter", "").body();
        for (String form : List.of("a=%zz", "a=%C3%28", "q=1&".repeat(1001))) {
            assertThat(assertProblem(send("POST", "/api/counter/increment",
                    "\r\nContent-Type: application/x-www-form-urlencoded", form.getBytes(StandardCharsets.ISO_8859_1)),
                    400, "invalid_request")).as(form).contains(RequestGuard.UNDECODABLE_PARAMETERS);
        }
        RawHttp.Response chunked = new RawHttp(port).exchange("POST /api/counter/increment HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked",
                "5\r\na=%zz\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(assertProblem(chunked, 400, "invalid_request")).contains(RequestGuard.UNDECODABLE_PARAMETERS);
        assertThat(get("/api/counter", "").body()).isEqualTo(before);
        assertThat(send("POST", "/api/counter/increment", "\r\nContent-Type: application/x-www-form-urlencoded",
                "a=%C3%A9&b=%2B+c".getBytes(StandardCharsets.ISO_8859_1)).status()).isEqualTo(200);
    }

    /** A form's parameters, read by the guard rather than Tomcat, still reach the handler, with or without a length. */
    @Test
    void aParameterInAUrlEncodedBody_isRead_withOrWithoutALength() {
        byte[] form = "other=%C3%A9+x&permits=2".getBytes(StandardCharsets.US_ASCII);
        assertThat(send("POST", "/api/rate-limits/form-permits/acquire",
                "\r\nContent-Type: application/x-www-form-urlencoded", form).body()).contains("\"remaining\":8");
        assertThat(new RawHttp(port).exchange("POST /api/rate-limits/form-permits/acquire HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked",
                ("18\r\nother=%C3%A9+x&permits=2\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)).body())
                .contains("\"remaining\":6");
        assertProblem(send("POST", "/api/rate-limits/form-permits/acquire?permits=1",
                "\r\nContent-Type: application/x-www-form-urlencoded", form), 400, "invalid_request");
    }

    @Test
    void overlongUtf8InAJsonBody_wasStoredAsASlash_isInvalidJson() {
        byte[] overlongSlash = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        RawHttp.Response answer = new RawHttp(port).exchange("PUT /api/cache/entries/overlong HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: 4", overlongSlash);

        assertProblem(answer, 400, "invalid_json");
        assertThat(get("/api/cache/entries/overlong", "").status()).isEqualTo(404);
    }

    @Test
    void overlongUtf8InAJsonBodyOnTheManagementPort_isInvalidJson() {
        byte[] overlongSlash = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
        RawHttp.Response answer = new RawHttp(managementPort).exchange("POST /actuator/processes/counter/suspend "
                + "HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 4",
                overlongSlash);

        assertProblem(answer, 400, "invalid_json");
        assertThat(answer.body()).contains("not valid UTF-8");
    }

    @Test
    void brokenMultipartBodyForAFormParameter_wasA500_isA400Problem_andTakesNoPermit() {
        byte[] broken = "--xx\r\nbroken".getBytes(StandardCharsets.US_ASCII);
        RawHttp.Response answer = new RawHttp(port).exchange("POST /api/rate-limits/broken-multipart/acquire HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: "
                + broken.length, broken);

        assertProblem(answer, 400, "invalid_request");
        assertThat(new RawHttp(port).exchange("POST /api/rate-limits/broken-multipart/acquire HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Length: 0", new byte[0]).body()).contains("\"remaining\":9");
    }

    /**
     * A multipart body holds at least one part (RFC 2046, 5.1.1); Tomcat reads one with no delimiter at all, or only
     * the closing one, as a form without fields, and the request was served with its parameters' defaults.
     */
    @Test
    void multipartBodyWithoutAPart_wasServedAsAnEmptyForm_isA400Problem_andTakesNoPermit() {
        for (String body : List.of("garbage", "--xx--\r\n")) {
            byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
            assertThat(assertProblem(new RawHttp(port).exchange("POST /api/rate-limits/partless-multipart/acquire "
                    + "HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=xx\r\n"
                    + "Content-Length: " + bytes.length, bytes), 400, "invalid_request"))
                    .contains(ProblemAdvice.UNPARSABLE_MULTIPART);
        }
        byte[] form = "--xx\r\nContent-Disposition: form-data; name=\"permits\"\r\n\r\n2\r\n--xx--\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(new RawHttp(port).exchange("POST /api/rate-limits/partless-multipart/acquire HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: multipart/form-data; boundary=xx\r\nContent-Length: "
                + form.length, form).body()).contains("\"remaining\":8");
    }

    /** Tomcat 11.0.x keeps a recycled processor's HTTP/0.9 flag (see server.ProcessorResettingProtocol); on both ports. */
    @Test
    void malformedRequestLineAfterAnHttp09Request_wasAnsweredWithoutStatusLine_isAWhole400() {
        for (int each : new int[] {port, managementPort}) {
            RawHttp http = new RawHttp(each);
            http.exchange("GET /api/counter\nX HTTP/1.1\r\nHost: localhost", new byte[0]);

            for (int i = 0; i < 5; i++) {
                RawHttp.Response answer = http.exchange("GET /api/cache/entries/a|b HTTP/1.1\r\nHost: localhost",
                        new byte[0]);
                assertThat(answer.dropped()).as("port " + each).isNull();
                assertThat(answer.status()).as("port " + each).isEqualTo(400);
            }
        }
    }

    @Test
    void semicolonAfterAnEncodedOrMatrixPrefix_wasCutToTheKeyBeforeIt_isInvalidKey_andCountsNothing() {
        for (String target : new String[] {"/%61pi/counters/semi;b/increment", "/api;x/counters/semi;b/increment"}) {
            assertProblem(send("POST", target, "", new byte[0]), 400, "invalid_key");
        }
        assertProblem(get("/api/counters/semi", ""), 404, "noproc");
    }

    @Test
    void mediaRangeAsABodysContentType_wasA500_isUnsupportedMediaType() {
        assertProblem(send("POST", "/api/calculator/divide", "\r\nContent-Type: application/*",
                json("{\"a\":1,\"b\":1}")), 415, "unsupported_media_type");
    }

    @Test
    void malformedFormBodyOfAPut_wasA500FromSpringsFormFilter_isUnsupportedMediaType_andStoresNothing() {
        RawHttp.Response answer = send("PUT", "/api/cache/entries/form",
                "\r\nContent-Type: application/x-www-form-urlencoded", json("a=%zz"));

        assertProblem(answer, 415, "unsupported_media_type");
        assertThat(get("/api/cache/entries/form", "").status()).isEqualTo(404);
    }

    /**
     * Swagger's libraries bring Jackson 2's YAML module, and Spring registered its YAML converter for it: a YAML
     * body reached it, which could not build the Jackson 3 {@code JsonNode} these endpoints take, and answered 500.
     */
    @Test
    void yamlBody_wasA500FromJackson2sYamlConverter_isUnsupportedMediaType_andStoresNothing() {
        RawHttp.Response answer = send("PUT", "/api/cache/entries/yaml", "\r\nContent-Type: application/yaml",
                "42\n".getBytes(StandardCharsets.UTF_8));

        assertProblem(answer, 415, "unsupported_media_type");
        assertThat(answer.headers().toString().toLowerCase(Locale.ROOT)).doesNotContain("yaml");
        assertThat(get("/api/cache/entries/yaml", "").status()).isEqualTo(404);
        assertProblem(send("POST", "/api/stacks", "\r\nContent-Type: application/yaml",
                "items: [1, 2]\n".getBytes(StandardCharsets.UTF_8)), 415, "unsupported_media_type");
        assertProblem(send("POST", "/api/calculator/divide", "\r\nContent-Type: application/yaml",
                "a: 7\nb: 2\n".getBytes(StandardCharsets.UTF_8)), 415, "unsupported_media_type");
    }

    /**
     * Every operation that reads a body takes application/json and nothing else, as the document declares: four
     * of them took any +json type (merge-patch, problem+json) and stored what came, while the others answered 415.
     */
    @Test
    void jsonSuffixTypes_wereTakenBySomeOperations_are415ForEvery() {
        String store = send("POST", "/api/kv", "", new byte[0]).headers().get("location");
        String stack = send("POST", "/api/stacks", "", new byte[0]).headers().get("location");
        for (String type : List.of("application/merge-patch+json", "application/vnd.api+json")) {
            String header = "\r\nContent-Type: " + type;
            assertProblem(send("PUT", "/api/cache/entries/suffixed", header, json("1")), 415, "unsupported_media_type");
            assertProblem(send("POST", "/api/stacks", header, json("{}")), 415, "unsupported_media_type");
            assertProblem(send("POST", stack + "/push", header, json("{\"item\":1}")), 415, "unsupported_media_type");
            assertProblem(send("POST", "/api/calculator/divide", header, json("{\"a\":1,\"b\":1}")), 415,
                    "unsupported_media_type");
            assertProblem(send("PUT", store + "/entries/suffixed", header, json("1")), 415, "unsupported_media_type");
        }
        assertThat(get("/api/cache/entries/suffixed", "").status()).isEqualTo(404);
        assertThat(get(stack + "/size", "").body()).contains("\"size\":0");
    }

    /**
     * Spring parses a request typed multipart before routing it, body or not, and Tomcat's complaint that the type
     * names no boundary is a plain FileUploadException, which the advice took for a fault of the server's own.
     */
    @Test
    void multipartContentTypeWithoutABoundary_wasA500OnEveryPath_isA400Problem_andChangesNothing() {
        long before = counterValue();
        for (String type : List.of("multipart/form-data", "multipart/form-data; boundary=", "multipart/mixed")) {
            assertThat(assertProblem(send("POST", "/api/counter/increment", "\r\nContent-Type: " + type,
                    new byte[0]), 400, "invalid_request")).contains("names no boundary");
            assertProblem(get("/api/counter", "\r\nContent-Type: " + type), 400, "invalid_request");
            assertProblem(get("/api/no-such-endpoint", "\r\nContent-Type: " + type), 400, "invalid_request");
        }
        assertThat(counterValue()).isEqualTo(before);
    }

    private long counterValue() {
        String body = get("/api/counter", "").body();
        return Long.parseLong(body.replaceAll("\\D", ""));
    }

    /**
     * Problems written outside Spring MVC (the request guard, the idempotency filter, the error page) name the
     * request's path as their instance, as Spring's own do; the error page names the path that failed, not itself.
     */
    @Test
    void problemsWrittenOutsideSpringMvc_nameTheRequestsPath() {
        assertThat(assertProblem(send("POST", "/api/stacks", "\r\nContent-Type: application/json;charset=latin1",
                json("{}")), 415, "unsupported_media_type")).contains("\"instance\":\"/api/stacks\"");
        assertThat(assertProblem(send("POST", "/api/counters/k/increment", "\r\nIdempotency-Key: ?1", new byte[0]),
                400, "invalid_idempotency_key")).contains("\"instance\":\"/api/counters/k/increment\"");
        assertThat(assertProblem(send("TRACE", "/api/counter", "", new byte[0]), 405, "method_not_allowed"))
                .contains("\"instance\":\"/api/counter\"");
    }

    /** Details say what is wrong in the client's terms, not Spring's or Jackson's. */
    @Test
    void aBodyThatIsNotAnObject_orHasNoContentType_isToldSoInItsTerms() {
        assertThat(assertProblem(send("POST", "/api/sessions", "\r\nContent-Type: application/json", json("[1]")),
                400, "invalid_json")).contains("must be a JSON object").doesNotContain("(root)");
        assertThat(assertProblem(send("PUT", "/api/cache/entries/untyped", "", json("1")), 415,
                "unsupported_media_type")).contains("no Content-Type").doesNotContain("octet-stream");
        String store = send("POST", "/api/kv", "", new byte[0]).headers().get("location");
        assertThat(assertProblem(send("PUT", store + "/entries/k", "", json("1")), 415, "unsupported_media_type"))
                .contains("no Content-Type").doesNotContain("'null'");
    }

    @Test
    void repeatedFieldInAJsonObject_letTheLastCopyWin_isInvalidJson() {
        RawHttp.Response answer = send("POST", "/api/calculator/divide", "\r\nContent-Type: application/json",
                json("{\"a\":7,\"b\":0,\"b\":2}"));

        assertProblem(answer, 400, "invalid_json");
        assertThat(answer.body()).contains("repeats a field");
    }

    @Test
    void jsonDeclaredInAnotherCharsetOrCompressed_wasDecodedAsDeclared_isUnsupportedMediaType_andStoresNothing() {
        byte[] utf8 = "\"\u00e9\"".getBytes(StandardCharsets.UTF_8);
        RawHttp.Response latin = send("PUT", "/api/cache/entries/latin",
                "\r\nContent-Type: application/json;charset=windows-1252", utf8);
        assertProblem(latin, 415, "unsupported_media_type");
        assertThat(latin.headers().get("accept")).isEqualTo("application/json"); // what would be taken, as Spring's 415
        RawHttp.Response gzipped = send("PUT", "/api/cache/entries/latin", "\r\nContent-Type: application/json\r\n"
                + "Content-Encoding: gzip", utf8);
        assertProblem(gzipped, 415, "unsupported_media_type");
        // RFC 9110, 12.5.3: Accept-Encoding tells a coding refused apart from a type refused
        assertThat(gzipped.headers().get("accept-encoding")).isEqualTo("identity");
        assertThat(gzipped.headers()).doesNotContainKey("accept");
        RawHttp.Response untyped = send("PUT", "/api/cache/entries/latin", "\r\nContent-Encoding: gzip", utf8);
        assertProblem(untyped, 415, "unsupported_media_type"); // the coding said first: no type would do
        assertThat(untyped.headers().get("accept-encoding")).isEqualTo("identity");
        assertThat(get("/api/cache/entries/latin", "").status()).isEqualTo(404);
    }

    /**
     * RFC 9110, 8.4 and 5.6.1: Content-Encoding is a list, which may be empty, and a recipient ignores its empty
     * members; {@code identity} is no coding. A field of empty members only was refused 415 as compressed.
     */
    @Test
    void contentEncodingNamingNoCoding_wasRefusedAsCompressed_isTakenAsIs() {
        byte[] body = json("\"plain\"");
        for (String none : new String[] {"", " ", ",", "identity", "identity, ,IDENTITY"}) {
            String key = "/api/cache/entries/none" + none.strip().length();
            RawHttp.Response answer = send("PUT", key, "\r\nContent-Type: application/json\r\nContent-Encoding: "
                    + none, body);
            assertThat(answer.status()).as("'" + none + "'").isEqualTo(202);
            assertThat(get(key, "").body()).contains("plain");
        }
        RawHttp.Response gzipped = send("PUT", "/api/cache/entries/mixed", "\r\nContent-Type: application/json\r\n"
                + "Content-Encoding: identity, gzip", body);
        assertProblem(gzipped, 415, "unsupported_media_type");
        assertThat(get("/api/cache/entries/mixed", "").status()).isEqualTo(404);
    }

    @Test
    void integerFieldOverflowing_wasCalledNotWellFormed_saysOutOfRange() {
        RawHttp.Response answer = send("POST", "/api/jobs", "\r\nContent-Type: application/json",
                json("{\"durationMs\":9223372036854775808}"));

        assertProblem(answer, 400, "invalid_json");
        assertThat(answer.body()).contains("out of range");
    }

    @Test
    void queryNumbersSpringReadsLoosely_hexFullWidthRepeatedOrOutOfRange_areInvalidRequest_andTakeNothing() {
        String acquire = "/api/rate-limits/loose-numbers/acquire?permits=";
        for (String permits : new String[] {"0x0A", "%2310", "%EF%BC%92", "1%200", "2&permits=9", "99999999999"}) {
            assertProblem(send("POST", acquire + permits, "", new byte[0]), 400, "invalid_request");
        }
        assertThat(send("POST", acquire + "1", "", new byte[0]).body()).contains("\"remaining\":9");
    }

    @Test
    void numberWithAnExponentBeyondAnInt_wasA500_isInvalidJson_andStoresNothing() {
        for (String value : new String[] {"1e2147483648", "[1.5e-2147483647]", "{\"a\":0e2147483648}"}) {
            RawHttp.Response answer = send("PUT", "/api/cache/entries/exponent", "\r\nContent-Type: application/json",
                    json(value));
            assertProblem(answer, 400, "invalid_json");
            assertThat(answer.body()).contains("out of range");
        }
        assertThat(get("/api/cache/entries/exponent", "").status()).isEqualTo(404);
    }

    /** RFC 8259 defines no charset for JSON: the answer is UTF-8 whatever charset Accept names. */
    @Test
    void acceptNamingACharsetJacksonCannotWrite_wasA500AfterTheWriteWasApplied_isServedInUtf8() {
        String latin1 = "\r\nAccept: application/json;charset=iso-8859-1";
        RawHttp.Response first = send("POST", "/api/counters/accept-latin1/increment", latin1, new byte[0]);
        RawHttp.Response second = send("POST", "/api/counters/accept-latin1/increment",
                "\r\nAccept: text/html;q=0.5\r\nAccept: application/json;charset=UTF-16", new byte[0]);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.contentType()).startsWith("application/json").doesNotContainIgnoringCase("iso-8859-1");
        assertThat(first.body()).endsWith("\"value\":1}");
        assertThat(second.body()).endsWith("\"value\":2}");
        assertThat(get("/actuator/processes?limit=1", latin1).status()).isEqualTo(200);
        assertProblem(get("/api/counter", "\r\nAccept: text/plain;charset=iso-8859-1"), 406, "not_acceptable");
    }

    /** A media type parameter the service does not know of is disregarded, not claimed in the answer's type. */
    @Test
    void acceptWithAnUnknownParameter_wasEchoedInContentType_isAnsweredPlainJson() {
        for (String path : new String[] {"/api/counter", "/actuator/health"}) {
            RawHttp.Response answer = get(path, "\r\nAccept: application/json;v=2, text/html;level=1;q=0.5");

            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.contentType()).as(path).isEqualTo("application/json");
        }
        // another type's parameters are its own to negotiate: Prometheus' version chooses the exposition format
        assertThat(get("/actuator/prometheus", "\r\nAccept: application/openmetrics-text;version=0.0.1").status())
                .isEqualTo(406);
        assertThat(get("/actuator/prometheus", "\r\nAccept: text/plain;version=0.0.4").contentType())
                .startsWith("text/plain;version=0.0.4");
    }

    /** RFC 9110, 12.4.2: quality 0 means "not acceptable"; Spring only sorted such a range last. */
    @Test
    void acceptRefusingJsonWithQualityZero_wasServedJson_isNotAcceptable_andAppliesNothing() {
        for (String accept : new String[] {"application/json;q=0", "*/*;q=0", "text/html, application/json;q=0.0",
                "application/json;q= 0", "application/json;q=\"0\"", "application/json;q=.0"}) {
            assertProblem(send("POST", "/api/counters/quality-zero/increment", "\r\nAccept: " + accept,
                    new byte[0]), 406, "not_acceptable");
        }
        assertProblem(get("/api/counters/quality-zero", ""), 404, "noproc");
        assertThat(get("/api/counter", "\r\nAccept: application/json;q=0.001").status()).isEqualTo(200);
        assertThat(get("/actuator/health", "\r\nAccept: application/json;q=0.5, */*;q=0").status()).isEqualTo(200);
    }

    /**
     * Problems are problem+json whatever Accept says, but a request whose Accept admits no success (only
     * application/problem+json) is refused before it is handled, as the OpenAPI document and the README say.
     */
    @Test
    void acceptAdmittingOnlyProblems_isNotAcceptable_beforeTheRequestIsHandled() {
        String problemsOnly = "\r\nAccept: application/problem+json";
        assertProblem(send("POST", "/api/counters/problems-only/increment", problemsOnly, new byte[0]), 406,
                "not_acceptable");
        assertProblem(get("/api/counters/problems-only", problemsOnly), 406, "not_acceptable");
        assertProblem(get("/api/counters/problems-only", ""), 404, "noproc");
    }

    @Test
    void healthPathGoingOnPastAnUnknownComponent_wasA500FromBootsAssertion_isA404Problem() {
        assertProblem(get("/actuator/health/nothing-here/more", ""), 404, "unknown_endpoint");
        assertProblem(get("/actuator/health/liveness/x/y", ""), 404, "unknown_endpoint");
    }

    /** The container's own refusals of the request's framing are the client's: named by status, not internal. */
    @Test
    void unknownTransferCodingOrHttpVersion_wereCalledInternal_areNamedByTheirStatus() {
        RawHttp.Response coding = new RawHttp(port).exchange("POST /api/counter/increment HTTP/1.1\r\n"
                + "Host: localhost\r\nTransfer-Encoding: x", new byte[0]);
        RawHttp.Response version = new RawHttp(port).exchange("GET /api/counter HTTP/2.0\r\nHost: localhost",
                new byte[0]);

        assertProblem(coding, 501, "http_501");
        assertProblem(version, 505, "http_505");
        assertThat(coding.body() + version.body()).doesNotContain("internal");
    }

    @Test
    void utf16OrUtf32Body_wasSniffedAndAccepted_isInvalidJson() {
        for (String charset : new String[] {"UTF-16BE", "UTF-16LE", "UTF-32BE"}) {
            RawHttp.Response answer = send("POST", "/api/calculator/divide", "\r\nContent-Type: application/json",
                    "{\"a\":7,\"b\":2}".getBytes(Charset.forName(charset)));
            assertProblem(answer, 400, "invalid_json");
            assertThat(answer.body()).contains("NUL byte");
        }
    }

    @Test
    void repeatedTextParameter_wasJoinedWithCommas_isInvalidRequest() {
        assertProblem(get("/api/kv/no-such-store/keys?after=a&after=c", ""), 400, "invalid_request");
        assertProblem(get("/api/kv/no-such-store/keys?after=a,c", ""), 404, "noproc");
    }

    /**
     * Content-Type is a singleton field (RFC 9110, 5.3): a request repeating it is ambiguous, and a proxy that reads
     * the last copy would judge a different body from the one the service took (Tomcat's first).
     */
    @Test
    void repeatedContentType_letTheFirstCopyWin_isInvalidRequest_andStoresNothing() {
        for (String types : List.of("text/plain\r\nContent-Type: application/json",
                "application/json\r\nContent-Type: text/plain", "application/json\r\nContent-Type: application/json")) {
            RawHttp.Response answer = send("PUT", "/api/cache/entries/typed-twice", "\r\nContent-Type: " + types,
                    json("1"));
            assertThat(assertProblem(answer, 400, "invalid_request")).contains(RequestGuard.REPEATED_CONTENT_TYPE);
        }
        assertThat(get("/api/cache/entries/typed-twice", "").status()).isEqualTo(404);
        assertProblem(send("POST", "/actuator/processes/no-such-process/suspend", "\r\nContent-Type: "
                + "application/json\r\nContent-Type: application/json", json("{}")), 400, "invalid_request");
        assertThat(send("PUT", "/api/cache/entries/typed-once", "\r\nContent-Type: application/json", json("1"))
                .status()).isEqualTo(202);
    }

    /** RFC 5789, 3.1: Accept-Patch names at least one media type, and its presence alone says PATCH is allowed. */
    @Test
    void options_carriedAnEmptyAcceptPatch_nowOnlyAllow() {
        for (RawHttp.Response answer : List.of(send("OPTIONS", "/api/stacks", "", new byte[0]),
                send("OPTIONS", "/api/kv/s/entries/k", "", new byte[0]),
                send("OPTIONS", "/actuator/health", "", new byte[0]))) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.headers().get("allow")).contains("OPTIONS");
            assertThat(answer.headers()).doesNotContainKey("accept-patch");
        }
    }

    /**
     * Tomcat refuses TRACE before any filter runs, and its Allow named the servlet's methods (HEAD, DELETE, POST,
     * GET, OPTIONS, PUT) on every path, where RFC 9110, 15.5.6 wants the resource's: as another unknown method's.
     * The request is never echoed (TRACE stays off).
     */
    @Test
    void trace_allowedTheServletsMethods_allowsThePathsOwn() {
        Map<String, String> allowed = Map.of("/api/counter", "GET, HEAD, OPTIONS",
                "/api/stacks", "GET, HEAD, POST, OPTIONS", "/api/kv/s/entries/k", "GET, HEAD, PUT, DELETE, OPTIONS",
                "/actuator/health", "GET, HEAD, OPTIONS", "/observer", "GET, HEAD, OPTIONS");
        assertSoftly(softly -> allowed.forEach((path, methods) -> {
            RawHttp.Response answer = send("TRACE", path, "\r\nX-Secret: echo-me", new byte[0]);
            softly.assertThat(answer.status()).as(path).isEqualTo(405);
            softly.assertThat(answer.body()).as(path).contains("\"error\":\"method_not_allowed\"")
                    .doesNotContain("echo-me");
            softly.assertThat(answer.headers().get("allow")).as(path).isEqualTo(methods);
        }));
        RawHttp.Response nowhere = send("TRACE", "/api/nothing-here", "", new byte[0]);
        assertProblem(nowhere, 404, "unknown_endpoint");
        assertThat(nowhere.headers()).doesNotContainKey("allow");
    }

    /**
     * A method no path takes is 405 with the path's Allow, as one the path does not take, not RFC 9110's suggested
     * 501: a scanner's methods must not count among the 5xx the alerting rules take for the service's own failures.
     */
    @Test
    void aMethodNoPathTakes_isMethodNotAllowed_notAServerError() {
        long before = counterValue();
        for (String method : List.of("FOO", "PATCH", "PROPFIND")) {
            RawHttp.Response answer = send(method, "/api/counter/increment", "\r\nContent-Type: application/json",
                    json("{}"));
            assertProblem(answer, 405, "method_not_allowed");
            assertThat(answer.headers().get("allow")).as(method).isEqualTo("POST, OPTIONS");
        }
        assertThat(counterValue()).isEqualTo(before);
    }

    /** A TRACE carrying a preflight's headers gets the path's own Allow, as the preflight itself does now. */
    @Test
    void trace_withAPreflightsHeaders_allowsThePathsOwn() {
        RawHttp.Response answer = send("TRACE", "/api/counter",
                "\r\nOrigin: http://elsewhere.example\r\nAccess-Control-Request-Method: POST", new byte[0]);
        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.headers().get("allow")).isEqualTo("GET, HEAD, OPTIONS");
    }

    @Test
    void bodyDetails_nameWhatIsWrong() {
        // an unknown field is not named: its name is the client's, of any length and content
        String unknown = "<img src=x> secret-" + "x".repeat(5000);
        assertThat(send("POST", "/api/jobs", "\r\nContent-Type: application/json",
                json("{\"durationMs\":1,\"" + unknown + "\":1}")).body())
                .contains("the request body has a field this request does not take; it takes 'durationMs', 'fail'")
                .doesNotContain("secret").hasSizeLessThan(1000);
        assertThat(send("POST", "/api/calculator/divide", "\r\nContent-Type: application/json",
                json("{\"a\":7,\"b\":2} 3")).body()).contains("goes on after its JSON value");
        assertThat(send("POST", "/api/calculator/divide", "\r\nContent-Type: application/json",
                json("  ")).body()).contains("holds no JSON value");
        RawHttp.Response blank = send("POST", "/api/sessions", "\r\nContent-Type: application/json\r\n"
                + "Accept-Language: de", json("{\"userId\":\" \"}"));
        assertProblem(blank, 400, "invalid_request");
        assertThat(blank.body()).contains("field 'userId' must not be blank");
        assertThat(send("POST", "/api/sessions", "\r\nContent-Type: application/json",
                json("{\"userId\":\"" + "u".repeat(257) + "\"}")).body())
                .contains("field 'userId' must be at most 256 characters long");
    }

    /**
     * Tomcat refuses an encoded slash or NUL in the path itself, before any filter runs; on both ports. Its
     * problem names the path and declares no charset, as every other one (it had neither).
     */
    @Test
    void pathTomcatRefusesItself_wasAnHtmlPage_isA400Problem() {
        RawHttp.Response slash = get("/api/kv/a%2Fb", "");
        assertThat(assertProblem(slash, 400, "invalid_request")).contains("\"instance\":\"/api/kv/a%2Fb\"");
        assertThat(slash.contentType()).isEqualTo("application/problem+json");
        assertProblem(get("/api/cache/entries/%00", ""), 400, "invalid_request");
        assertProblem(get("/actuator/processes/a%2Fb", ""), 400, "invalid_request");
    }

    /** Sent to the management port for actuator's and the observer's paths, else to the API port. */
    private RawHttp.Response send(String method, String target, String headers, byte[] body) {
        int to = target.startsWith("/actuator") || target.startsWith("/observer") ? managementPort : port;
        return new RawHttp(to).exchange(method + " " + target + " HTTP/1.1\r\nHost: localhost" + headers
                + "\r\nContent-Length: " + body.length, body);
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Sent to the management port for actuator's paths, else to the API port. */
    private RawHttp.Response get(String target, String headers) {
        return new RawHttp(target.startsWith("/actuator") ? managementPort : port).exchange("GET " + target
                + " HTTP/1.1\r\nHost: localhost" + headers,
                "".getBytes(StandardCharsets.US_ASCII));
    }

    /** Asserts {@code answer} is that problem; returns its body, for what else it must say. */
    private static String assertProblem(RawHttp.Response answer, int status, String error) {
        assertThat(answer.dropped()).isNull();
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"error\":\"" + error + "\"");
        return answer.body();
    }
}
