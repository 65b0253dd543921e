package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import dev.genserver.app.Refusal;
import dev.genserver.keyed.LocalProcessDirectory;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * One service's own client bean on each of three members in this JVM ({@link InJvmCluster}), each reaching its
 * processes through the directory cluster mode gives it ({@link ClusterProcessDirectory}), as in the application,
 * and all reading one clock the test moves. The service is built once before any member joins, which registers its
 * module and its map's settings, as the application context does. A service that is not replicated fails loudly
 * here: these directories have no local tree to fall back to.
 *
 * @param <T> the service's client bean
 */
final class ServiceCluster<T> implements AutoCloseable {

    private static final int MEMBERS = 3;

    /** The wall clock behind every member's {@link PinnedClock}. */
    final MutableClock time = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PinnedClock clock = new PinnedClock(time);
    private final Modules modules = new Modules();
    private final InJvmCluster cluster;
    private final List<T> clients;

    /** @param make the service's client bean on a directory, reading a clock */
    ServiceCluster(BiFunction<ProcessDirectory, Clock, T> make) {
        make.apply(directory(new ClusterMember(new Config())), clock);
        cluster = new InJvmCluster(MEMBERS, modules);
        clients = cluster.members().stream().map(member -> make.apply(directory(member), clock)).toList();
    }

    /** The client bean on member {@code index}. */
    T on(int index) {
        return clients.get(index);
    }

    /** The client beans of every member, terminated ones included, in member order. */
    List<T> all() {
        return clients;
    }

    InJvmCluster cluster() {
        return cluster;
    }

    /** The index of the member owning {@code key}'s partition: the one hosting its process. */
    int owner(String key) {
        return IntStream.range(0, MEMBERS).filter(i -> cluster.member(i).isJoined()
                && ClusterMember.owns(cluster.member(i).instance(), key)).findFirst().orElseThrow();
    }

    /**
     * Terminates the member hosting {@code key}'s process without warning, waits until the others have seen it
     * go, and returns their client beans.
     */
    List<T> terminateOwnerOf(String key) {
        int owner = owner(key);
        cluster.member(owner).instance().getLifecycleService().terminate();
        List<ClusterMember> survivors = cluster.members().stream().filter(ClusterMember::isJoined).toList();
        await().atMost(Duration.ofSeconds(10)).until(() -> survivors.stream()
                .allMatch(member -> member.instance().getCluster().getMembers().size() == survivors.size()));
        return IntStream.range(0, MEMBERS).filter(i -> i != owner).mapToObj(clients::get).toList();
    }

    /** {@code request} is refused with {@code reason}, as a client bean refuses (the seed's error atoms). */
    static void assertRefused(Runnable request, Refusal.Reason reason) {
        assertThatThrownBy(request::run).isInstanceOfSatisfying(Refusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(reason));
    }

    private ProcessDirectory directory(ClusterMember member) {
        return new ClusterProcessDirectory(member, modules, new LocalProcessDirectory(null), clock,
                new ClusterMetrics(member, new SimpleMeterRegistry()), true);
    }

    @Override
    public void close() {
        cluster.close();
    }
}
