package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.DynamicSupervisor;
import dev.genserver.runtime.DynamicSupervisorSpec;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.StartOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

/** The observer's process table: rankings over every process, pages in id order, filters, rates. */
class ProcessRankingTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final AtomicLong nanos = new AtomicLong();
    private final ProcessRates rates = new ProcessRates(runtime, nanos::get, () -> 0);
    private final ProcessRanking ranking = new ProcessRanking(runtime, rates, Clock.systemUTC());

    @AfterEach
    void close() {
        runtime.close();
    }

    @Test
    void topByMailbox_putsTheDeepestMailboxFirst_tiesOldestFirst() {
        List<Pid> pids = start(30, "idle");
        queue(pids.get(17), 3);
        queue(pids.get(4), 7);
        queue(pids.get(25), 3);

        ProcessTablePage top = ranking.query(TableQuery.topByMailbox(5));

        assertThat(top.rows()).extracting(ProcessRow::id).containsExactly(pids.get(4).id(), pids.get(17).id(),
                pids.get(25).id(), pids.get(0).id(), pids.get(1).id());
        assertThat(top.rows()).extracting(ProcessRow::mailbox).containsExactly(7, 3, 3, 0, 0);
        assertThat(top.total()).isEqualTo(30);
        assertThat(top.nextOffset()).isEqualTo(5);
    }

    @Test
    void aRankingIsPagedByOffset_andFilteredByService() {
        start(10, "idle");
        List<Pid> others = start(4, "other");
        queue(others.get(2), 1);

        ProcessTablePage page = ranking.query(TableParameters.parse(Map.of("sort", "mailbox", "service", "other",
                "offset", "1", "limit", "2")));

        assertThat(page.rows()).extracting(ProcessRow::id).containsExactly(others.get(0).id(), others.get(1).id());
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.nextOffset()).isEqualTo(3);
    }

    @Test
    void inIdOrder_aPageContinuesAfterTheLastId_andKnowsTheTotal() {
        List<Pid> pids = start(7, "idle");

        ProcessTablePage first = ranking.query(TableParameters.parse(Map.of("limit", "3")));
        ProcessTablePage second = ranking.query(TableParameters.parse(Map.of("limit", "3",
                "after", String.valueOf(first.nextAfter()))));

        assertThat(first.rows()).extracting(ProcessRow::id).containsExactly(pids.get(0).id(), pids.get(1).id(),
                pids.get(2).id());
        assertThat(second.rows()).extracting(ProcessRow::id).containsExactly(pids.get(3).id(), pids.get(4).id(),
                pids.get(5).id());
        assertThat(first.total()).isEqualTo(7);
    }

    /**
     * A filtered page in id order is not counted (that would walk the whole table), so it said "3 shown" alone, and
     * nothing told that the filter had left rows out: it says how many processes it was filtered from.
     */
    @Test
    void aFilteredPageInIdOrder_saysHowManyProcessesItWasFilteredFrom() {
        start(10, "idle");
        List<Pid> others = start(3, "other");

        ProcessTablePage page = ranking.query(TableParameters.parse(Map.of("service", "other")));

        assertThat(page.rows()).extracting(ProcessRow::id).containsExactlyElementsOf(others.stream().map(Pid::id)
                .toList());
        assertThat(page.total()).isNull();
        assertThat(page.outOf()).isEqualTo(13);
    }

    @Test
    void aPageOfASupervisorsChildren_saysHowManyChildrenItHas() {
        start(5, "idle");
        DynamicSupervisor pool = DynamicSupervisor.start(runtime, DynamicSupervisorSpec.withMaxChildren(10),
                StartOptions.DEFAULTS);
        for (int i = 0; i < 3; i++) {
            pool.startChild(ChildSpec.temporary("child-" + i, Idle::new));
        }

        ProcessTablePage page = ranking.query(TableParameters.parse(Map.of("supervisor",
                String.valueOf(pool.pid().id()), "limit", "2")));

        assertThat(page.rows()).hasSize(2);
        assertThat(page.outOf()).isEqualTo(3);
    }

    @Test
    void anUnfilteredPage_isCounted_andNeedsNoOutOf() {
        start(4, "idle");

        ProcessTablePage page = ranking.query(TableParameters.parse(Map.of()));

        assertThat(page.total()).isEqualTo(4);
        assertThat(page.outOf()).isNull();
    }

    @Test
    void byRate_ranksTheBusiestOverTheLastSecond_afterTwoSurveys() {
        List<Pid> pids = start(5, "idle");
        ProcessTablePage unmeasured = ranking.query(TableParameters.parse(Map.of("sort", "rate")));
        assertThat(unmeasured.rows()).extracting(ProcessRow::rate).containsOnlyNulls();

        for (int i = 0; i < 4; i++) {
            pids.get(3).send("tick"); // an info: logged as unexpected, and counted
        }
        runtime.status(pids.get(3), Duration.ofSeconds(5)); // handled after the infos; a system message, not counted
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        ProcessTablePage measured = ranking.query(TableParameters.parse(Map.of("sort", "rate", "limit", "2")));

        assertThat(measured.rows().getFirst().id()).isEqualTo(pids.get(3).id());
        assertThat(measured.rows().getFirst().rate()).isEqualTo(2.0);
        assertThat(measured.rows().get(1).rate()).isEqualTo(0.0);
    }

    @Test
    void theNameFilter_matchesTheNameAsShown_neverARedactedKey() {
        dev.genserver.runtime.Registry secrets = dev.genserver.runtime.Registry.createRedacted("secrets");
        runtime.start(new Idle(), StartOptions.named(dev.genserver.runtime.Name.via(secrets, "s3cr3t-key"))
                .withService("vault"));

        assertThat(ranking.query(TableParameters.parse(Map.of("name", "s3cr3t"))).rows()).isEmpty();
        assertThat(ranking.query(TableParameters.parse(Map.of("name", "SECRETS:"))).rows())
                .extracting(ProcessRow::name).containsExactly("secrets:<redacted>");
    }

    @Test
    void parametersOutOfRange_areInvalidRequests() {
        for (Map<String, String> bad : List.of(Map.of("sort", "name"), Map.of("limit", "0"), Map.of("limit", "101"),
                Map.of("offset", "10001"), Map.of("after", "-1"), Map.of("sort", "mailbox", "supervisor", "3"),
                Map.of("name", "x".repeat(257)))) {
            assertThatThrownBy(() -> TableParameters.parse(bad)).as(bad.toString())
                    .isInstanceOf(ErrorResponseException.class)
                    .satisfies(e -> assertThat(((ErrorResponseException) e).getStatusCode().value()).isEqualTo(400));
        }
    }

    private List<Pid> start(int count, String service) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> runtime.start(new Idle(), StartOptions.DEFAULTS.withService(service))).toList();
    }

    /** Suspends {@code pid} and casts {@code messages} to it: they wait in its mailbox. */
    private void queue(Pid pid, int messages) {
        runtime.suspend(pid, Duration.ofSeconds(5));
        for (int i = 0; i < messages; i++) {
            pid.cast("waiting " + i);
        }
    }
}
