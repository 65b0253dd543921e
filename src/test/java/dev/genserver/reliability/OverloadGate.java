package dev.genserver.reliability;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.Singleton;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.StartOptions;
import dev.genserver.testing.HoldableCounter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A test-only process behind test-only endpoints, whose handler a test can hold: no service endpoint lets a
 * client stall a process on purpose, and a full mailbox is what this overload test needs. The process (a
 * {@link HoldableCounter}) counts the casts it handles; its mailbox holds {@link #CAPACITY} messages.
 */
final class OverloadGate {

    private OverloadGate() {
    }

    static final int CAPACITY = 8;
    static final Name NAME = Name.local("overload-gate");

    /**
     * {@code POST /test/gate} casts one message (202 once queued); {@code GET /test/gate} calls for the count.
     * Component scanning finds it in every test context; the property keeps it out of all but the reliability one.
     */
    @RestController
    @ConditionalOnProperty(name = "genserver.test.overload-gate", havingValue = "true")
    static class GateController {
        private final Singleton gate;

        GateController(ProcessTree tree) {
            tree.startChild(ChildSpec.permanent("overload-gate", HoldableCounter::new).withOptions(
                    StartOptions.named(NAME).withService("overload-gate").withMailboxCapacity(CAPACITY)));
            this.gate = tree.singleton(NAME);
        }

        Singleton gate() {
            return gate;
        }

        @PostMapping("/test/gate")
        ResponseEntity<Void> cast() {
            gate.cast("message");
            return ResponseEntity.accepted().build();
        }

        @GetMapping("/test/gate")
        long count() {
            return gate.call(new HoldableCounter.Count());
        }
    }
}
