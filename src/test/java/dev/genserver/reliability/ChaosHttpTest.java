package dev.genserver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.app.ProcessTree;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.testing.Deadline;
import dev.genserver.testing.IntegrationTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Processes killed at random while clients write to them over HTTP. Four clients each write to their own two
 * key-value stores and two stacks; meanwhile a killer kills six of the sixteen, chosen by a fixed seed. Every
 * write to a process that was not killed must have been acknowledged and must be there at the end, exactly;
 * a killed process answers 404 {@code noproc} (or 500 {@code exit} for a request it was handling), never
 * anything else.
 */
@IntegrationTest
class ChaosHttpTest {

    private static final int CLIENTS = 4;
    private static final int WRITES_PER_TARGET = 40;
    private static final int KILLS = 6;

    @LocalServerPort
    private int port;
    @Autowired
    private ProcessRuntime runtime;
    @Autowired
    private ProcessTree tree;

    @Test
    void killingRandomProcessesWhileClientsWrite_losesNoAcknowledgedWriteToTheOthers() throws Exception {
        ChaosClient.Http http = new ChaosClient.Http(port);
        List<ChaosClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(ChaosClient.create(http, "client" + i));
        }
        List<ChaosClient.Target> targets = clients.stream().flatMap(client -> client.targets().stream()).toList();
        List<ChaosClient.Target> victims = new ArrayList<>(targets);
        Collections.shuffle(victims, new Random(7));
        victims = victims.subList(0, KILLS);
        Set<String> killed = ConcurrentHashMap.newKeySet();

        try (ExecutorService threads = Executors.newFixedThreadPool(CLIENTS)) {
            List<Future<?>> writing = new ArrayList<>();
            for (ChaosClient client : clients) {
                writing.add(threads.submit(() -> client.write(WRITES_PER_TARGET, killed)));
            }
            for (int k = 0; k < KILLS; k++) {
                int round = (k + 1) * WRITES_PER_TARGET / (KILLS + 1);
                Deadline.until("every client has written " + round + " rounds",
                        () -> clients.stream().allMatch(client -> client.roundsDone() >= round));
                ChaosClient.Target victim = victims.get(k);
                killed.add(victim.path());
                runtime.kill(pidOf(victim));
            }
            for (Future<?> done : writing) {
                done.get();
            }
        }

        for (ChaosClient client : clients) {
            client.assertEveryAcknowledgedWriteIsThere(killed);
        }
        assertThat(killed).hasSize(KILLS);
        assertThat(acknowledged(clients)).as("writes to the survivors all went through")
                .isGreaterThanOrEqualTo((targets.size() - KILLS) * WRITES_PER_TARGET);
    }

    private static int acknowledged(List<ChaosClient> clients) {
        return clients.stream().mapToInt(ChaosClient::acknowledged).sum();
    }

    /** The process behind a store or stack, found by its key in its registry (its name prints redacted). */
    private Pid pidOf(ChaosClient.Target target) {
        return tree.registries().stream().filter(registry -> registry.name().equals(target.registry())).findFirst()
                .orElseThrow().whereis(target.id()).orElseThrow();
    }
}
