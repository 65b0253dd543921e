package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PublicRegistriesCheckTest {

    @Test
    void aConfiguredNameNoServiceHas_isTheOneWarnedAbout() {
        assertThat(PublicRegistriesCheck.unknown(List.of("counters", "nosuch", "circuit-breakers"),
                Set.of("counters", "circuit-breakers", "stacks"))).containsExactly("nosuch");
    }
}
