package dev.genserver.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The baseline endpoint exists only for measuring: it is there with the property and absent without it. */
class BaselineSwitchTest {

    private final WebApplicationContextRunner contexts =
            new WebApplicationContextRunner().withUserConfiguration(BaselineController.class);

    @Test
    void withoutTheProperty_thereIsNoBaselineController() {
        contexts.run(context -> assertThat(context).doesNotHaveBean(BaselineController.class));
        contexts.withPropertyValues("genserver.baseline.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(BaselineController.class));
    }

    @Test
    void withThePropertyTrue_theBaselineControllerIsThere() {
        contexts.withPropertyValues("genserver.baseline.enabled=true")
                .run(context -> assertThat(context).hasSingleBean(BaselineController.class));
    }
}
