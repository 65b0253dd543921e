package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * {@code /actuator/processes} over real HTTP in the shared context: listing, paging, lookups, and the refused
 * actions (kill, suspend, resume). Other tests start processes too, so each test works with processes it started
 * under unique names.
 */
@IntegrationTest
class ProcessesEndpointHttpTest {

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManagementServer management;
    @Autowired
    private ProcessRuntime runtime;

    @Test
    void list_startsWithTheRoot_andCountsEveryProcess() {
        int before = runtime.count();
        ProcessPage page = page("/actuator/processes?limit=2");
        int after = runtime.count();

        assertThat(page.processes()).hasSize(2);
        ProcessView root = page.processes().getFirst();
        assertThat(root.name()).isEqualTo("root");
        assertThat(root.service()).isEqualTo("root");
        assertThat(root.supervisor()).isNull();
        assertThat(root.status()).isIn("waiting", "running");
        assertThat(root.startedAt()).isNotNull();
        assertThat(page.processes().get(1).supervisor()).isEqualTo("root");
        assertThat(page.count()).as("the runtime's count as the page was made")
                .isBetween(Math.min(before, after), Math.max(before, after)).isGreaterThanOrEqualTo(14);
        assertThat(page.next()).isEqualTo(page.processes().get(1).id());
    }

    @Test
    void paging_throughMoreProcessesThanOnePage_visitsEachOnceInStartOrder() {
        String prefix = "paging-" + UUID.randomUUID() + "-";
        List<String> names = IntStream.range(0, 7).mapToObj(i -> prefix + i).toList();
        names.forEach(this::increment);
        long first = detailId("counters:" + names.getFirst());
        long last = detailId("counters:" + names.getLast());

        List<ProcessView> seen = new ArrayList<>();
        long after = first - 1;
        int pages = 0;
        while (after < last) {
            ProcessPage page = page("/actuator/processes?limit=3&after=" + after);
            pages++;
            assertThat(page.processes()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
            assertThat(page.processes().getFirst().id()).isGreaterThan(after);
            seen.addAll(page.processes());
            if (page.next() == null) {
                assertThat(page.processes().getLast().id()).as("the last page").isGreaterThanOrEqualTo(last);
                break;
            }
            assertThat(page.processes()).as("a full page when more follow").hasSize(3);
            assertThat(page.next()).isEqualTo(page.processes().getLast().id());
            after = page.next();
        }

        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(seen).extracting(ProcessView::id).isSorted().doesNotHaveDuplicates();
        assertThat(seen).filteredOn(process -> process.name() != null && process.name().startsWith("counters:" + prefix))
                .extracting(ProcessView::name)
                .containsExactlyElementsOf(names.stream().map(name -> "counters:" + name).toList());
    }

    @Test
    void get_byDisplayedNameAndById_isTheSameProcessWithItsState() {
        String name = "obs " + UUID.randomUUID() + ":with:colons";
        increment(name);
        increment(name);

        long id = detailId("counters:" + name);

        for (String idOrName : List.of("counters:" + name, Long.toString(id))) {
            management.client().get().uri("/actuator/processes/{idOrName}", idOrName).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.id").isEqualTo(id)
                    .jsonPath("$.name").isEqualTo("counters:" + name)
                    .jsonPath("$.service").isEqualTo("counters")
                    .jsonPath("$.supervisor").isEqualTo("counters-supervisor")
                    .jsonPath("$.restarts").isEqualTo(0)
                    .jsonPath("$.processed").value(Integer.class, processed -> assertThat(processed)
                            .as("two increments, plus the status reads").isGreaterThanOrEqualTo(2))
                    .jsonPath("$.mailbox").isEqualTo(0)
                    .jsonPath("$.startedAt").isNotEmpty()
                    .jsonPath("$.state.value").isEqualTo(2)
                    .jsonPath("$.stateError").doesNotExist();
        }
    }

    @Test
    void kill_whenDisabled_isForbiddenProblem_andTheProcessLivesOn() {
        long before = detailId("counter");

        management.client().delete().uri("/actuator/processes/counter").exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("forbidden").jsonPath("$.status").isEqualTo(403);

        management.client().get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo(before).jsonPath("$.status").value(String.class,
                        status -> assertThat(status).isIn("waiting", "running"));
        management.client().delete().uri("/actuator/processes/no-such-process").exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.error").isEqualTo("forbidden");
        // what an action is refused for first, whatever its condition says (a start time that is none was 400)
        management.client().delete().uri("/actuator/processes/counter?startedAt=yesterday").exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.error").isEqualTo("forbidden");
        management.client().post().uri("/actuator/processes/counter/suspend?startedAt=yesterday").exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.error").isEqualTo("forbidden");
    }

    @Test
    void suspendAndResume_whenDisabled_areForbiddenProblems_andTheProcessKeepsServing() {
        for (String action : List.of("suspend", "resume")) {
            management.client().post().uri("/actuator/processes/counter/{action}", action).exchange()
                    .expectStatus().isForbidden()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.error").isEqualTo("forbidden")
                    .jsonPath("$.detail").value(String.class, detail -> assertThat(detail)
                            .contains(ObservabilityProperties.ALLOW_KILL));
        }

        management.client().get().uri("/actuator/processes/counter").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").value(String.class,
                        status -> assertThat(status).isIn("waiting", "running"));
        client.post().uri("/api/counter/increment").exchange().expectStatus().isOk();
    }

