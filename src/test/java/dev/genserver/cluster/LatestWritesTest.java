package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.genserver.app.ServiceUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A record's writes go one at a time, the latest replacing any still waiting; a lost one is sent again at once, a
 * refused one when asked. Each write here answers with a future the test completes, so every order is the test's.
 */
class LatestWritesTest {

    private final LatestWrites writes = new LatestWrites("a test record");
    /** Every sending, in order: the write's name, and the future its answer comes through. */
    private final List<Sent> sent = new CopyOnWriteArrayList<>(); // awaitWritten sends from the awaiting thread

    private record Sent(String write, CompletableFuture<Void> answer) { }

    private Supplier<CompletionStage<?>> named(String name) {
        return () -> {
            CompletableFuture<Void> answer = new CompletableFuture<>();
            sent.add(new Sent(name, answer));
            return answer;
        };
    }

    private List<String> sentNames() {
        return sent.stream().map(Sent::write).toList();
    }

    @Test
    void aWriteMadeWhileAnotherIsOut_waitsForIt_andOnlyTheLatestOfThoseWaitingGoes() {
        writes.write("job", named("end"));
        writes.write("job", named("cancelled end"));
        writes.write("job", named("forget"));
        assertThat(sentNames()).containsExactly("end");

        sent.getFirst().answer().complete(null);

        assertThat(sentNames()).containsExactly("end", "forget");
        sent.getLast().answer().complete(null);
        assertThat(writes.unwritten()).isZero();
    }

    @Test
    void recordsAreIndependent() {
        writes.write("one", named("one's end"));
        writes.write("two", named("two's end"));

        assertThat(sentNames()).containsExactly("one's end", "two's end");
    }

    /** An end refused, then a forgetting made while it was out: the forgetting goes, never the end again. */
    @Test
    void aRefusedWrite_isReplacedByOneMadeWhileItWasOut() {
        writes.write("job", named("end"));
        writes.write("job", named("forget"));

        sent.getFirst().answer().completeExceptionally(new SplitBrainProtectionException("too few"));
        assertThat(sentNames()).containsExactly("end", "forget");
        sent.getLast().answer().completeExceptionally(new SplitBrainProtectionException("too few"));
        assertThat(writes.unwritten()).isOne();

        writes.resendFailed();
        writes.resendFailed(); // once out, it is not sent twice at a time

        assertThat(sentNames()).containsExactly("end", "forget", "forget");
        sent.getLast().answer().complete(null);
        writes.resendFailed();
        assertThat(sentNames()).hasSize(3);
        assertThat(writes.unwritten()).isZero();
    }

    @Test
    void aWriteLostWithItsMember_isSentAgainAtOnce_upToTheAttempts_thenWaits() {
        writes.write("job", named("end"));
        for (int attempt = 1; attempt <= ReplicatedProcesses.WRITE_ATTEMPTS; attempt++) {
            sent.getLast().answer().completeExceptionally(new IndeterminateOperationStateException("lost"));
        }
        assertThat(sentNames()).hasSize(ReplicatedProcesses.WRITE_ATTEMPTS);

        writes.resendFailed();
        sent.getLast().answer().complete(null);

        assertThat(sentNames()).hasSize(ReplicatedProcesses.WRITE_ATTEMPTS + 1);
        assertThat(writes.unwritten()).isZero();
    }

    @Test
    void aWriteWithNoMemberToGoThrough_waitsToBeSentAgain() {
        boolean[] joined = {false};
        Supplier<CompletionStage<?>> end = named("end");
        writes.write("job", () -> {
            if (!joined[0]) {
                throw new ServiceUnavailableException("cluster member (not joined)");
            }
            return end.get();
        });
        assertThat(writes.unwritten()).isOne();

        joined[0] = true;
        writes.resendFailed();
        sent.getLast().answer().complete(null);

        assertThat(sentNames()).containsExactly("end");
        assertThat(writes.unwritten()).isZero();
    }

    /** A stopping member waits for its last records: the wait ends when the write is taken, not at its patience. */
    @Test
    void awaitingTheWrites_endsWhenTheLastIsTaken() throws Exception {
        writes.write("job", named("end"));
        CompletableFuture<Boolean> written = CompletableFuture.supplyAsync(() -> awaitWritten(Duration.ofMinutes(1)));

        sent.getFirst().answer().complete(null);

        assertThat(written.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(writes.unwritten()).isZero();
    }

    /**
     * A write refused while the member waits (too few members in sight) is sent again during the wait, the
     * scheduled resending having ended with the application; a wait that runs out says the write is not taken.
     */
    @Test
    void awaitingTheWrites_sendsARefusedOneAgain_andSaysWhenItRanOut() throws Exception {
        writes.write("job", named("end"));
        sent.getFirst().answer().completeExceptionally(new SplitBrainProtectionException("too few"));
        assertThat(awaitWritten(Duration.ZERO)).isFalse();

        CompletableFuture<Boolean> written = CompletableFuture.supplyAsync(() -> awaitWritten(Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.size() == 2);
        sent.getLast().answer().complete(null);

        assertThat(written.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sentNames()).containsExactly("end", "end");
    }

    /**
     * A job's adoption waits for its own record's earlier write (a forgetting) alone: that one is sent again during
     * the wait, another record's is left for the scheduled resending.
     */
    @Test
    void awaitingOneRecord_sendsItsRefusedWriteAgain_andLeavesTheOthers() throws Exception {
        writes.write("one", named("one's forgetting"));
        writes.write("two", named("two's end"));
        sent.get(0).answer().completeExceptionally(new SplitBrainProtectionException("too few"));
        sent.get(1).answer().completeExceptionally(new SplitBrainProtectionException("too few"));

        CompletableFuture<Boolean> written = CompletableFuture.supplyAsync(() -> awaitWritten("one"));
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.size() == 3);
        sent.getLast().answer().complete(null);

        assertThat(written.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sentNames()).containsExactly("one's forgetting", "two's end", "one's forgetting");
        assertThat(writes.unwritten()).as("two's end").isOne();
        assertThat(writes.awaitWritten("three", Duration.ZERO)).as("a record with no write").isTrue();
    }

    private boolean awaitWritten(Duration patience) {
        try {
            return writes.awaitWritten(patience);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private boolean awaitWritten(String key) {
        try {
            return writes.awaitWritten(key, Duration.ofMinutes(1));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
