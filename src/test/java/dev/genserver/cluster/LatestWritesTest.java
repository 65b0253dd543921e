package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.IndeterminateOperationStateException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.genserver.app.ServiceUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A record's writes go one at a time, the latest replacing any still waiting; a lost one is sent again at once, a
 * refused one when asked. Each write here answers with a future the test completes, so every order is the test's.
 */
class LatestWritesTest {

    private final LatestWrites writes = new LatestWrites("a test record");
    /** Every sending, in order: the write's name, and the future its answer comes through. */
    private final List<Sent> sent = new ArrayList<>();

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
}
