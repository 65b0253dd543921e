package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Names as an operator sees them: a redacting registry's keys never appear. Which registries redact is the process
 * tree's setting (public-registries), asserted through the endpoints in {@code ProcessStateHttpTest} and
 * {@code ObserverHttpTest}.
 */
class ProcessNamesTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    @Test
    void localAndPublicNamesShow_redactedRegistryKeysDoNot_unnamedHaveNoName() {
        Pid local = runtime.start(new Idle(), StartOptions.named(Name.local("counter")));
        Pid counter = runtime.start(new Idle(), StartOptions.named(Name.via(Registry.create("counters"), "foo")));
        Pid stack = runtime.start(new Idle(), StartOptions.named(Name.via(Registry.createRedacted("stacks"),
                "s3cret")));
        Pid unnamed = runtime.start(new Idle());

        assertThat(ProcessNames.name(local)).isEqualTo("counter");
        assertThat(ProcessNames.name(counter)).isEqualTo("counters:foo");
        assertThat(ProcessNames.name(stack)).isEqualTo("stacks:<redacted>");
        assertThat(ProcessNames.label(stack)).isEqualTo("stacks:<redacted>");
        assertThat(ProcessNames.name(unnamed)).isNull();
        assertThat(ProcessNames.label(unnamed)).isEqualTo("#PID<0." + unnamed.id() + ".0>");
    }
}
