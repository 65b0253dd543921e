package dev.genserver.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Apache Pekko typed actors with the default configuration (default dispatcher, unbounded mailboxes): ask for
 * a call, tell for a cast. Only Pekko's own log level is lowered, so its messages do not clutter JMH's output.
 */
final class PekkoSystem implements ProcessSystem {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<PekkoGuardian.Command> system =
            ActorSystem.create(PekkoGuardian.create(), "bench", quietConfig());
    private final List<BlockingClient> clients = new ArrayList<>();

    static Config quietConfig() {
        return ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.log-dead-letters = off")
                .withFallback(ConfigFactory.load());
    }

    @Override
    public CounterProcess counter() {
        return new ActorCounter(spawn(PekkoCounter.create()), system.scheduler());
    }

    @Override
    public void blocker() {
        ActorRef<PekkoCounter.Message> blocker = spawn(PekkoCounter.create());
        clients.add(BlockingClient.start(() -> AskPattern.<PekkoCounter.Message, Long>ask(blocker,
                PekkoCounter.Block::new, TIMEOUT, system.scheduler()).toCompletableFuture().join()));
    }

    ActorSystem<PekkoGuardian.Command> system() {
        return system;
    }

    private ActorRef<PekkoCounter.Message> spawn(Behavior<PekkoCounter.Message> behavior) {
        return AskPattern.<PekkoGuardian.Command, ActorRef<PekkoCounter.Message>>ask(system,
                replyTo -> new PekkoGuardian.Spawn(behavior, replyTo), TIMEOUT, system.scheduler())
                .toCompletableFuture().join();
    }

    /** Blocked actors finish their current second before the system stops. */
    @Override
    public void close() {
        clients.forEach(BlockingClient::stop);
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the actor system did not terminate", e);
        }
    }

    private record ActorCounter(ActorRef<PekkoCounter.Message> ref, Scheduler scheduler) implements CounterProcess {
        @Override
        public long increment() {
            return AskPattern.<PekkoCounter.Message, Long>ask(ref, PekkoCounter.Increment::new, TIMEOUT, scheduler)
                    .toCompletableFuture().join();
        }

        @Override
        public void add() {
            ref.tell(PekkoCounter.Add.INSTANCE);
        }
    }
}
