package dev.genserver.bench;

import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The seed's Counter as a Pekko typed actor, written as Pekko's documentation writes one: a mutable field in an
 * {@link AbstractBehavior}, a reply-to reference in the request for ask, and a request whose handler sleeps a
 * second on the default dispatcher.
 */
final class PekkoCounter extends AbstractBehavior<PekkoCounter.Message> {

    sealed interface Message permits Increment, Add, Block { }

    /** Adds one and answers the new count to {@code replyTo} (used with ask). */
    record Increment(ActorRef<Long> replyTo) implements Message { }

    /** Adds one (used with tell). */
    enum Add implements Message { INSTANCE }

    /** Sleeps a second in the handler, then answers (used with ask). */
    record Block(ActorRef<Long> replyTo) implements Message { }

    private long count;

    private PekkoCounter(ActorContext<Message> context) {
        super(context);
    }

    static Behavior<Message> create() {
        return Behaviors.setup(PekkoCounter::new);
    }

    /** A counter that adds one to {@code started} once it has started, so a bulk spawn can wait for all. */
    static Behavior<Message> createCounted(LongAdder started) {
        return Behaviors.setup(context -> {
            started.increment();
            return new PekkoCounter(context);
        });
    }

    @Override
    public Receive<Message> createReceive() {
        return newReceiveBuilder()
                .onMessage(Increment.class, this::onIncrement)
                .onMessageEquals(Add.INSTANCE, this::onAdd)
                .onMessage(Block.class, this::onBlock)
                .build();
    }

    private Behavior<Message> onIncrement(Increment increment) {
        increment.replyTo().tell(++count);
        return this;
    }

    private Behavior<Message> onAdd() {
        count++;
        return this;
    }

    private Behavior<Message> onBlock(Block block) {
        BlockingClient.blockForASecond();
        block.replyTo().tell(count);
        return this;
    }
}
