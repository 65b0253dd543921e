package dev.genserver.app;

import dev.genserver.runtime.Call;
import dev.genserver.runtime.CallInterruptedException;
import dev.genserver.runtime.CallTimeoutException;
import dev.genserver.runtime.NoProcessException;
import dev.genserver.runtime.Pid;
import dev.genserver.runtime.ProcessExitException;
import dev.genserver.runtime.Request;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The calls of client requests with an identity ({@link RequestIds}) that timed out, kept so that the request's
 * retry waits for the same call instead of sending its message again. A call that times out is still queued (OTP
 * drops only the late reply), so without this a retry after a 504 {@code timeout} would queue the message a second
 * time and the process would apply both. Cluster mode's replicas remember their messages' outcomes for the same
 * reason; this is that promise in one JVM.
 *
 * <p>A call is kept while its reply is awaited and for {@link #KEPT_FOR} after it came. One that ends in a failure
 * (its process crashed, or stopped, first) is forgotten, and a retry waiting for it when it fails sends the message
 * afresh: the process restarted without the first attempt's effect, as OTP's restart from the initial state means.
 * A {@link Call.Query} is never kept: sending a read again changes nothing, and its answer must be fresh. At most
 * {@link #MAX_KEPT} calls are kept; past that a timed-out call is not, and its retry may apply it twice. The answered
 * ones past their minute are let go by {@link #forgetExpired}, which Spring's scheduler runs every
 * {@link #SWEEP_EVERY_MILLIS} (10 s): without it they stayed until the next call timed out, which after an
 * incident's burst of 504s may never come, holding a thousand replies (popped items, deleted values) on the heap.
 *
 * <p>Thread-safe.
 */
public final class TimedOutCalls {

    /** As long as cluster mode's replicas remember a message: a retry is expected within seconds, not minutes. */
    static final Duration KEPT_FOR = Duration.ofMinutes(1);
    /**
     * A kept call holds its message and then its reply, up to the body limit (a popped item, a deleted value) for a
     * minute: a flood of timeouts must not grow the heap without bound. A call whose reply never comes (a handler
     * stuck, a deferred reply never sent) holds its place until its process ends.
     */
    static final int MAX_KEPT = 1_000;
    /** How often the expired are let go, in ms: a call is held at most this much past its minute. */
    static final long SWEEP_EVERY_MILLIS = 10_000;

    private final Clock clock;
    private final int maxKept;
    private final Map<String, Kept> kept = new ConcurrentHashMap<>();

    /** Keeps calls for {@link #KEPT_FOR} by {@code clock}. */
    public TimedOutCalls(Clock clock) {
        this(clock, MAX_KEPT);
    }

    TimedOutCalls(Clock clock, int maxKept) {
        this.clock = clock;
        this.maxKept = maxKept;
    }

    /**
     * {@code request}, as this thread's client request's next message ({@link RequestIds#next()}): the reply of the
     * call kept under its id if there is one, else what {@code route} answers, given the way to send it to a process
     * (a call, kept if its wait times out). {@code timeout} null: the runtime's default. A request without an
     * identity has nothing kept to look for, and goes straight to {@code route}.
     */
    public <R> R call(Call<R> request, Duration timeout, Function<Function<Pid, R>, R> route) {
        String id = RequestIds.next();
        Function<Pid, R> send = pid -> call(id, pid, request, timeout);
        return id == null ? route.apply(send) : awaitKeptOr(id, timeout, () -> route.apply(send));
    }

    /**
     * The reply of the call sent under {@code id} before, if it is kept, waited for up to {@code timeout} (null: the
     * runtime's default); else what {@code send} answers, which sends the call anew.
     */
    <R> R awaitKeptOr(String id, Duration timeout, Supplier<R> send) {
        Request<R> earlier = kept(id);
        if (earlier == null) {
            return send.get();
        }
        try {
            return timeout == null ? earlier.await() : earlier.await(timeout);
        } catch (ProcessExitException | NoProcessException ended) {
            return send.get(); // it ended without a reply while this retry waited: as if it came after the end
        }
    }

    /** The call sent under {@code id} before, if it is kept. */
    @SuppressWarnings("unchecked")
    <R> Request<R> kept(String id) {
        Kept call = id == null ? null : kept.get(id);
        if (call != null && (call.isExpired(clock.instant()) || call.request.isDone() && !call.request.isAnswered())) {
            kept.remove(id, call); // a failed one is being forgotten already: its retry sends afresh
            return null;
        }
        return call == null ? null : (Request<R>) call.request;
    }

    /**
     * {@link Pid#call(Call, Duration)} ({@code timeout} null: the runtime's default); for a request with
     * {@code id}, the call is kept if its wait times out.
     */
    <R> R call(String id, Pid pid, Call<R> request, Duration timeout) {
        if (id == null || request instanceof Call.Query<?>) {
            return timeout == null ? pid.call(request) : pid.call(request, timeout);
        }
        Request<R> sent = pid.sendRequest(request);
        try {
            return timeout == null ? sent.await() : sent.await(timeout);
        } catch (CallTimeoutException | CallInterruptedException gaveUp) {
            keep(id, sent);
            throw gaveUp;
        }
    }

    /** How many calls are kept now. */
    int size() {
        return kept.size();
    }

    /** Lets go of the answered calls kept past {@link #KEPT_FOR}. */
    @Scheduled(fixedDelay = SWEEP_EVERY_MILLIS, initialDelay = SWEEP_EVERY_MILLIS)
    public void forgetExpired() {
        Instant now = clock.instant();
        kept.values().removeIf(call -> call.isExpired(now));
    }

    private void keep(String id, Request<?> request) {
        forgetExpired();
        if (kept.size() >= maxKept) {
            return;
        }
        Kept call = new Kept(request);
        kept.put(id, call);
        request.whenDone(() -> {
            if (request.isAnswered()) {
                call.answeredAt = clock.instant();
            } else {
                kept.remove(id, call);
            }
        });
    }

    private static final class Kept {

        final Request<?> request;
        volatile Instant answeredAt;

        Kept(Request<?> request) {
            this.request = request;
        }

        boolean isExpired(Instant now) {
            Instant answered = answeredAt;
            return answered != null && !now.isBefore(answered.plus(KEPT_FOR));
        }
    }
}
