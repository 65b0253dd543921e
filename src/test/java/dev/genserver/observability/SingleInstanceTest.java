package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.StartOptions;
import dev.genserver.runtime.Strategy;
import dev.genserver.runtime.Supervisor;
import dev.genserver.runtime.SupervisorSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The members view without cluster mode, on a tree of its own: the instance is as up as its root supervisor. */
class SingleInstanceTest {

    private final ProcessRuntime runtime = ProcessRuntime.create(RuntimeOptions.defaults());

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    @Test
    void thisInstance_isUpWhileItsRootLives_andDownOnceTheRootHasGivenUp() {
        Supervisor root = Supervisor.start(runtime, SupervisorSpec.of(Strategy.ONE_FOR_ONE)
                .withIntensity(0, Duration.ofSeconds(5)).withChild(ChildSpec.permanent("worker", Idle::new)),
                StartOptions.named(Name.local("root")));
        SingleInstance members = new SingleInstance("app@host", Map::of, root.pid()::isAlive);
        assertThat(members.members()).singleElement().extracting(Members.Member::status).isEqualTo("up");

        runtime.kill(root.child("worker").orElseThrow()); // past an intensity of 0: the root gives up
        await().until(() -> !root.pid().isAlive());

        assertThat(members.members()).singleElement().extracting(Members.Member::status).isEqualTo("down");
    }
}
