package dev.genserver.cluster;

import static dev.genserver.cluster.ServiceCluster.assertRefused;
import static dev.genserver.session.SessionClients.create;
import static dev.genserver.session.SessionClients.userOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.Refusal;
import dev.genserver.session.SessionClients;
import dev.genserver.session.SessionStore;
import java.time.Duration;
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

    private final ServiceCluster<SessionStore> stores = new ServiceCluster<>(
            (directory, clock) -> SessionClients.on(directory, clock, TTL));

    @AfterAll
    void close() {
        stores.close();
    }

    @Test
    void aSessionCreatedThroughOneMember_isReadAndRefreshedThroughEveryOther() {
        String id = create(stores.on(0), "u1");

        assertThat(stores.all()).allSatisfy(store -> assertThat(userOf(store, id)).isEqualTo("u1"));
        stores.time.advance(Duration.ofSeconds(50));
        stores.on(2).refresh(id);
        stores.time.advance(Duration.ofSeconds(50)); // 100 s after its creation, 50 s after its refresh
        assertThat(userOf(stores.on(1), id)).isEqualTo("u1");
    }

    @Test
    void theCleanup_isSentByTheMemberHostingTheStore_only() {
        int owner = stores.owner(SessionClients.KEY);
        String left = create(stores.on(0), "u1");
        stores.time.advance(TTL.plusSeconds(1));

        IntStream.range(0, 3).filter(i -> i != owner).forEach(i -> stores.on(i).requestCleanup());
        assertRefused(() -> stores.on(0).get(left), Refusal.Reason.EXPIRED); // still there: nobody swept it

        String swept = create(stores.on(1), "u2");
        stores.time.advance(TTL.plusSeconds(1));
        stores.on(owner).requestCleanup();
        assertRefused(() -> stores.on(2).get(swept), Refusal.Reason.NOT_FOUND);
    }

    @Test
    @Order(Integer.MAX_VALUE) // terminates a member: last
    void aSession_stillExpires_afterTheMemberHostingTheStoreIsTerminated() {
        String id = create(stores.on(1), "u1");

        List<SessionStore> survivors = stores.terminateOwnerOf(SessionClients.KEY);

        stores.time.advance(TTL);
        assertThat(survivors).allSatisfy(store -> assertThat(userOf(store, id)).isEqualTo("u1"));
        stores.time.advance(Duration.ofSeconds(1));
        assertRefused(() -> survivors.get(0).get(id), Refusal.Reason.EXPIRED);
        assertRefused(() -> survivors.get(1).get(id), Refusal.Reason.NOT_FOUND);
    }
}
