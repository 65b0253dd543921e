package dev.genserver.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.ProcessTrees;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessRuntime;
import dev.genserver.runtime.Registry;
import dev.genserver.runtime.StartOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

/** Finding a process by id, local name or displayed registry name, in the registries of the process tree. */
class ProcessLookupTest {

    private final ProcessRuntime runtime = ProcessRuntime.create();
    private final ProcessTree tree = ProcessTrees.in(runtime);
    private final ProcessLookup lookup = new ProcessLookup(tree);

    @AfterEach
    void closeRuntime() {
        runtime.close();
    }

    @Test
    void registryName_isFoundAsDisplayed_beforeAnyListingHasSeenTheRegistry() {
        Registry things = tree.registry("things");
        runtime.start(new Idle(), StartOptions.named(Name.local("before")));
        Pid pid = runtime.start(new Idle(), StartOptions.named(Name.via(things, "a:b c")));

        assertThat(lookup.find("things:a:b c")).contains(pid);
        assertThat(lookup.find("things:a")).isEmpty();
        assertThat(lookup.find("nowhere:a:b c")).isEmpty();
    }

    @Test
    void registryStartedAfterALook_isFoundByTheNextLook() {
        assertThat(lookup.find("late:x")).isEmpty();
        Pid pid = runtime.start(new Idle(), StartOptions.named(Name.via(tree.registry("late"), "x")));

        assertThat(lookup.find("late:x")).contains(pid);
    }

    @Test
    void idAndLocalName_findTheLivingProcessOnly() {
        Pid pid = runtime.start(new Idle(), StartOptions.named(Name.local("worker")));

        assertThat(lookup.find(Long.toString(pid.id()))).contains(pid);
        assertThat(lookup.find("worker")).contains(pid);

        runtime.kill(pid);

        assertThat(lookup.find(Long.toString(pid.id()))).isEmpty();
        assertThat(lookup.find("worker")).isEmpty();
        assertThatThrownBy(() -> lookup.require("worker")).isInstanceOf(NoProcessException.class);
    }

    /** The API takes a path key of 256 characters, counted as code points; a name holding one is found here. */
    @Test
    void aNameWithTheLongestPathKey_inCharactersOutsideTheBasicPlane_isFound() {
        String key = "\uD83D\uDE00".repeat(256); // 256 characters, 512 UTF-16 units
        Pid pid = runtime.start(new Idle(), StartOptions.named(Name.via(tree.registry("counters"), key)));

        assertThat(lookup.require("counters:" + key)).isEqualTo(pid);
        String tooLong = "\uD83D\uDE00".repeat(ProcessLookup.MAX_LENGTH + 1);
        assertThatThrownBy(() -> lookup.require(tooLong)).isInstanceOf(ErrorResponseException.class);
    }

    @Test
    void emptyTooLongOrControlCharacters_areInvalidKeys() {
        for (String bad : new String[] {"", "x".repeat(ProcessLookup.MAX_LENGTH + 1), "a\nb"}) {
            assertThatThrownBy(() -> lookup.require(bad)).isInstanceOf(ErrorResponseException.class)
                    .satisfies(e -> assertThat(((ErrorResponseException) e).getBody().getProperties().get("error")).isEqualTo("invalid_key"));
        }
    }
}
