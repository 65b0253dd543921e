package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The observer's page, files and JSON on the management port, over real HTTP in the shared context. Other tests
 * start processes too, so each test works with processes it started, under a service name of its own.
 */
@IntegrationTest
class ObserverHttpTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;
    @Autowired
    private ProcessTree tree;

    @Test
    void thePage_isServedOnTheManagementPort_withAPolicyAllowingOnlyItsOrigin_andNotOnTheApiPort() {
        management.client().get().uri("/observer").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals("Content-Security-Policy", ContentSecurityPolicyFilter.POLICY)
                .expectBody(String.class).value(html -> assertThat(html)
                        .contains("<script type=\"module\" src=\"observer/assets/observer.js\">")
                        .doesNotContain("http://", "https://", "<style"));
        assertThat(ContentSecurityPolicyFilter.POLICY).contains("default-src 'self'", "script-src 'self'",
                "style-src 'self'", "connect-src 'self'").doesNotContain("unsafe-inline", "*");

        client.get().uri("/observer").exchange().expectStatus().isNotFound();
        client.get().uri("/observer/api/tree").exchange().expectStatus().isNotFound();
        client.get().uri("/observer/assets/observer.js").exchange().expectStatus().isNotFound();
    }

    /** Typed as a directory, the address leads to the page, as a browser's address bar would want. */
    @Test
    void thePageAddressWithATrailingSlash_redirectsToThePage() {
        management.client().get().uri("/observer/").exchange().expectStatus().isPermanentRedirect()
                .expectHeader().location("../observer"); // from /observer/, that is /observer
    }

    @Test
    void theModulesAndUplot_comeFromTheJar() {
        for (String file : List.of("/observer/assets/observer.js", "/observer/assets/stream.js",
                "/observer/uplot/uPlot.esm.js")) {
            management.client().get().uri(file).exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith("text/javascript");
        }
        management.client().get().uri("/observer/uplot/uPlot.min.css").exchange().expectStatus().isOk();
        management.client().get().uri("/observer/assets/../application.yml").exchange().expectStatus()
                .isNotFound();
    }

    /**
     * RFC 9110, 13.1.1 and 13.1.2, on a GET as on any method: Spring's resource handler judged neither If-Match nor
     * If-None-Match: * on a read, and served the file (200) to an If-Match naming another tag and to If-None-Match: *.
     */
    @Test
    void aFilesIfMatch_andIfNoneMatchAny_wereIgnoredOnARead_areJudgedOnItsTag() {
        for (String path : List.of("/observer/assets/observer.js", "/observer/uplot/uPlot.esm.js")) {
            String tag = management.client().get().uri(path).exchange().expectStatus().isOk()
                    .returnResult(byte[].class).getResponseHeaders().getETag();
            management.client().get().uri(path).header(HttpHeaders.IF_MATCH, "\"another build's\"").exchange()
                    .expectStatus().isEqualTo(412)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.error").isEqualTo("precondition_failed");
            management.client().get().uri(path).header(HttpHeaders.IF_MATCH, "W/" + tag).exchange()
                    .expectStatus().isEqualTo(412); // compared strongly
            management.client().get().uri(path).header(HttpHeaders.IF_MATCH, "\"x\", " + tag).exchange()
                    .expectStatus().isOk();
            management.client().get().uri(path).header(HttpHeaders.IF_MATCH, "*").exchange().expectStatus().isOk();
            management.client().get().uri(path).header(HttpHeaders.IF_NONE_MATCH, "*").exchange()
                    .expectStatus().isNotModified()
                    .expectHeader().valueEquals(HttpHeaders.ETAG, tag)
                    .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache");
            management.client().head().uri(path).header(HttpHeaders.IF_NONE_MATCH, "\"x\", *").exchange()
                    .expectStatus().isNotModified();
        }
        // no file: 404, the conditions ignored (13.2.1)
        management.client().get().uri("/observer/assets/none.js").header(HttpHeaders.IF_MATCH, "\"x\"").exchange()
                .expectStatus().isNotFound();
        management.client().get().uri("/observer/assets/none.js").header(HttpHeaders.IF_NONE_MATCH, "*").exchange()
                .expectStatus().isNotFound();
    }

    /**
     * RFC 9110, 13.1.5: a Range is honoured only while If-Range names the file as it is, by its strong entity tag;
     * otherwise the whole file is sent (200), so a download resumed across an upgrade is not spliced from two
     * builds. Spring's resource handler ignored If-Range and answered 206 to any. The files have no Last-Modified,
     * so an If-Range date names none of them.
     */
    @Test
    void aFilesIfRange_wasIgnored_isJudgedOnItsTag() {
        String path = "/observer/assets/observer.css";
        String tag = management.client().get().uri(path).exchange().expectStatus().isOk()
                .returnResult(byte[].class).getResponseHeaders().getETag();
        management.client().get().uri(path).header(HttpHeaders.RANGE, "bytes=0-9").header(HttpHeaders.IF_RANGE, tag)
                .exchange().expectStatus().isEqualTo(206)
                .expectHeader().valueEquals(HttpHeaders.CONTENT_LENGTH, "10");
        for (String another : List.of("\"another build's\"", "W/" + tag, "Tue, 01 Jan 2019 00:00:00 GMT")) {
            byte[] whole = management.client().get().uri(path).header(HttpHeaders.RANGE, "bytes=0-9")
                    .header(HttpHeaders.IF_RANGE, another).exchange().expectStatus().isOk()
                    .expectHeader().doesNotExist(HttpHeaders.CONTENT_RANGE)
                    .expectBody().returnResult().getResponseBody();
            assertThat(whole).as(another).hasSizeGreaterThan(10);
        }
    }

    /** The filter boxes' maxlength is the page's copy of the server's bound: a longer filter is refused. */
    @Test
    void theProcessTablesFilterBoxes_takeAsManyCharactersAsTheServerAllows() {
        management.client().get().uri("/observer/assets/processes.js").exchange().expectStatus().isOk()
                .expectBody(String.class).value(module -> assertThat(module)
                        .contains("const MAX_FILTER = " + TableQuery.MAX_FILTER + ";"));
    }

    @Test
    void theTree_showsTheCounterUnderTheRoot_andADynamicSupervisorsChildCount() {
        management.client().get().uri("/observer/api/tree").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo("root")
                .jsonPath("$.strategy").isEqualTo("one_for_one")
                .jsonPath("$.maxRestarts").isEqualTo(3)
                .jsonPath("$.children[?(@.id == 'counter')].type").isEqualTo(List.of("worker"))
                .jsonPath("$.children[?(@.id == 'counter')].restart").isEqualTo(List.of("permanent"))
                .jsonPath("$.children[?(@.id == 'stacks-supervisor')].dynamic").isEqualTo(List.of(true))
                .jsonPath("$.children[?(@.id == 'stacks-supervisor')].children").doesNotExist();
    }

    @Test
    void topByMailbox_putsASuspendedProcessWithQueuedCastsFirst_amongItsService() {
        ProcessRuntime runtime = tree.runtime();
        String service = "observer-" + UUID.randomUUID();
        Pid quiet = runtime.start(new Idle(), StartOptions.DEFAULTS.withService(service));
        Pid backedUp = runtime.start(new Idle(), StartOptions.DEFAULTS.withService(service));
        runtime.suspend(backedUp, Duration.ofSeconds(5));
        for (int i = 0; i < 4; i++) {
            backedUp.cast("queued");
        }
        try {
            management.client().get().uri("/observer/api/processes?sort=mailbox&limit=20&service={s}", service)
                    .exchange().expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.rows[*].id").isEqualTo(List.of((int) backedUp.id(), (int) quiet.id()))
                    .jsonPath("$.rows[0].mailbox").isEqualTo(4)
                    .jsonPath("$.rows[0].status").isEqualTo("suspended")
                    .jsonPath("$.total").isEqualTo(2);
        } finally {
            runtime.kill(backedUp);
            runtime.kill(quiet);
        }
    }

    @Test
    void aStack_showsItsSizeButNotItsItems_itsNameRedacted_andNoActionsWhileTheyAreOff() {
        String id = client.post().uri("/api/stacks").contentType(MediaType.APPLICATION_JSON)
                .body("{\"items\":[\"private-one\",\"private-two\"]}").exchange().expectStatus().isCreated()
                .expectBody(ProcessActionsHttpTest.Created.class).returnResult().getResponseBody().id();
        long pid = tree.registries().stream().filter(registry -> registry.name().equals("stacks")).findFirst()
                .orElseThrow().whereis(id).orElseThrow().id();

        String body = management.client().get().uri("/observer/api/processes/{pid}", pid).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();

        assertThat(body).contains("\"state\":{\"size\":2}", "\"name\":\"stacks:<redacted>\"")
                .doesNotContain("private-one", id, "\"actions\"");
        management.client().get().uri("/observer/api/processes?name={id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.rows").isEmpty();
    }

    @Test
    void aDynamicSupervisorsChildren_arePagedInStartOrder() {
        String prefix = "observer-" + UUID.randomUUID() + "-";
        for (int i = 0; i < 3; i++) {
            client.post().uri("/api/counters/{name}/increment", prefix + i).exchange().expectStatus().isOk();
        }
        long supervisor = tree.runtime().whereis("counters-supervisor").orElseThrow().id();

        management.client().get().uri("/observer/api/processes?supervisor={s}&name={p}&limit=2", supervisor, prefix)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.rows[*].name").isEqualTo(List.of("counters:" + prefix + 0, "counters:" + prefix + 1))
                .jsonPath("$.nextAfter").isNumber();
    }

    @Test
    void anUnknownProcess_isNoproc_andABadParameter_anInvalidRequest() {
        management.client().get().uri("/observer/api/processes/no-such-process").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("noproc");
        management.client().get().uri("/observer/api/processes?sort=secrets").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        management.client().get().uri("/observer/stream?view=everything").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        // a repeated parameter meant its first value; limit's rule was worded two ways
        management.client().get().uri("/observer/api/processes?limit=1&limit=abc").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("parameter 'limit' is given more than once");
        // a process id may take every digit a long has; past it, the refusal says where the range ends
        management.client().get().uri("/observer/api/processes?after=1000000000000000000").exchange()
                .expectStatus().isOk();
        management.client().get().uri("/observer/api/processes?after=9223372036854775808").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("after must be an integer from 0 to 9223372036854775807");
        // a filter is measured in characters, as path keys are: 200 outside the basic plane are 400 UTF-16 units
        management.client().get().uri("/observer/api/processes?name={name}", "\uD83D\uDE00".repeat(200)).exchange()
                .expectStatus().isOk();
        // a control character is refused in a filter however blank the rest: a line break as a NUL
        for (List<String> filter : List.of(List.of("name", "\r\n"), List.of("name", "\0"), List.of("service", "\t"))) {
            management.client().get().uri("/observer/api/processes?{key}={value}", filter.get(0), filter.get(1))
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(String.class,
                            detail -> assertThat(detail).endsWith("characters, without control characters"));
        }
        management.client().get().uri("/observer/api/processes?name={blank}", "  ").exchange().expectStatus().isOk();
        for (String limit : List.of("0", "-1", "101")) {
            management.client().get().uri("/observer/api/processes?limit=" + limit).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").isEqualTo("limit must be an integer from 1 to 100")
                    .jsonPath("$.instance").isEqualTo("/observer/api/processes"); // as every problem names its path
        }
    }

    @Test
    void anotherMethodOnAnObserverPath_is405WithAllow_andHeadAndOptionsAreAnswered() {
        management.client().post().uri("/observer").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "GET, HEAD, OPTIONS")
                .expectBody().jsonPath("$.error").isEqualTo("method_not_allowed")
                .jsonPath("$.instance").isEqualTo("/observer");
        management.client().options().uri("/observer/api/tree").exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("Allow", "GET, HEAD, OPTIONS");
        management.client().delete().uri("/observer/api/processes/1").exchange()
                .expectStatus().isEqualTo(405);
        management.client().post().uri("/observer/stream").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().valueEquals("Allow", "GET, HEAD, OPTIONS");
        management.client().head().uri("/observer/api/overview").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_JSON);
        management.client().get().uri("/observer/api/nothing-here").exchange()
                .expectStatus().isNotFound();
    }

    /**
     * The stream answers HEAD with GET's headers and opens nothing (RFC 9110, 9.3.2), refuses its parameters alike,
     * and is 406 to a client that accepts no event stream, as the JSON views are to one that accepts no JSON.
     */
    @Test
    void theStream_answersHeadWithItsHeaders_andIsNotAcceptableToAClientThatTakesNoEvents() {
        management.client().head().uri("/observer/stream?view=tree").exchange()
                .expectStatus().isOk()
                .expectHeader().contentType(MediaType.TEXT_EVENT_STREAM)
                // as GET's: the request guard's no-store, and the no-cache Spring gives every event stream
                .expectHeader().valueEquals("Cache-Control", "no-store", "no-cache")
                .expectBody().isEmpty();
        management.client().head().uri("/observer/stream?view=everything").exchange()
                .expectStatus().isBadRequest();
        management.client().get().uri("/observer/stream?view=tree").accept(MediaType.APPLICATION_JSON).exchange()
                .expectStatus().isEqualTo(406)
                .expectHeader().valueEquals("Accept", MediaType.TEXT_EVENT_STREAM_VALUE)
                .expectBody().jsonPath("$.error").isEqualTo("not_acceptable")
                .jsonPath("$.instance").isEqualTo("/observer/stream");
    }

    /**
     * A stream holds one of 32 slots: a page of another site open in an operator's browser (fetches in no-cors mode,
     * many host names under {@code localhost}) kept them all and the observer's own page was refused. Its request is
     * 403 before a slot is taken; the page's own (same-origin) and a client's without the browser's headers are not.
     */
    @Test
    void aStreamAskedForByABrowserOnAnotherSite_isForbidden_beforeItTakesASlot() {
        for (String site : new String[] {"cross-site", "same-site"}) {
            management.client().get().uri("/observer/stream?view=tree").accept(MediaType.TEXT_EVENT_STREAM)
                    .header("Sec-Fetch-Site", site).exchange()
                    .expectStatus().isForbidden()
                    .expectBody().jsonPath("$.error").isEqualTo("forbidden")
                    .jsonPath("$.detail").isEqualTo("an observer stream is opened by the observer's own page, "
                            + "not by a browser's request from another site (Sec-Fetch-Site " + site + ")");
        }
        management.client().get().uri("/observer/stream?view=tree").accept(MediaType.TEXT_EVENT_STREAM)
                .header("Origin", "https://evil.example").exchange()
                .expectStatus().isForbidden();
        management.client().head().uri("/observer/stream?view=tree").header("Sec-Fetch-Site", "same-origin")
                .exchange().expectStatus().isOk();
        management.client().head().uri("/observer/stream?view=tree").exchange().expectStatus().isOk();
    }

    /** Id order pages with after, a ranking with offset: the other one was ignored, and another page shown. */
    @Test
    void aPagingParameterOfTheOtherOrder_isInvalidRequest_notIgnored() {
        management.client().get().uri("/observer/api/processes?sort=id&offset=5").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo(
                        "offset pages a ranking (sort=mailbox, rate, restarts); in id order, page with after");
        management.client().get().uri("/observer/api/processes?sort=mailbox&after=5").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").isEqualTo("after pages the id order; a ranking (sort=mailbox) "
                        + "pages with offset");
        management.client().get().uri("/observer/stream?view=processes&sort=restarts&after=5").exchange()
                .expectStatus().isBadRequest();
        management.client().get().uri("/observer/api/processes?sort=id&offset=0&after=3").exchange()
                .expectStatus().isOk();
        management.client().get().uri("/observer/api/processes?sort=rate&after=0&offset=3").exchange()
                .expectStatus().isOk();
    }

    @Test
    void theOverviewAndMembers_showThisInstanceAlone() {
        management.client().get().uri("/observer/api/overview").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.member.local").isEqualTo(true)
                .jsonPath("$.processes").isNumber()
                .jsonPath("$.heapUsed").isNumber()
                .jsonPath("$.root.strategy").isEqualTo("one_for_one")
                .jsonPath("$.history.at").isArray();
        management.client().get().uri("/observer/api/members").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(1)
                .jsonPath("$[0].status").isEqualTo("up")
                .jsonPath("$[0].services").value(List.class, services -> assertThat(services).contains("counter"));
    }

    @Test
    void theJsonViews_answerWhatTheClientAccepts_as406WhenItIsNotJson() {
        for (String path : List.of("/observer/api/overview", "/observer/api/tree", "/observer/api/processes",
                "/observer/api/members")) {
            management.client().get().uri(path).accept(MediaType.APPLICATION_XML).exchange()
                    .expectStatus().isEqualTo(406)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.error").isEqualTo("not_acceptable")
                    .jsonPath("$.instance").isEqualTo(path);
            management.client().get().uri(path).accept(MediaType.TEXT_HTML, MediaType.APPLICATION_JSON).exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentType(MediaType.APPLICATION_JSON);
            management.client().get().uri(path).accept(MediaType.ALL).exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentType(MediaType.APPLICATION_JSON);
        }
        management.client().get().uri("/observer/api/processes/1").accept(MediaType.APPLICATION_XML).exchange()
                .expectStatus().isEqualTo(406);
        management.client().get().uri("/observer/api/tree").header("Accept", "not a media type").exchange()
                .expectStatus().isEqualTo(406);
    }
}
