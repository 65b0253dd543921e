package dev.genserver.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/** {@code genserver.cluster.enabled} read as Boot binds a boolean, so the beans of one mode or the other exist. */
class ClusterModeTest {

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "yes", "on", "1"})
    void theSpellingsOfTrue_turnClusterModeOn(String value) {
        MockEnvironment environment = new MockEnvironment().withProperty("genserver.cluster.enabled", value);

        assertThat(ClusterMode.isOn(environment)).isTrue();
        assertThat(new ClusterMode.On().matches(contextOf(environment), null)).isTrue();
        assertThat(new ClusterMode.Off().matches(contextOf(environment), null)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "no", "off", "0"})
    void theSpellingsOfFalse_leaveItOff(String value) {
        MockEnvironment environment = new MockEnvironment().withProperty("genserver.cluster.enabled", value);

        assertThat(ClusterMode.isOn(environment)).isFalse();
        assertThat(new ClusterMode.Off().matches(contextOf(environment), null)).isTrue();
    }

    @Test
    void anAbsentProperty_leavesItOff() {
        assertThat(ClusterMode.isOn(new MockEnvironment())).isFalse();
    }

    @Test
    void aValueThatIsNoBoolean_failsNamingTheProperty() {
        MockEnvironment environment = new MockEnvironment().withProperty("genserver.cluster.enabled", "banana");

        assertThatThrownBy(() -> ClusterMode.isOn(environment)).isInstanceOf(BindException.class)
                .hasMessageContaining("genserver.cluster.enabled");
    }

    private static ConditionContext contextOf(Environment environment) {
        ConditionContext context = mock(ConditionContext.class);
        given(context.getEnvironment()).willReturn(environment);
        return context;
    }
}
