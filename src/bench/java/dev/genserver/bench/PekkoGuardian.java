package dev.genserver.bench;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/** The root actor of a benchmark's actor system: it spawns counters, one at a time or in bulk. */
final class PekkoGuardian {

    sealed interface Command permits Spawn, SpawnMany { }

    /** Spawns one actor and answers its reference. */
    record Spawn(Behavior<PekkoCounter.Message> behavior, ActorRef<ActorRef<PekkoCounter.Message>> replyTo)
            implements Command { }

    /** Spawns {@code count} actors, keeping no references to them, and answers the count. */
    record SpawnMany(Behavior<PekkoCounter.Message> behavior, int count, ActorRef<Integer> replyTo)
            implements Command { }

    private PekkoGuardian() {
    }

    static Behavior<Command> create() {
        return Behaviors.setup(context -> Behaviors.receive(Command.class)
                .onMessage(Spawn.class, spawn -> {
                    spawn.replyTo().tell(context.spawnAnonymous(spawn.behavior()));
                    return Behaviors.same();
                })
                .onMessage(SpawnMany.class, many -> {
                    for (int i = 0; i < many.count(); i++) {
                        context.spawnAnonymous(many.behavior());
                    }
                    many.replyTo().tell(many.count());
                    return Behaviors.same();
                })
                .build());
    }
}
