package dev.genserver.reliability;

import dev.genserver.app.ProcessTree;
import dev.genserver.app.Singleton;
import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.ChildSpec;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Name;
import dev.genserver.runtime.Result;
import dev.genserver.runtime.StartOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A test-only process behind test-only endpoints, whose handler a test can hold: no service endpoint lets a
 * client stall a process on purpose, and a full mailbox is what this overload test needs. The process counts
 * the casts it handles; its mailbox holds {@link #CAPACITY} messages.
 */
final class OverloadGate {

    private OverloadGate() {
    }

    static final int CAPACITY = 8;
    static final Name NAME = Name.local("overload-gate");

    /** Holds the handler until {@code release} opens. */
    record Hold(CountDownLatch entered, CountDownLatch release) { }

    record Count() implements Call<Integer> { }

    /** The gate's state: casts handled, and the hold in progress (released by the test). */
    static final class GateServer implements GenServer<Integer> {
        @Override
        public Init<Integer> init() {
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Call<?> request, From from, Integer handled) {
            return request instanceof Count count ? count.reply(handled, handled)
                    : GenServer.super.handleCall(request, from, handled);
        }

        @Override
        public Result<Integer> handleCast(Object message, Integer handled) {
            if (message instanceof Hold hold) {
                hold.entered().countDown();
                try {
                    hold.release().await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Result.noreply(handled);
            }
            return Result.noreply(handled + 1);
        }
    }

    /**
     * {@code POST /test/gate} casts one message (202 once queued); {@code GET /test/gate} calls for the count.
     * Component scanning finds it in every test context; the property keeps it out of all but the reliability one.
     */
    @RestController
    @ConditionalOnProperty(name = "genserver.test.overload-gate", havingValue = "true")
    static class GateController {
        private final Singleton gate;

        GateController(ProcessTree tree) {
            tree.startChild(ChildSpec.permanent("overload-gate", GateServer::new).withOptions(
                    StartOptions.named(NAME).withService("overload-gate").withMailboxCapacity(CAPACITY)));
            this.gate = tree.singleton(NAME);
        }

        Singleton gate() {
            return gate;
        }

        @PostMapping("/test/gate")
        ResponseEntity<Void> cast() {
            gate.pid().cast("message");
            return ResponseEntity.accepted().build();
        }

        @GetMapping("/test/gate")
        int count() {
            return gate.pid().call(new Count());
        }
    }
}
