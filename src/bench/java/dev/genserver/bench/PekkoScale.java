package dev.genserver.bench;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * {@link ScaleBenchmark} for Pekko: the guardian spawns the actors in batches (as an application spawns children
 * from a parent), and the clock stops once every actor has run its setup, so spawning is measured to the end and
 * not only to the moment the references exist. Stopping is {@code terminate} until the system has terminated.
 */
final class PekkoScale {

    private static final int BATCH = 10_000;
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    private PekkoScale() {
    }

    static ScaleOutcome run(int count) throws InterruptedException {
        // Pekko's default answer to an OutOfMemoryError is to exit the JVM; here it is a result to report.
        ActorSystem<PekkoGuardian.Command> system = ActorSystem.create(PekkoGuardian.create(), "scale",
                ConfigFactory.parseString("pekko.jvm-exit-on-fatal-error = off")
                        .withFallback(PekkoSystem.quietConfig()));
        LongAdder started = new LongAdder();
        Behavior<PekkoCounter.Message> counter = PekkoCounter.createCounted(started);
        ScaleOutcome.Meter meter = ScaleOutcome.Meter.start();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String note = "";
        try {
            for (int sent = 0; sent < count; sent += BATCH) {
                int batch = Math.min(BATCH, count - sent);
                AskPattern.<PekkoGuardian.Command, Integer>ask(system,
                        replyTo -> new PekkoGuardian.SpawnMany(counter, batch, replyTo), PekkoSystem.TIMEOUT,
                        system.scheduler()).toCompletableFuture().join();
            }
            while (started.sum() < count && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (RuntimeException | OutOfMemoryError failed) {
            note = "did not fit: " + failed;
        }
        if (started.sum() < count && note.isEmpty()) {
            note = "only " + started.sum() + " started within " + DEADLINE.toMinutes() + " min";
        }
        ScaleOutcome.Meter running = meter.started();
        long stopping = System.nanoTime();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception stuck) {
            note += " (terminate did not finish: " + stuck + ")";
        }
        Duration stop = Duration.ofNanos(System.nanoTime() - stopping);
        return running.outcome("pekko", (int) started.sum(), stop, note);
    }
}
