package dev.genserver.observability;

import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessInfo;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.ProcessVisitor;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Answers the observer's process table ({@link TableQuery}). In id order a page comes from the runtime's table
 * directly. A ranking (largest mailbox, rate or restarts first) walks every process once
 * ({@link ProcessRuntime#survey}, or the latest survey of {@link ProcessRates} for rates) keeping only the best
 * {@code offset + limit} in a bounded heap: "top 20 by mailbox depth" over a million processes is one walk and a
 * 20-element heap, with no allocation per process (figures in docs/performance.md).
 *
 * <p>Thread-safe.
 */
final class ProcessRanking {

    /** Processes fetched from the runtime per round when a filtered page in id order is being filled. */
    private static final int CHUNK = 4096;

    private final ProcessRuntime runtime;
    private final ProcessRates rates;
    private final Clock clock;

    ProcessRanking(ProcessRuntime runtime, ProcessRates rates, Clock clock) {
        this.runtime = runtime;
        this.rates = rates;
        this.clock = clock;
    }

    ProcessTablePage query(TableQuery query) {
        ProcessRates.Rates measured = rates.rates();
        return switch (query.sort()) {
            case ID -> inIdOrder(query, measured);
            case RATE -> byRate(query, measured);
            case MAILBOX, RESTARTS -> ranked(query, measured);
        };
    }

    private ProcessTablePage inIdOrder(TableQuery query, ProcessRates.Rates measured) {
        Pid supervisor = query.supervisor() == null ? null
                : runtime.find(query.supervisor()).orElseThrow(() -> new NoProcessException("supervisor"));
        boolean filtered = query.service() != null || query.name() != null;
        // Unfiltered, the page is the next limit + 1 (one more says whether a next page exists); filtered, the
        // runtime is read in chunks until the page is full or the table ends.
        int fetch = filtered ? CHUNK : query.limit() + 1;
        List<ProcessInfo> found = new ArrayList<>();
        long after = query.after();
        while (found.size() <= query.limit()) {
            List<ProcessInfo> chunk = supervisor == null ? runtime.processes(after, fetch)
                    : runtime.children(supervisor, after, fetch);
            for (ProcessInfo info : chunk) {
                if (matches(query, info.pid()) && found.size() <= query.limit()) {
                    found.add(info);
                }
            }
            if (chunk.size() < fetch) {
                break;
            }
            after = chunk.getLast().pid().id();
        }
        Instant now = clock.instant();
        List<ProcessRow> rows = found.stream().limit(query.limit())
                .map(info -> ProcessRow.of(ProcessView.of(info), measured.of(info.pid().id()), now)).toList();
        Long next = found.size() > query.limit() ? rows.getLast().id() : null;
        if (!filtered && supervisor == null) {
            return new ProcessTablePage(rows, runtime.count(), null, next, null, query);
        }
        // Counting the matches would walk the whole table; what they were filtered from is known without.
        Integer outOf = supervisor == null ? Integer.valueOf(runtime.count())
                : runtime.supervision(supervisor).map(report -> report.stats().children()).orElse(null);
        return new ProcessTablePage(rows, null, outOf, next, null, query);
    }

    private ProcessTablePage ranked(TableQuery query, ProcessRates.Rates measured) {
        TopK top = new TopK(query.offset() + query.limit());
        boolean byMailbox = query.sort() == TableQuery.Sort.MAILBOX;
        int[] total = {0};
        ProcessVisitor visitor = (pid, mailbox, handled, restarts) -> {
            if (matches(query, pid)) {
                total[0]++;
                top.offer(byMailbox ? mailbox : restarts, pid);
            }
        };
        runtime.survey(visitor);
        return page(query, top, total[0], measured);
    }

    private ProcessTablePage byRate(TableQuery query, ProcessRates.Rates measured) {
        TopK top = new TopK(query.offset() + query.limit());
        ProcessRates.Survey newer = measured.newer();
        ProcessRates.Survey older = measured.older();
        int total = 0;
        int j = 0;
        for (int i = 0; i < newer.size(); i++) {
            Pid pid = newer.pids()[i];
            if (!pid.isAlive() || !matches(query, pid)) {
                continue;
            }
            total++;
            double rate = -1;
            if (older != null) {
                while (j < older.size() && older.ids()[j] < newer.ids()[i]) {
                    j++;
                }
                if (j < older.size() && older.ids()[j] == newer.ids()[i]) {
                    rate = measured.between(i, j);
                }
            }
            top.offer(rate, pid);
        }
        return page(query, top, total, measured);
    }

    private ProcessTablePage page(TableQuery query, TopK top, int total, ProcessRates.Rates measured) {
        Instant now = clock.instant();
        List<Pid> best = top.bestFirst();
        List<ProcessRow> rows = best.subList(Math.min(query.offset(), best.size()), best.size()).stream()
                .map(pid -> ProcessRow.of(ProcessView.of(runtime.info(pid)), measured.of(pid.id()), now))
                .toList();
        int end = query.offset() + query.limit();
        Integer next = total > end && end < TableQuery.MAX_OFFSET ? end : null;
        return new ProcessTablePage(rows, total, null, null, next, query);
    }

    private boolean matches(TableQuery query, Pid pid) {
        if (query.service() != null && !query.service().equals(pid.service())) {
            return false;
        }
        if (query.name() == null) {
            return true;
        }
        String shown = ProcessNames.name(pid);
        return shown != null && shown.toLowerCase(Locale.ROOT).contains(query.name().toLowerCase(Locale.ROOT));
    }
}
