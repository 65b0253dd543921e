package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genserver.runtime.Name;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Names as an operator sees them: keys of registries not listed as public never appear. */
class ProcessNamesTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final ProcessNames names = new ProcessNames(runtime, List.of("counters"));

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    @Test
    void localAndPublicNamesShow_otherRegistryKeysAreRedacted_unnamedHaveNoName() {
        Pid local = runtime.start(new Idle(), StartOptions.named(Name.local("counter")));
        Pid counter = runtime.start(new Idle(), StartOptions.named(Name.via(Registry.create("counters"), "foo")));
        Pid stack = runtime.start(new Idle(), StartOptions.named(Name.via(Registry.create("stacks"), "s3cret")));
        Pid unnamed = runtime.start(new Idle());

        assertThat(names.name(local)).isEqualTo("counter");
        assertThat(names.name(counter)).isEqualTo("counters:foo");
        assertThat(names.name(stack)).isEqualTo("stacks:<redacted>");
        assertThat(names.name(unnamed)).isNull();
        assertThat(names.label(unnamed)).isEqualTo("#PID<0." + unnamed.id() + ".0>");
    }

    @Test
    void supervisorAsPrinted_isRedactedWhenShapedLikeAPrivateRegistryName() {
        runtime.start(new Idle(), StartOptions.named(Name.local("local:with-colon")));

        assertThat(names.supervisor(null)).isNull();
        assertThat(names.supervisor("root")).isEqualTo("root");
        assertThat(names.supervisor("#PID<0.7.0>")).isEqualTo("#PID<0.7.0>");
        assertThat(names.supervisor("counters:pool")).isEqualTo("counters:pool");
        assertThat(names.supervisor("local:with-colon")).isEqualTo("local:with-colon");
        assertThat(names.supervisor("stacks:s3cret")).isEqualTo("stacks:<redacted>");
    }
}
