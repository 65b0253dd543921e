package dev.genserver.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The seed's SessionStore session over real HTTP, expiring sessions by moving the shared clock instead of
 * sleeping. The context is shared: other sessions may exist, so counts are compared before and after.
 */
@IntegrationTest
class SessionHttpTest {

    private static final Duration TTL = Duration.ofSeconds(60);

    @Autowired
    private RestTestClient client;

    @Autowired
    private MutableClock clock;

    @Autowired
    private ScheduledTaskHolder scheduler;

    @Test
    void createGetRefresh_thenExpiry_isGoneOnce_andCounted() {
        SessionView created = create("u1");
        assertThat(created.sessionId()).matches("[A-Za-z0-9_-]{22}");
        assertThat(created.createdAt()).isEqualTo(clock.instant()).isEqualTo(created.lastAccessed());
        String path = "/api/sessions/" + created.sessionId();

        clock.advance(Duration.ofSeconds(50));
        assertThat(get(path).lastAccessed()).as("a read does not extend").isEqualTo(created.lastAccessed());
        client.post().uri(path + "/refresh").exchange().expectStatus().isAccepted().expectBody().isEmpty();
        Instant refreshedAt = clock.instant();
        assertThat(get(path).lastAccessed()).isEqualTo(refreshedAt);

        clock.advance(TTL);
        assertThat(get(path).userId()).as("alive at exactly the TTL").isEqualTo("u1");
        SessionStats before = stats();
        clock.advance(Duration.ofSeconds(1));

        client.get().uri(path).exchange().expectStatus().isEqualTo(410)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.error").isEqualTo("expired");
        client.get().uri(path).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
        SessionStats after = stats();
        // other tests' sessions may expire in the same second; every session that left was counted as expired
        assertThat(after.expired() - before.expired()).as("counted once each, this one among them")
                .isEqualTo(before.active() - after.active()).isPositive();
    }

    @Test
    void cleanup_isScheduledWithAFixedDelayOfTheTtl_byDefault() {
        assertThat(scheduler.getScheduledTasks()).map(ScheduledTask::getTask)
                // the runnable is wrapped for outcome tracking; its name is the scheduled method's
                .filteredOn(task -> task.toString().equals(SessionCleanup.class.getName() + ".cleanup"))
                .singleElement().isInstanceOfSatisfying(FixedDelayTask.class, task -> {
                    assertThat(task.getIntervalDuration()).isEqualTo(TTL);
                    assertThat(task.getInitialDelayDuration()).isEqualTo(TTL);
                });
    }

    @Test
    void refreshAfterExpiry_doesNotRevive() {
        String path = "/api/sessions/" + create("u2").sessionId();
        clock.advance(TTL.plusSeconds(1));

        client.post().uri(path + "/refresh").exchange().expectStatus().isAccepted();
        client.get().uri(path).exchange().expectStatus().isNotFound();
    }

    @Test
    void logout_removesTheSession_thenIsNotFound() {
        SessionStats before = stats();
        String path = "/api/sessions/" + create("u3").sessionId();
        assertThat(stats().active()).isEqualTo(before.active() + 1);

        client.delete().uri(path).exchange().expectStatus().isNoContent();
        client.delete().uri(path).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.error").isEqualTo("not_found");
        assertThat(stats()).isEqualTo(new SessionStats(before.active(), before.expired()));
    }

    @Test
    void create_withMissingOrWronglyTypedUserId_isBadRequest() {
        client.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON).body("{}").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_json");
        client.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON).body("{\"userId\":true}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_json");
    }

    private SessionView create(String userId) {
        var result = client.post().uri("/api/sessions").contentType(MediaType.APPLICATION_JSON)
                .body("{\"userId\":\"" + userId + "\"}").exchange()
                .expectStatus().isCreated().expectBody(SessionView.class).returnResult();
        SessionView view = result.getResponseBody();
        assertThat(result.getResponseHeaders().getLocation()).hasToString("/api/sessions/" + view.sessionId());
        assertThat(view.userId()).isEqualTo(userId);
        return view;
    }

    private SessionView get(String path) {
        return client.get().uri(path).exchange().expectStatus().isOk()
                .expectBody(SessionView.class).returnResult().getResponseBody();
    }

    private SessionStats stats() {
        return client.get().uri("/api/sessions/stats").exchange().expectStatus().isOk()
                .expectBody(SessionStats.class).returnResult().getResponseBody();
    }
}
