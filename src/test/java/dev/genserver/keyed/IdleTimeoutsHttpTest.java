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
 * increment starts it again from zero. The runtime's timers move by hand. ({@code slow.SlowOperationHttpTest}
 * takes the same settings, so that both classes share one application context.)
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
        Resources touched = new Resources(created("/api/stacks", "{\"items\": [1]}"), created("/api/kv", ""),
                "idle-touched-" + System.nanoTime());
        Resources untouched = new Resources(created("/api/stacks", ""), created("/api/kv", ""),
                "idle-untouched-" + System.nanoTime());
        assertThat(increment(touched.counter())).isEqualTo(1);
        assertThat(increment(untouched.counter())).isEqualTo(1);
        settled(touched);
        settled(untouched);

        timers.advance(IDLE.minusSeconds(1));
        status(client.get().uri("/api/stacks/{id}/peek", touched.stack()), 200);
        status(client.put().uri("/api/kv/{id}/entries/k", touched.store()).contentType(MediaType.APPLICATION_JSON)
                .body("1"), 202);
        status(client.get().uri("/api/counters/{name}", touched.counter()), 200);
        settled(touched);
        assertThat(alive(untouched)).as("59 s after their start").containsOnly(true);
        timers.advance(Duration.ofSeconds(1));
        settled(untouched);
        assertThat(alive(untouched)).as("60 s after their start: the start's timeout").containsOnly(false);

        timers.advance(IDLE.minusSeconds(2));
        settled(touched);
        assertThat(alive(touched)).as("59 s after their last message").containsOnly(true);
        timers.advance(Duration.ofSeconds(1));
        settled(touched);

        assertThat(alive(touched)).as("60 s after it").containsOnly(false);
        noproc(client.get().uri("/api/stacks/{id}", touched.stack()));
        noproc(client.get().uri("/api/kv/{id}", touched.store()));
        noproc(client.get().uri("/api/counters/{name}", touched.counter()));
        assertThat(increment(touched.counter())).as("started again from zero").isEqualTo(1);
    }

    /** A stack, a store and a counter, by id or name. */
    private record Resources(String stack, String store, String counter) { }

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
    private void settled(Resources resources) {
        whereis("stacks", resources.stack()).ifPresent(pid -> Mailboxes.awaitHandled(tree.runtime(), pid));
        whereis("kv", resources.store()).ifPresent(pid -> Mailboxes.awaitHandled(tree.runtime(), pid));
        whereis("counters", resources.counter()).ifPresent(pid -> Mailboxes.awaitHandled(tree.runtime(), pid));
    }

    private List<Boolean> alive(Resources resources) {
        return List.of(whereis("stacks", resources.stack()).isPresent(), whereis("kv", resources.store()).isPresent(),
                whereis("counters", resources.counter()).isPresent());
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
