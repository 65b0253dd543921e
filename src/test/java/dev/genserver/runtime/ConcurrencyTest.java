package dev.genserver.runtime;

import static dev.genserver.runtime.Fixtures.await;
import static dev.genserver.runtime.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.testing.ManualTimers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Exact results under contention, per-sender order, isolation of a blocked process, mailbox bounds, scale. */
class ConcurrencyTest {

    private final ManualTimers timers = new ManualTimers();

    private static void inParallel(int threads, Runnable work) {
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(CompletableFuture.runAsync(() -> {
                    await(start);
                    work.run();
                }, pool));
            }
            start.countDown();
            done.forEach(Fixtures::join);
        }
    }

    @Test
    void sixteenThreads_tenThousandCallsEach_countExactly() {
        try (ProcessRuntime runtime = Fixtures.runtime(timers)) {
            Pid counter = runtime.start(new Probe());

            inParallel(16, () -> {
                for (int i = 0; i < 10_000; i++) {
                    counter.call(new Probe.Add(1));
                }
            });

            assertThat(counter.call(new Probe.Get())).isEqualTo(160_000L);
            assertThat(runtime.info(counter).processed()).isEqualTo(160_001L);
        }
    }

    @Test
    void castsAndCallsFromManyThreads_countExactly() {
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withMailboxCapacity(1_000_000))) {
            Pid counter = runtime.start(new Probe());

            inParallel(8, () -> {
                for (int i = 0; i < 10_000; i++) {
                    if (i % 2 == 0) {
                        counter.cast(1L);
                    } else {
                        counter.call(new Probe.Add(1));
                    }
                }
            });

            assertThat(counter.call(new Probe.Get())).isEqualTo(80_000L);
        }
    }

    /** A message from one sender with its sequence number. */
    record Sent(int sender, int seq) { }

    /** Returns every sender's sequence as received. */
    record Received() implements Call<Map<Integer, List<Integer>>> { }

    /** A call that only counts as traffic. */
    record Ping() implements Call<String> { }

    /** Records (sender, seq) as they arrive. */
    static final class OrderRecorder implements GenServer<Map<Integer, List<Integer>>> {
        @Override
        public Init<Map<Integer, List<Integer>>> init() {
            return Init.ok(new HashMap<>());
        }

        @Override
        public CallResult<Map<Integer, List<Integer>>> handleCall(Call<?> request, From from,
                                                                  Map<Integer, List<Integer>> seen) {
            return switch (request) {
                case SentCall sent -> {
                    seen.computeIfAbsent(sent.sender(), any -> new ArrayList<>()).add(sent.seq());
                    yield sent.reply("ok", seen);
                }
                case Received received -> received.reply(Map.copyOf(seen), seen);
                case Ping ping -> ping.reply("pong", seen);
                default -> GenServer.super.handleCall(request, from, seen);
            };
        }

        @Override
        public Result<Map<Integer, List<Integer>>> handleCast(Object message, Map<Integer, List<Integer>> seen) {
            Sent sent = (Sent) message;
            seen.computeIfAbsent(sent.sender(), any -> new ArrayList<>()).add(sent.seq());
            return Result.noreply(seen);
        }
    }

    @Test
    void messagesFromOneSender_areHandledInTheOrderSent() {
        int senders = 6;
        int perSender = 20_000;
        try (ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults().withTimers(timers)
                .withMailboxCapacity(1_000_000))) {
            Pid server = runtime.start(new OrderRecorder());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(senders + 1);
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                int sender = s;
                work.add(CompletableFuture.runAsync(() -> {
                    await(start);
                    for (int seq = 0; seq < perSender; seq++) {
                        if (seq % 100 == 99) {
                            // A call now and then: it must not overtake this sender's earlier casts.
                            server.call(new SentCall(sender, seq));
                        } else {
                            server.cast(new Sent(sender, seq));
                        }
                    }
                }, pool));
            }
            work.add(CompletableFuture.runAsync(() -> {
                await(start);
                for (int i = 0; i < 20_000; i++) {
                    server.call(new Ping());
                }
            }, pool));
            start.countDown();
            work.forEach(Fixtures::join);
            pool.shutdown();

            Map<Integer, List<Integer>> received = server.call(new Received());
            List<Integer> expected = IntStream.range(0, perSender).boxed().toList();
            assertThat(received).hasSize(senders);
            received.forEach((sender, seqs) -> assertThat(seqs).as("sender %d", sender).isEqualTo(expected));
        }
    }

    /** A {@link Sent} delivered as a call. */
    record SentCall(int sender, int seq) implements Call<String> { }

    @Test
    void aHandlerBlockedOnALatch_doesNotStallCallsToOtherProcesses() {
        try (ProcessRuntime runtime = Fixtures.runtime(timers)) {
            List<Probe.Block> blocks = new ArrayList<>();
            List<Pid> stuck = new ArrayList<>();
            // More blocked processes than there are carrier threads.
            int blocked = Runtime.getRuntime().availableProcessors() * 2 + 2;
            for (int i = 0; i < blocked; i++) {
                Pid process = runtime.start(new Probe());
                Probe.Block block = Probe.Block.newBlock();
                process.cast(block);
                await(block.entered());
                blocks.add(block);
                stuck.add(process);
            }
            Pid other = runtime.start(new Probe());
            Pid busyOther = runtime.start(new Probe());
            busyOther.cast(5L); // queued: handled by a drainer, not on this thread

            assertThat(other.call(new Probe.Add(1))).isEqualTo(1L);
            assertThat(join(busyOther.callAsync(new Probe.Add(1), Duration.ofSeconds(5)))).isEqualTo(6L);

            assertThat(stuck).as("every blocked handler is still in its turn")
                    .allSatisfy(process -> assertThat(runtime.info(process).status()).isEqualTo("running"));
            blocks.forEach(block -> block.release().countDown());
            assertThat(stuck).as("and each carries on once released")
                    .allSatisfy(process -> assertThat(process.call(new Probe.Add(1))).isEqualTo(1L));
        }
    }

    @Test
    void mailboxBound_refusesCastsCallsAndSends_butNotSystemMessages() {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = Fixtures.runtime(timers)) {
            Pid full = runtime.start(new Probe("full", events), StartOptions.DEFAULTS.withMailboxCapacity(3));
            Pid watched = runtime.start(new Probe());
            MonitorRef ref = runtime.monitor(full, watched);
            Probe.Block block = Probe.Block.newBlock();
            full.cast(block);
            await(block.entered());
            full.cast(1L);
            full.cast(2L);
            full.cast(3L);

            assertThatThrownBy(() -> full.cast(4L)).isInstanceOfSatisfying(MailboxFullException.class, e -> {
                assertThat(e.pid()).isSameAs(full);
                assertThat(e.capacity()).isEqualTo(3);
                assertThat(e.error()).isEqualTo("overloaded");
            });
            assertThatThrownBy(() -> full.call(new Probe.Get(), Duration.ofHours(1)))
                    .isInstanceOf(MailboxFullException.class);
            assertThatThrownBy(() -> join(full.callAsync(new Probe.Get(), Duration.ofHours(1))))
                    .isInstanceOf(MailboxFullException.class);
            assertThatThrownBy(() -> full.send("info")).isInstanceOf(MailboxFullException.class);
            runtime.kill(watched);  // the DOWN is a system message: it gets in
            runtime.sendAfter(full, "timer", Duration.ZERO);
            timers.advance(Duration.ZERO);
            assertThat(runtime.info(full).mailbox()).isEqualTo(5);

            block.release().countDown();

            Down down = Fixtures.takeInfo(events, Down.class);
            assertThat(down.ref()).isSameAs(ref);
            assertThat(Fixtures.takeInfo(events, String.class)).isEqualTo("timer"); // the last one queued
            assertThat(full.call(new Probe.Get())).isEqualTo(6L);
            assertThat(full.isAlive()).as("a full mailbox is not a crash").isTrue();
        }
    }

    @Test
    void mailboxBound_stopStillGetsThrough() {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        try (ProcessRuntime runtime = Fixtures.runtime(timers)) {
            Pid full = runtime.start(new Probe("full", events), StartOptions.DEFAULTS.withMailboxCapacity(1));
            Probe.Block block = Probe.Block.newBlock();
            full.cast(block);
            await(block.entered());
            full.cast(1L);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(
                    () -> runtime.stop(full, ExitReason.NORMAL, Duration.ofHours(1)), Thread.ofVirtual()::start);
            // past the bound of 1 while the mailbox is still full: a stop that were refused would never queue
            Waiting.until("the stop is queued", () -> runtime.info(full).mailbox() == 2);

            block.release().countDown();
            join(stopped);

            assertThat(events).containsExactly(new Probe.Terminated("full", ExitReason.NORMAL, 1L));
        }
    }

    @Test
    void aHundredThousandIdleProcesses_startAndStop() {
        int n = 100_000;
        try (ProcessRuntime runtime = Fixtures.runtime(timers)) {
            Pid[] pids = new Pid[n];
            for (int i = 0; i < n; i++) {
                pids[i] = runtime.start(new Probe());
            }
            assertThat(runtime.count()).isEqualTo(n);
            assertThat(pids[n - 1].call(new Probe.Add(1))).isEqualTo(1L);

            AtomicInteger next = new AtomicInteger();
            inParallel(8, () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    runtime.stop(pids[i], ExitReason.NORMAL, Fixtures.PATIENCE);
                }
            });

            assertThat(runtime.count()).isZero();
            assertThat(pids).noneMatch(Pid::isAlive);
        }
    }
}
