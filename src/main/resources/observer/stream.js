// One Server-Sent Events stream for the whole page, carrying only the view on screen. EventSource reconnects by
// itself after a dropped connection, but gives up for good after an answer that is not a 200 event stream (a
// restarting service answers 503, or nothing): then this reconnects, backing off up to 10 s but waiting at least
// as long as the answer's Retry-After asks (a minute at most), and saying why (the problem's detail: too many
// streams are open, say), unless the request itself was refused (a 4xx: a bad parameter), which asking again would
// not mend. A hidden tab closes its stream; showing it again reopens it.
const MAX_BACKOFF_MS = 10_000;
const MAX_RETRY_AFTER_MS = 60_000;
/**
 * The server sends the view once a second: this long without an event, what is on screen is no longer current,
 * though the connection holds (a paused or overloaded JVM keeps its sockets open).
 */
const SILENCE_MS = 5_000;
/**
 * A view watched this soon after the last opens its stream only once no other has followed for as long: paging or
 * switching views faster (a key held down) opens no stream for each view passed through, whose slot the server frees
 * only a second or so after it closes, once its next event finds the connection gone (an instance serves 32 at once).
 */
const SETTLE_MS = 250;
/** Beside this module's assets/ folder, under whatever base path the management server has. */
const STREAM = new URL('../stream', import.meta.url);

export class LiveStream {
  constructor(onData, onStatus) {
    this.onData = onData;
    this.onStatus = (state, text) => {
      this.state = state;
      onStatus(state, text);
    };
    this.source = null;
    this.query = null;
    this.failures = 0;
    this.timer = null;
    this.watchedAt = -Infinity;
  }

  /** Watches another view: closes the stream and opens one for it, at once unless views follow each other fast. */
  watch(view, params = {}) {
    this.view = view;
    this.query = new URLSearchParams({ ...params, view }).toString(); // the view listened for is the one asked
    this.failures = 0; // a back-off was the view's left
    const now = performance.now();
    const settling = now - this.watchedAt < SETTLE_MS;
    this.watchedAt = now;
    if (!settling) {
      this.open();
      return;
    }
    this.close();
    this.onStatus('connecting', 'connecting…');
    this.timer = setTimeout(() => this.open(), SETTLE_MS);
  }

  /** Watches nothing: the page shows no view. */
  stop() {
    this.query = null;
    this.close();
    this.onStatus('idle', 'not watching');
  }

  pause() {
    this.close();
    this.onStatus('paused', 'paused (tab hidden)');
  }

  resume() {
    if (this.query && !this.source) this.open();
  }

  close() {
    clearTimeout(this.timer);
    this.timer = null;
    clearInterval(this.watchdog);
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  open() {
    this.close();
    if (document.hidden) return;
    const view = this.view;
    const url = `${STREAM}?${this.query}`;
    const source = new EventSource(url);
    this.source = source;
    this.onStatus('connecting', 'connecting…');
    this.lastEvent = Date.now();
    this.errors = 0; // since the last event
    this.watchdog = setInterval(() => {
      const silence = Date.now() - this.lastEvent;
      if (source === this.source && ['live', 'silent', 'connecting'].includes(this.state) && silence > SILENCE_MS) {
        const seconds = Math.round(silence / 1000);
        // Not connected. A browser opens at most six connections to a host and queues the rest, so a seventh tab
        // of one instance waits here as long as the others stay open, and is no stalled service: its request
        // fails with no error. The browser's attempts on a stopped instance fail, each with an error of its own
        // (the drop of a stream that was open is one more, so one error alone may still be a queued request).
        this.onStatus('silent', source.readyState !== EventSource.CONNECTING ? `no update for ${seconds} s`
          : this.errors >= 2 ? `no connection for ${seconds} s: the instance does not answer (stopped, restarting`
            + ' or out of reach); retrying'
            : `no connection for ${seconds} s: the instance does not answer, or this browser has six connections to`
              + ' it open already (close other observer tabs of it)');
      }
    }, 1000);
    source.addEventListener(view, event => {
      this.lastEvent = Date.now();
      this.errors = 0;
      this.failures = 0;
      this.onStatus('live', 'live');
      this.onData(view, JSON.parse(event.data));
    });
    // the view cannot be computed now (the process or supervisor watched has exited): connected, but nothing live
    source.addEventListener('problem', event => {
      this.lastEvent = Date.now();
      this.errors = 0;
      this.failures = 0;
      this.onStatus('problem', 'connected; view unavailable');
      this.onData('problem', JSON.parse(event.data));
    });
    source.onerror = async () => {
      if (source !== this.source) return;
      this.errors++;
      if (source.readyState !== EventSource.CLOSED) {
        // the browser reconnects by itself, as every stream does after its 10 minutes: said plainly; only a
        // silence of 5 s (above) marks the view stale, and a stale one stays so until an event comes
        if (this.state !== 'silent') this.onStatus('connecting', 'reconnecting…');
        return;
      }
      const refusal = await refusalOf(url);
      if (source !== this.source) return; // closed or replaced while asking
      this.source = null;
      clearInterval(this.watchdog);
      if (refusal && !refusal.retry) {
        this.onStatus('refused', `refused (${refusal.problem.status ?? 'error'}); not retried`);
        this.onData('problem', refusal.problem);
        return;
      }
      const delay = Math.max(refusal?.afterMs ?? 0, Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures++));
      const why = refusal?.problem.detail ?? refusal?.problem.title ?? 'disconnected';
      this.onStatus('down', `${why}; retrying in ${Math.round(delay / 1000)} s`);
      this.timer = setTimeout(() => this.open(), delay);
    };
  }
}

/**
 * Why the stream's request was refused, or null if it was not refused (or not answered). EventSource tells only
 * that it gave up, not why, so the request is made again by fetch, its answer's body read only if it is a refusal
 * (a stream that opens this time is cut off). A refusal is { problem, retry, afterMs }: retry, whether asking again
 * may mend it (408, 429, any 5xx, as no answer at all may); afterMs, the wait its Retry-After asks for in seconds,
 * a minute at most (an HTTP date is not read), else 0.
 */
async function refusalOf(url) {
  const abort = new AbortController();
  try {
    const answer = await fetch(url, { signal: abort.signal });
    if (answer.status < 400) return null;
    const unread = { status: answer.status, title: `${answer.status} refused` }; // a body that is not JSON
    const problem = (await answer.json().catch(() => null)) ?? unread;
    const retry = answer.status >= 500 || answer.status === 408 || answer.status === 429;
    // a proxy's hour would leave the page dead while the service may be back in seconds
    const afterMs = 1000 * (Number(answer.headers.get('Retry-After')) || 0);
    return { problem, retry, afterMs: Math.min(MAX_RETRY_AFTER_MS, afterMs) };
  } catch {
    return null;
  } finally {
    abort.abort();
  }
}
