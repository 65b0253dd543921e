// One Server-Sent Events stream for the whole page, carrying only the view on screen. EventSource reconnects by
// itself after a dropped connection, but gives up for good after an answer that is not a 200 event stream (a
// restarting service answers 503, or nothing): then this reconnects, backing off up to 10 s. A hidden tab closes
// its stream; showing it again reopens it.
const MAX_BACKOFF_MS = 10_000;
/** Beside this module's assets/ folder, under whatever base path the management server has. */
const STREAM = new URL('../stream', import.meta.url);

export class LiveStream {
  constructor(onData, onStatus) {
    this.onData = onData;
    this.onStatus = onStatus;
    this.source = null;
    this.query = null;
    this.failures = 0;
    this.timer = null;
  }

  /** Watches another view: closes the stream and opens one for it. */
  watch(view, params = {}) {
    this.view = view;
    this.query = new URLSearchParams({ view, ...params }).toString();
    this.open();
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
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  open() {
    this.close();
    if (document.hidden) return;
    const view = this.view;
    const source = new EventSource(`${STREAM}?${this.query}`);
    this.source = source;
    this.onStatus('connecting', 'connecting…');
    source.addEventListener(view, event => {
      this.failures = 0;
      this.onStatus('live', 'live');
      this.onData(view, JSON.parse(event.data));
    });
    // the view cannot be computed now (the process or supervisor watched has exited): connected, but nothing live
    source.addEventListener('problem', event => {
      this.failures = 0;
      this.onStatus('problem', 'connected; view unavailable');
      this.onData('problem', JSON.parse(event.data));
    });
    source.onerror = () => {
      if (source !== this.source) return;
      if (source.readyState === EventSource.CLOSED) {
        this.source = null;
        const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.failures++);
        this.onStatus('down', `disconnected; retrying in ${Math.round(delay / 1000)} s`);
        this.timer = setTimeout(() => this.open(), delay);
      } else {
        this.onStatus('connecting', 'reconnecting…');
      }
    };
  }
}
