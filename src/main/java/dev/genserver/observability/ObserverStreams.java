package dev.genserver.observability;

import dev.genserver.runtime.RuntimeOptions;
import dev.genserver.runtime.TimerRef;
import dev.genserver.runtime.TimerService;
import dev.genserver.web.Failure;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The observer page's live updates: one Server-Sent Events stream per page, carrying the view on screen and nothing
 * else: at once when opened, then once a second counted from its opening (a ticker looks every {@link #TICK} for
 * streams due, while any is open: with none, no tick is scheduled). A view asked for by several pages within a
 * second is computed once; of a {@link Continued} one, each stream is sent what is new since its own last event.
 * Sends run on virtual threads, one at a time per stream, so a slow client skips seconds instead of holding up the
 * others. The clock, the ticker and where sends run are passed in by tests, which move time by hand
 * ({@code ManualTimers}) instead of sleeping.
 *
 * <p>Open streams would hold the management server's graceful shutdown for its whole phase timeout: they are
 * completed when the management context begins to close ({@link #stop()} runs before the web server's graceful
 * shutdown, a lower phase), and a stream ends after {@link #LIFETIME} anyway, which the page reconnects from.
 *
 * <p>A stream whose send failed (the client left) is completed through its {@link AsyncContext}: Spring's SSE
 * builder ignores {@code complete()} once a send has failed, leaving the request to the container's error
 * notification, and Tomcat 11.0.22 does not always give one. It gave none, in 4 of 24 tries, to a client that
 * read the first line of the first event and left: an event goes out in two flushes (the JSON converter flushes
 * before the closing blank line), so the second failed, milliseconds after the request began. That stream stayed
 * open and held graceful shutdown for its whole phase (with this, none did in 16 tries). A stream whose error the
 * container has reported is left to the container's own handling, which refuses the completion from another thread
 * once its error listeners have returned ({@code IllegalStateException}); once the request has ended, its context
 * no longer refers to it and refuses too.
 *
 * <p>Thread-safe.
 */
final class ObserverStreams implements SmartLifecycle {

    /** Streams open at once; a browser holds at most six connections per host, so this is many pages. */
    static final int MAX_STREAMS = 32;
    private static final String SHUTTING_DOWN = "the observer is shutting down";
    private static final String TOO_MANY = "too many observer streams are open (" + MAX_STREAMS + ")";
    static final Duration LIFETIME = Duration.ofMinutes(10);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** How often the ticker looks for streams due an event. */
    static final Duration TICK = Duration.ofMillis(100);
    /** The least time between two events of a stream, and the most a shared view's value is reused for. */
    static final Duration MIN_GAP = INTERVAL.minus(TICK);

    /** What one page watches: the event name, a key shared by equal views, and how to compute it. */
    record View(String event, String key, Supplier<Object> compute) { }

    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    /** Streams counted against {@link #MAX_STREAMS}, from the moment one is accepted until it is forgotten. */
    private final AtomicInteger open = new AtomicInteger();
    /** A view's value as computed for the first stream that asked, with when. */
    private record Computed(long atNanos, CompletableFuture<Object> value) { }

    private final ConcurrentHashMap<String, Computed> recent = new ConcurrentHashMap<>();
    /** The clock gaps are measured on, and the ticker. */
    private final TimerService timers;
    /** Where each send computes and writes its event. */
    private final Executor sends;
    /** The next tick while any stream is open; guarded by this. */
    private TimerRef ticking;
    private volatile boolean running;

    /**
     * On the system's clock, ticked by the runtime's default timer thread (a tick only hands sends to virtual
     * threads, as a fired timer only enqueues), sending on virtual threads.
     */
    ObserverStreams() {
        this(RuntimeOptions.defaults().timers(), send -> Thread.ofVirtual().name("observer-stream").start(send));
    }

    /**
     * {@code timers}: the clock the gaps between events are measured on, and what runs the ticks; they stay the
     * caller's ({@link #stop()} cancels the next tick, and does not shut them down). {@code sends}: where each event
     * is computed and written.
     */
    ObserverStreams(TimerService timers, Executor sends) {
        this.timers = timers;
        this.sends = sends;
    }

    ServerResponse open(View view, HttpServletRequest request) {
        if (!running) {
            return problem(request, SHUTTING_DOWN);
        }
        if (open.incrementAndGet() > MAX_STREAMS) { // counted before the stream exists: no race past the bound
            open.decrementAndGet();
            return problem(request, TOO_MANY);
        }
        return ServerResponse.sse(sse -> {
            Stream stream = new Stream(sse, request.getAsyncContext(), view); // started before this runs
            streams.add(stream);
            startTicking();
            sse.onComplete(() -> forget(stream));
            sse.onTimeout(() -> end(stream));
            sse.onError(failure -> { // completed too, or its socket waits out the lifetime
                stream.errorNotified = true;
                end(stream);
            });
            if (!running) {
                end(stream); // closed between the check above and now
                return;
            }
            stream.push(true);
        }, LIFETIME);
    }

    @Override
    public synchronized void start() {
        running = true;
    }

    /** Completes every stream: the management context is closing. */
    @Override
    public synchronized void stop() {
        running = false;
        if (ticking != null) {
            ticking.cancel();
            ticking = null;
        }
        streams.forEach(this::end);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private synchronized void startTicking() {
        if (running && ticking == null) {
            ticking = timers.schedule(this::tick, TICK);
        }
    }

    private void tick() {
        try {
            long now = timers.nanoTime();
            recent.values().removeIf(computed -> now - computed.atNanos() > 2 * INTERVAL.toNanos());
            streams.forEach(stream -> stream.push(false));
        } finally {
            nextTick();
        }
    }

    /**
     * The next tick, {@link #TICK} after this one ended: a late tick (a busy machine) is not followed by others to
     * catch up. None once no stream is open, checked under the lock {@link #startTicking} takes after adding a
     * stream, so no stream is left unticked; none once stopped.
     */
    private synchronized void nextTick() {
        if (!running) {
            return; // stop() cancelled it
        }
        if (streams.isEmpty()) {
            ticking = null;
            recent.clear(); // views no page watches any more
        } else {
            ticking = timers.schedule(this::tick, TICK);
        }
    }

    private void forget(Stream stream) {
        if (streams.remove(stream)) {
            open.decrementAndGet();
        }
    }

    /**
     * Completes {@code stream}, unless a send holds it: a client that stops reading blocks that send until the
     * connector's write timeout, and waiting for it here held the whole shutdown for a minute. That send ends the
     * stream itself once it is done, whether it went out or failed.
     */
    private void end(Stream stream) {
        forget(stream);
        if (stream.lock.tryLock()) {
            try {
                if (!stream.failed) {
                    stream.sse.complete();
                } else if (!stream.errorNotified) {
                    stream.async.complete(); // Spring's builder would ignore complete() now (see above)
                } // else the container's error handling, under way, completes it
            } catch (RuntimeException alreadyGone) {
                // the client left first
            } finally {
                stream.lock.unlock();
            }
        }
    }

    /** The view's value computed within {@link #MIN_GAP}, by this stream or another; else computed now. */
    private Object computed(View view) {
        long now = timers.nanoTime();
        Computed mine = new Computed(now, new CompletableFuture<>());
        Computed shared = recent.compute(view.key(), (key, earlier) ->
                earlier != null && now - earlier.atNanos() < MIN_GAP.toNanos() ? earlier : mine);
        if (shared == mine) {
            try {
                mine.value().complete(view.compute().get());
            } catch (RuntimeException failure) {
                mine.value().completeExceptionally(failure);
            }
        }
        try {
            return shared.value().join();
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    /**
     * HEAD: GET's answer without the stream, so without a slot taken. A refusal is GET's at this moment; the
     * headers are those of Spring's event stream ({@code SseServerResponse}).
     */
    ServerResponse head(HttpServletRequest request) {
        if (!running || open.get() >= MAX_STREAMS) {
            return problem(request, running ? TOO_MANY : SHUTTING_DOWN);
        }
        return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM).cacheControl(CacheControl.noCache())
                .build();
    }

    /** A stream refused for now: 503 {@code unavailable}, naming the path as every problem does. */
    private static ServerResponse problem(HttpServletRequest request, String detail) {
        return ServerResponse.status(Failure.UNAVAILABLE.status()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("Retry-After", "5").body(ObserverRoutes.located(request, Failure.UNAVAILABLE.problem(detail)));
    }

    private final class Stream {
        final ServerResponse.SseBuilder sse;
        final AsyncContext async;
        final View view;
        final AtomicBoolean sending = new AtomicBoolean();
        /** Held while an event is written; {@link #end} completes the stream only when it can take it at once. */
        final ReentrantLock lock = new ReentrantLock();
        /**
         * Set, under {@link #lock}, once a send has failed: Spring's builder then ignores {@code complete()} (after
         * an I/O failure; not after every other), so the stream is completed through {@link #async}.
         */
        volatile boolean failed;
        /** Set when the container reports an error: its own error handling then completes the stream. */
        volatile boolean errorNotified;
        /** When the last send began; a tick within {@link #MIN_GAP} of it is skipped (the first one, at opening). */
        volatile long sentNanos;

        /** The whole value the last event was made from; read and written by one send at a time. */
        private Object sent;

        Stream(ServerResponse.SseBuilder sse, AsyncContext async, View view) {
            this.sse = sse;
            this.async = async;
            this.view = view;
        }

        void push(boolean opening) {
            long now = timers.nanoTime();
            if (!opening && now - sentNanos < MIN_GAP.toNanos()) {
                return;
            }
            if (sending.compareAndSet(false, true)) {
                sentNanos = now;
                sends.execute(this::send);
            }
        }

        /** What of {@code value} this stream is sent: what is new since the last event, for a continued view. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private Object sinceSent(Object value) {
            return value instanceof Continued continued && sent != null && sent.getClass() == value.getClass()
                    ? continued.after((Continued) sent) : value;
        }

        private void send() {
            try {
                Object data;
                String event = view.event();
                Object value = null;
                try {
                    value = computed(view);
                    data = sinceSent(value);
                } catch (RuntimeException failure) {
                    value = null; // after a problem, the page is sent the whole view again
                    event = "problem";
                    data = failure instanceof ErrorResponse response ? response.getBody()
                            : ObserverRoutes.problem(failure);
                }
                lock.lock();
                try {
                    sse.event(event).data(data);
                    sent = value;
                } catch (IOException | RuntimeException gone) { // Spring's HttpMessageNotWritableException too
                    failed = true; // under the lock: whoever takes it next, to end the stream, sees this
                    throw gone;
                } finally {
                    lock.unlock();
                }
                if (!streams.contains(this)) {
                    end(this); // ended while this send held the lock, which left completing it to this send
                }
            } catch (IOException | RuntimeException gone) {
                end(this);
            } finally {
                sending.set(false);
            }
        }
    }
}
