package dev.genserver.observability;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.ProcessStatistics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.stereotype.Component;

/**
 * What the observer page shows, each view computed from the runtime's own introspection at the moment it is
 * asked for (the charts' history and the rates are sampled: {@link ObserverHistory}, {@link ProcessRates}).
 * Exposed on the management port only, by the observer's management context configuration; names and states
 * are redacted exactly as {@code /actuator/processes} redacts them.
 *
 * <p>Thread-safe.
 */
@Component
final class Observer {

    private final ProcessRuntime runtime;
    private final ProcessTree tree;
    private final ObservabilityProperties properties;
    private final ProcessLookup lookup;
    private final ProcessStates states;
    private final SupervisionTree supervision;
    private final ProcessRates rates;
    private final ProcessRanking ranking;
    private final ObserverHistory history;
    private final Members members;
    private final RuntimeMetrics metrics;
    /**
     * The processes endpoint's path under actuator's base path where actions on processes are allowed and it is
     * exposed, else null; the management server's own base path comes before it, read from each request.
     */
    private final String actionsPath;
    private final ActionHostNames actionHosts;

    Observer(ProcessTree tree, ObservabilityProperties properties, ProcessStates states, RuntimeMetrics metrics,
             ObjectProvider<Members> members, ObjectProvider<PathMappedEndpoints> endpoints, Clock clock,
             @Value("${spring.application.name:genserver-boot}") String application) {
        this.runtime = tree.runtime();
        this.tree = tree;
        this.properties = properties;
        this.metrics = metrics;
        this.lookup = new ProcessLookup(tree);
        this.states = states;
        this.supervision = new SupervisionTree(runtime, tree.root());
        this.rates = new ProcessRates(runtime, System::nanoTime, ObserverSampler::cpuNanos);
        this.ranking = new ProcessRanking(runtime, rates, clock);
        this.history = new ObserverHistory(runtime);
        PathMappedEndpoints exposed = endpoints.getIfAvailable();
        this.actionsPath = properties.allowKill() && exposed != null
                ? exposed.getPath(EndpointId.of(ProcessesEndpoint.ID)) : null;
        this.actionHosts = new ActionHostNames(properties.actionHosts());
        this.members = members.getIfAvailable(
                () -> new SingleInstance(application + "@" + hostName(), metrics.snapshots()::services,
                        tree.root().pid()::isAlive));
    }

    Overview overview() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ObserverHistory.Series series = history.series();
        List<Double> rates = series.messagesPerSecond();
        List<Members.Member> all = members.members();
        Members.Member self = all.stream().filter(Members.Member::local).findFirst().orElseGet(all::getFirst);
        return new Overview(self, ManagementFactory.getRuntimeMXBean().getUptime() / 1000, runtime.count(),
                rates.isEmpty() ? null : rates.getLast(), heap.getUsed(), heap.getMax(), supervision.root(), series);
    }

    TreeNode tree() {
        return supervision.tree();
    }

    ProcessTablePage processes(TableQuery query) {
        return ranking.query(query);
    }

    /**
     * One process: by id, local name or registry name as the processes endpoint finds it.
     *
     * @param serverBasePath the management server's base path ({@code management.server.base-path}, its context
     *                       path), which its actions' path starts with; empty for none
     * @param throughHost    the host name the panel was asked for through: a browser there is offered no action
     *                       it would be refused ({@link #offersActionsThrough})
     */
    ProcessPanel process(String idOrName, String serverBasePath, String throughHost) {
        Pid pid = lookup.require(idOrName);
        ProcessView view = ProcessView.of(runtime.info(pid));
        ProcessStatistics statistics = runtime.statistics(pid);
        ProcessStates.Rendered state = states.read(pid);
        ObserverHistory.Depths recorded = history.watch(pid, System.nanoTime());
        return new ProcessPanel(view, recorded.rate(), statistics, state.state(), state.error(), recorded,
                offersActionsThrough(throughHost) ? serverBasePath + actionsPath + "/" + view.id() : null);
    }

    /** Whether a process panel asked for through {@code host} offers actions: allowed, and a host that may act. */
    boolean offersActionsThrough(String host) {
        return actionsPath != null && actionHosts.mayAct(host);
    }

    List<Members.Member> members() {
        return members.members();
    }

    /** Takes the charts' point for this second; called by {@link ObserverSampler}. */
    void sample() {
        history.sample(System.currentTimeMillis(), System.nanoTime(), metrics.snapshots().services(),
                metrics.mailboxWaits());
        rates.forgetIfIdle();
    }

    boolean isClosed() {
        return runtime.isClosed() || !tree.isRunning();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException unknown) {
            return "localhost";
        }
    }
}
