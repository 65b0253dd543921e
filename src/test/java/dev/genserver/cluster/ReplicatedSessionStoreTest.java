package dev.genserver.cluster;

import static dev.genserver.session.SessionClients.create;
import static dev.genserver.session.SessionClients.userOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.Refusal;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.session.SessionClients;
import dev.genserver.session.SessionStore;
import dev.genserver.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The session store replicated on three members: one store whichever member is asked, with ids drawn by the
 * caller; its scheduled cleanup sent by the member hosting it alone; and sessions that still expire after that
 * member is terminated, since expiry is judged from the time each message carries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedSessionStoreTest {

    private static final Duration TTL = Duration.ofSeconds(60);

    private final MutableClock time = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PinnedClock clock = new PinnedClock(time);
    private final Modules modules = ClusterServices.modules(clock, this::store);
    private final InJvmCluster cluster = new InJvmCluster(3, modules);
    private final List<SessionStore> stores = ClusterServices.onEveryMember(cluster, modules, clock, this::store);

    @AfterAll
    void close() {
        cluster.close();
    }

    @Test
    void aSessionCreatedThroughOneMember_isReadAndRefreshedThroughEveryOther() {
        String id = create(stores.get(0), "u1");

        assertThat(stores).allSatisfy(store -> assertThat(userOf(store, id)).isEqualTo("u1"));
        time.advance(Duration.ofSeconds(50));
        stores.get(2).refresh(id);
        time.advance(Duration.ofSeconds(50)); // 100 s after its creation, 50 s after its refresh
        assertThat(userOf(stores.get(1), id)).isEqualTo("u1");
    }

    @Test
    void theCleanup_isSentByTheMemberHostingTheStore_only() {
        int owner = ClusterServices.owner(cluster, SessionClients.KEY);
        String left = create(stores.get(0), "u1");
        time.advance(TTL.plusSeconds(1));

        IntStream.range(0, 3).filter(i -> i != owner).forEach(i -> stores.get(i).requestCleanup());
        assertRefused(() -> stores.get(0).get(left), Refusal.Reason.EXPIRED); // still there: nobody swept it

        String swept = create(stores.get(1), "u2");
        time.advance(TTL.plusSeconds(1));
        stores.get(owner).requestCleanup();
        assertRefused(() -> stores.get(2).get(swept), Refusal.Reason.NOT_FOUND);
    }

    @Test
    @Order(Integer.MAX_VALUE) // terminates a member: last
    void aSession_stillExpires_afterTheMemberHostingTheStoreIsTerminated() {
        String id = create(stores.get(1), "u1");
        int owner = ClusterServices.owner(cluster, SessionClients.KEY);

        ClusterServices.terminate(cluster, owner);
        List<SessionStore> survivors = IntStream.range(0, 3).filter(i -> i != owner).mapToObj(stores::get).toList();

        time.advance(TTL);
        assertThat(survivors).allSatisfy(store -> assertThat(userOf(store, id)).isEqualTo("u1"));
        time.advance(Duration.ofSeconds(1));
        assertRefused(() -> survivors.get(0).get(id), Refusal.Reason.EXPIRED);
        assertRefused(() -> survivors.get(1).get(id), Refusal.Reason.NOT_FOUND);
    }

    private static void assertRefused(Runnable request, Refusal.Reason reason) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(reason));
    }

    private SessionStore store(ProcessDirectory directory) {
        return SessionClients.on(directory, clock, TTL);
    }
}
