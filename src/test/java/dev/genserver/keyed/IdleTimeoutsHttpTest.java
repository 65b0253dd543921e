package dev.genserver.keyed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.Pid;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.Mailboxes;
import dev.genserver.testing.ManualTimers;
import dev.genserver.testing.ManualTimersConfiguration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * {@code idle-timeout} of stacks, stores and named counters: set, each stops after that long without a message,
 * every message (a read too) postpones it, and the id or name answers {@code noproc} afterwards; a counter's next
 * increment starts it again from zero. The runtime's timers move by hand.
 */
@IntegrationTest
@Import(ManualTimersConfiguration.class)
@TestPropertySource(properties = {"genserver.stacks.idle-timeout=60s", "genserver.kv.idle-timeout=60s",
        "genserver.counters.idle-timeout=60s"})
class IdleTimeoutsHttpTest {

    private static final Duration IDLE = Duration.ofSeconds(60);

    @Autowired
    private RestTestClient client;
    @Autowired
    private ManualTimers timers;
    @Autowired
    private ProcessTree tree;

    @Test
    void eachIdlesOutAfterItsTimeout_andEveryMessagePostponesIt() {
        String stack = created("/api/stacks", "{\"items\": [1]}");
        String store = created("/api/kv", "");
        String counter = "idle-" + System.nanoTime();
        assertThat(increment(counter)).isEqualTo(1);
        settled(stack, store, counter);
        assertThat(alive(stack, store, counter)).as("at first").containsOnly(true);

        timers.advance(IDLE.minusSeconds(1));
        status(client.get().uri("/api/stacks/{id}/peek", stack), 200);
        status(client.put().uri("/api/kv/{id}/entries/k", store).contentType(MediaType.APPLICATION_JSON).body("1"),
                202);
        status(client.get().uri("/api/counters/{name}", counter), 200);
        settled(stack, store, counter);
        timers.advance(IDLE.minusSeconds(1));
        settled(stack, store, counter);
        assertThat(alive(stack, store, counter)).as("59 s after their last message").containsOnly(true);

        timers.advance(Duration.ofSeconds(1));
        settled(stack, store, counter);

        assertThat(alive(stack, store, counter)).as("60 s after it").containsOnly(false);
        noproc(client.get().uri("/api/stacks/{id}", stack));
        noproc(client.get().uri("/api/kv/{id}", store));
        noproc(client.get().uri("/api/counters/{name}", counter));
        assertThat(increment(counter)).as("started again from zero").isEqualTo(1);
    }

    private String created(String path, String body) {
        return client.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).exchange()
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id")
                .toString();
    }

    private long increment(String name) {
        return ((Number) client.post().uri("/api/counters/{name}/increment", name).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("value")).longValue();
    }

    /**
     * Waits until each process has handled what it was sent, its idle timeout re-armed: a reply reaches the client
     * before the process arms it, and armed after the test moved time, it would count from the later time.
     */
    private void settled(String stack, String store, String counter) {
        whereis("stacks", stack).ifPresent(pid -> Mailboxes.awaitHandled(tree.runtime(), pid));
        whereis("kv", store).ifPresent(pid -> Mailboxes.awaitHandled(tree.runtime(), pid));
        whereis("counters", counter).ifPresent(pid -> Mailboxes.awaitHandled(tree.runtime(), pid));
    }

    private List<Boolean> alive(String stack, String store, String counter) {
        return List.of(whereis("stacks", stack).isPresent(), whereis("kv", store).isPresent(),
                whereis("counters", counter).isPresent());
    }

    private Optional<Pid> whereis(String registry, String key) {
        return tree.registries().stream().filter(named -> named.name().equals(registry)).findFirst().orElseThrow()
                .whereis(key).filter(Pid::isAlive);
    }

    private static void status(RestTestClient.RequestHeadersSpec<?> request, int status) {
        request.exchange().expectStatus().isEqualTo(status);
    }

    private static void noproc(RestTestClient.RequestHeadersSpec<?> request) {
        request.exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error").isEqualTo("noproc");
    }
}
