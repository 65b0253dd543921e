package dev.genserver.cluster;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import dev.genserver.observability.Members;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.ServiceSnapshot;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The observer's members in cluster mode: every member Hazelcast sees, each with the processes it hosts. Each
 * member publishes its own load once a second into the replicated map {@code genserver-members} (every member holds
 * a full copy, so reading it asks nobody), with a time to live that drops a member which stopped publishing: a
 * failover shows as processes moving from the lost member to the survivors. A member that is stopping publishes its
 * last load once, marked {@code leaving}, to be kept until it has left: Spring cancels the scheduled publishing when
 * the context starts closing, while the member drains its requests and jobs, and holds its partitions, for seconds
 * more (it showed as {@code up} with no processes meanwhile). A member whose load is not there (just joined, or its
 * publishing failed) is {@code unknown}, not {@code up} with none.
 */
final class ClusterMembers implements Members, ApplicationListener<ContextClosedEvent> {

    static final String MAP = "genserver-members";
    private static final long KEPT_SECONDS = 5;
    /** A leaving member's last load: longer than any drain; it is shown only while the member is in the cluster. */
    private static final long LEAVING_KEPT_SECONDS = TimeUnit.HOURS.toSeconds(1);
    /** This member's name before it has joined: it has no cluster address yet. */
    private static final String NOT_JOINED = "this instance";

    private final ClusterMember member;
    private final Modules modules;
    private final ProcessRuntime runtime;
    private final Supplier<Map<String, ServiceSnapshot>> services;
    private volatile boolean leaving;

    /** {@code services}: the runtime's per-service figures, as the metrics share them (no walk of its own). */
    ClusterMembers(ClusterMember member, Modules modules, ProcessRuntime runtime,
            Supplier<Map<String, ServiceSnapshot>> services) {
        this.member = member;
        this.modules = modules;
        this.runtime = runtime;
        this.services = services;
    }

    @Override
    public List<Members.Member> members() {
        if (!member.isJoined()) {
            return List.of(new Members.Member(NOT_JOINED, true, "joining", runtime.count(), List.of()));
        }
        HazelcastInstance here = member.instance();
        ReplicatedMap<UUID, Load> loads = here.getReplicatedMap(MAP);
        List<Members.Member> all = new ArrayList<>();
        for (com.hazelcast.cluster.Member seen : here.getCluster().getMembers()) {
            Load load = seen.localMember() ? load(here) : loads.get(seen.getUuid());
            String status = load == null ? "unknown" : load.leaving() ? "leaving" : "up";
            all.add(new Members.Member(ClusterHealthIndicator.text(seen), seen.localMember(), status,
                    load == null ? 0 : load.processes(), load == null ? List.of() : load.services()));
        }
        return all;
    }

    /** This member's {@code host:port}, read locally: no load is computed for it. */
    @Override
    public String self() {
        return member.isJoined() ? ClusterHealthIndicator.text(member.instance().getCluster().getLocalMember())
                : NOT_JOINED;
    }

    /** Publishes this member's load for the others. */
    @Scheduled(fixedRate = 1000)
    void publish() {
        publish(false);
    }

    /** The context is closing: the last load, marked leaving, stands until this member leaves the cluster. */
    @Override
    public void onApplicationEvent(ContextClosedEvent closing) {
        leave();
    }

    void leave() {
        publish(true);
    }

    /** One at a time, so that a tick that began before the close cannot put its load over the leaving one. */
    private synchronized void publish(boolean leave) {
        if (leaving) {
            return; // the leaving load stands
        }
        leaving = leave;
        if (!member.isJoined()) {
            return;
        }
        try {
            HazelcastInstance here = member.instance();
            here.<UUID, Load>getReplicatedMap(MAP).put(here.getCluster().getLocalMember().getUuid(), load(here),
                    leave ? LEAVING_KEPT_SECONDS : KEPT_SECONDS, TimeUnit.SECONDS);
        } catch (HazelcastException | IllegalStateException changing) {
            // the membership is changing (a member just lost, this one leaving): the next tick publishes
        }
    }

    /**
     * This member's processes and their services: those of its runtime, and the replicated ones whose primary it
     * holds, as entries counted by Hazelcast's statistics, so a keyed stop's tombstone or an idled-out entry not yet
     * expired counts too; telling them apart would mean a scan of every map each second.
     */
    private Load load(HazelcastInstance here) {
        int processes = runtime.count();
        SortedSet<String> services = new TreeSet<>();
        this.services.get().values().stream().filter(service -> service.processes() > 0)
                .forEach(service -> services.add(service.service()));
        for (String service : modules.services()) {
            long owned = here.getMap(ClusterConfiguration.MAP_PREFIX + service).getLocalMapStats()
                    .getOwnedEntryCount();
            processes += (int) owned;
            if (owned > 0) {
                services.add(service);
            }
        }
        return new Load(processes, List.copyOf(services), leaving);
    }

    /** One member's load, as it published it; {@code leaving} once it has begun to stop. */
    record Load(int processes, List<String> services, boolean leaving) implements Serializable {
    }
}
