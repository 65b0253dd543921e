package dev.genserver.ratelimit;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallResult;
import dev.genserver.runtime.ExitReason;
import dev.genserver.runtime.From;
import dev.genserver.runtime.GenServer;
import dev.genserver.runtime.IdleTimeout;
import dev.genserver.runtime.Init;
import dev.genserver.runtime.Next;
import dev.genserver.runtime.Result;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * One key's token bucket. It stops itself after {@code idleTimeout} without messages, the GenServer idle timeout:
 * every callback returns the timeout, so it rolls with each message, and the {@code :timeout} info ends the
 * process normally (its temporary child spec means nobody restarts it; the next use starts a fresh one).
 *
 * <pre>{@code
 * def init(opts), do: {:ok, full_bucket(opts), @idle}          Init.ok(new TokenBucket(...), idleTimeout)
 * def handle_call({:acquire, n}, _from, b) do                  case Acquire a -> a.reply(decide(a, b), b, idle)
 *   {:reply, decide(n, b), b, @idle}
 * end
 * def handle_info(:timeout, b), do: {:stop, :normal, b}        case IdleTimeout t -> Result.stop(NORMAL, b)
 * }</pre>
 */
final class RateLimitServer implements GenServer<TokenBucket> {

    /** Take {@code permits} tokens if available. */
    record Acquire(long permits) implements Call<Decision> { }

    /** Whole tokens available now. */
    record Available() implements Call<Long> { }

    private final long capacity;
    private final BigDecimal refillPerSecond;
    private final Next idle;
    private final Clock clock;

    RateLimitServer(long capacity, BigDecimal refillPerSecond, Duration idleTimeout, Clock clock) {
        this.capacity = capacity;
        this.refillPerSecond = refillPerSecond;
        this.idle = Next.timeout(idleTimeout);
        this.clock = clock;
    }

    @Override
    public Init<TokenBucket> init() {
        return Init.ok(new TokenBucket(capacity, refillPerSecond, clock.instant()), idle);
    }

    @Override
    public CallResult<TokenBucket> handleCall(Call<?> request, From from, TokenBucket bucket) {
        return switch (request) {
            case Acquire acquire -> acquire.reply(decide(acquire.permits(), bucket), bucket, idle);
            case Available available -> {
                bucket.refill(clock.instant());
                yield available.reply(bucket.available(), bucket, idle);
            }
            default -> GenServer.super.handleCall(request, from, bucket);
        };
    }

    @Override
    public Result<TokenBucket> handleInfo(Object message, TokenBucket bucket) {
        if (message == IdleTimeout.INSTANCE) {
            return Result.stop(ExitReason.NORMAL, bucket);
        }
        GenServer.super.handleInfo(message, bucket); // logs it; a stray message must not cancel the idle timeout
        return Result.noreply(bucket, idle);
    }

    /**
     * The bucket's capacity and whole tokens now. The key is not in the state: it is the process's registered
     * name, which introspection redacts, since a rate-limit key usually says who is being limited.
     */
    @Override
    public Object formatStatus(TokenBucket bucket) {
        bucket.refill(clock.instant()); // what an acquire would do first; refilling early or late earns the same
        return Map.of("capacity", capacity, "available", bucket.available());
    }

    private Decision decide(long permits, TokenBucket bucket) {
        bucket.refill(clock.instant());
        if (bucket.tryTake(permits)) {
            return new Decision.Allowed(bucket.available(), bucket.secondsUntilFull());
        }
        return new Decision.Limited(bucket.available(), bucket.secondsUntilFull(),
                Math.max(1, bucket.secondsUntilAvailable(permits)));
    }
}
