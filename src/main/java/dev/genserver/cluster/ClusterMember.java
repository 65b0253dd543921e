package dev.genserver.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.genserver.app.ServiceUnavailableException;
import org.springframework.context.SmartLifecycle;

/**
 * This instance's embedded Hazelcast member. It joins the cluster only once the application context has made every
 * service, and so registered every module in {@link Modules}: a member takes primary and backup partitions the
 * moment it joins, and must be able to run any message that arrives. It leaves after the web server has drained,
 * gracefully, handing its partitions to the others.
 */
final class ClusterMember implements SmartLifecycle {

    /**
     * Started before the web server (Boot starts and stops it in {@code DEFAULT_PHASE - 2048}; its graceful drain
     * is {@code DEFAULT_PHASE - 1024}), and stopped after it; after the process tree starts, before it stops.
     * Sharing the web server's phase left their order to chance.
     */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 3072;

    /**
     * Hazelcast 5.7's networking switch, a system property its member reads as it starts ({@code NioNetworking}'s
     * context; {@code Config.setProperty} does not reach it). Once a member paused (SIGSTOP, a frozen VM) is
     * removed, a survivor reconnects to it (its search for a cluster to merge with does), the kernel completes the
     * connection for the stopped process, and the survivor's outbound IO thread carrying it spins
     * ({@code NioOutboundPipeline.postProcessClean} queueing itself again, so the thread never reaches
     * {@code select()}). With selection-key wakeups, Hazelcast's default, a write of another connection on that
     * thread waits for that {@code select()}: the survivor's heartbeats stop, and the others remove it a heartbeat
     * timeout later, splitting the survivors too (8 of 8 pauses in which a survivor's thread spun, one outbound IO
     * thread a member; 1 of 8 pauses with Hazelcast's thread count). Off, such a write is queued as a task of the
     * thread, which the spinning loop runs (9 of 9 such pauses, the survivors held). Not covered: a connection of
     * that thread whose socket's send buffer is full waits for {@code select()} whatever the switch says
     * ({@code postProcessDirty}), which a heartbeat alone does not fill. The spin itself goes on until the paused
     * member resumes or its connection closes. An operator's own {@code -D} setting of it is kept; being a system
     * property, it holds for every Hazelcast member and client the JVM starts afterwards.
     */
    static final String SELECTION_KEY_WAKEUP = "hazelcast.io.selectionKeyWakeupEnabled";

    private final Config config;
    private volatile HazelcastInstance instance;

    ClusterMember(Config config) {
        this.config = config;
    }

    /** The running member; 503 {@code unavailable} before it has joined or after it has left. */
    HazelcastInstance instance() {
        HazelcastInstance running = instance;
        if (running == null || !running.getLifecycleService().isRunning()) {
            throw new ServiceUnavailableException("this instance has not joined its cluster yet; retry shortly");
        }
        return running;
    }

    /** Whether {@code member} owns {@code key}'s partition, as its partition table says now. */
    static boolean owns(HazelcastInstance member, String key) {
        Member owner = member.getPartitionService().getPartition(key).getOwner();
        return owner != null && owner.localMember();
    }

    boolean isJoined() {
        HazelcastInstance running = instance;
        return running != null && running.getLifecycleService().isRunning();
    }

    @Override
    public void start() {
        if (System.getProperty(SELECTION_KEY_WAKEUP) == null) {
            System.setProperty(SELECTION_KEY_WAKEUP, "false");
        }
        instance = Hazelcast.newHazelcastInstance(Modules.configure(config));
    }

    @Override
    public void stop() {
        HazelcastInstance running = instance;
        if (running != null) {
            running.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return isJoined();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
