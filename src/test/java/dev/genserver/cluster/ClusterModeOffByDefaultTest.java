package dev.genserver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.Hazelcast;
import dev.genserver.keyed.LocalProcessDirectory;
import dev.genserver.keyed.ProcessDirectory;
import dev.genserver.testing.IntegrationTest;
import dev.genserver.testing.ManagementServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** Without {@code genserver.cluster.enabled} the service is the single instance it always was. */
@IntegrationTest
class ClusterModeOffByDefaultTest {

    @Autowired
    private ApplicationContext context;
    @Autowired
    private ProcessDirectory directory;
    @Autowired
    private ManagementServer management;

    @Test
    void noMemberStarts_andEveryProcessIsLocal() {
        assertThat(context.getBeansOfType(ClusterMember.class)).isEmpty();
        assertThat(Hazelcast.getAllHazelcastInstances()).isEmpty();
        assertThat(directory).isInstanceOf(LocalProcessDirectory.class);
    }

    @Test
    void healthHasNoClusterComponent_andReadinessIsUp() {
        management.client().get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.components.cluster").doesNotExist();
        management.client().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
    }
}