    @Test
    void unknownProcess_isNoprocProblem() {
        for (String idOrName : List.of("no-such-process", "999999999", "counters:no-such-" + UUID.randomUUID(),
                "nowhere:x")) {
            management.client().get().uri("/actuator/processes/{idOrName}", idOrName).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.error").isEqualTo("noproc");
        }
    }

    @Test
    void badPageParameters_areInvalidRequestProblems() {
        for (String query : List.of("limit=0", "limit=1001", "limit=ten", "limit=", "limit=1.5", "after=-1",
                "after=x", "limit=2&limit=3")) {
            management.client().get().uri("/actuator/processes?" + query).exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.error").isEqualTo("invalid_request");
        }
        management.client().get().uri("/actuator/processes/{idOrName}", "x".repeat(ProcessLookup.MAX_LENGTH + 1))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("invalid_key");
    }

    @Test
    void unsupportedMethodOrMediaType_areProblemsToo() {
        management.client().post().uri("/actuator/processes/counter").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("method_not_allowed");
        management.client().get().uri("/actuator/processes/counter").accept(MediaType.APPLICATION_XML).exchange()
                .expectStatus().isEqualTo(406)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("not_acceptable");
    }

    @Test
    void largestPage_isBoundedByTheMaximumLimit() {
        ProcessPage page = page("/actuator/processes?limit=" + PageParameters.MAX_LIMIT);

        assertThat(page.processes()).hasSizeLessThanOrEqualTo(PageParameters.MAX_LIMIT);
        assertThat(page.count()).isGreaterThanOrEqualTo(page.processes().size());
        if (page.processes().size() < PageParameters.MAX_LIMIT) {
            assertThat(page.next()).as("everything fit in one page").isNull();
        }
    }

    private ProcessPage page(String uri) {
        return management.client().get().uri(uri).exchange().expectStatus().isOk()
                .expectBody(ProcessPage.class).returnResult().getResponseBody();
    }

    private long detailId(String idOrName) {
        return management.client().get().uri("/actuator/processes/{idOrName}", idOrName)
                .exchange().expectStatus().isOk()
                .expectBody(ProcessSummary.class).returnResult().getResponseBody().id();
    }

    private void increment(String counter) {
        client.post().uri("/api/counters/{name}/increment", counter).exchange().expectStatus().isOk();
    }

    /** The part of a detail these tests read by type. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProcessSummary(long id, String name) { }
}
