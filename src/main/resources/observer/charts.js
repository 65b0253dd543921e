// Line charts of the last minutes, drawn by uPlot (from its webjar, served by the management port).
import uPlot from '../uplot/uPlot.esm.js';

// one colour per series up to 16: the wait chart has a series per service (14 today)
const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777',
  '#4b5563', '#65a30d', '#7c3aed', '#0d9488', '#b91c1c', '#1e3a8a', '#a16207', '#be185d'];
const HEIGHT = 220;
/** Tick steps for counts (messages in a mailbox): never a quarter of a message. */
const WHOLE = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 1e7];
/** Time ticks of a second or more (the samples are a second apart): no ":32.600" on a chart a few seconds long. */
const SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
/**
 * Each tick as a clock time, on one line: uPlot's default adds a second line with the date under the first tick
 * and each new minute, which ran into each other on narrow charts. The legend gives the date.
 */
const CLOCK = uPlot.fmtDate('{HH}:{mm}:{ss}');

/** The points a chart keeps: five minutes at one a second, as the server does. */
const POINTS = 300;

/**
 * A view's points after an event: the event's when they are all there are (a stream's first event), else those
 * kept followed by the event's (`continues`: the points since the stream's last event), the last POINTS of them.
 * `columns` names the lists beside `at`, one value a point; `maps` the maps of such lists, one a series (a series
 * missing on one side has no values there); `indexes` the maps of lists of indexes into them.
 */
export function continued(kept, news, { columns = [], maps = [], indexes = [] } = {}) {
  if (!news.continues || !kept) return news;
  const [before, added] = [kept.at.length, news.at.length];
  const drop = Math.max(0, before + added - POINTS);
  const join = (old, fresh) => [...(old ?? Array(before).fill(null)), ...(fresh ?? Array(added).fill(null))]
    .slice(drop);
  const names = map => [...new Set([...Object.keys(kept[map]), ...Object.keys(news[map])])];
  const points = { ...news, at: join(kept.at, news.at) };
  for (const column of columns) points[column] = join(kept[column], news[column]);
  for (const map of maps) {
    points[map] = Object.fromEntries(names(map).map(name => [name, join(kept[map][name], news[map][name])]));
  }
  for (const map of indexes) {
    points[map] = Object.fromEntries(names(map).map(name => [name,
      [...(kept[map][name] ?? []), ...(news[map][name] ?? []).map(i => i + before)].map(i => i - drop)
        .filter(i => i >= 0)]).filter(([, list]) => list.length > 0));
  }
  return points;
}

/**
 * A chart that keeps its uPlot instance while its series stay the same, and rebuilds it when they change. It
 * follows its card's width: the window resized, a narrow screen.
 */
export class LineChart {
  constructor(container, title, unit, { counts = false } = {}) {
    this.container = container;
    this.title = title;
    this.unit = unit;
    this.counts = counts;
    this.plot = null;
    this.names = '';
    // resized on the next frame: resizing within the observer's callback re-wraps the legend, which resizes the
    // card again before the callback returns, and the browser reports that as an error
    const resized = new ResizeObserver(() => requestAnimationFrame(() => {
      if (!container.isConnected) { // its view was replaced: nothing to draw any more
        resized.disconnect();
        this.plot?.destroy();
        this.plot = null;
        return;
      }
      const width = this.width();
      if (this.plot && this.plot.width !== width) this.plot.setSize({ width, height: HEIGHT });
    }));
    resized.observe(container);
  }

  /** The chart in words, for whoever cannot see the canvas: each series' latest value. */
  describe(times, names, series) {
    const latest = name => series[name].findLast(value => value !== null && value !== undefined);
    const values = names.map(name => `${name} ${latest(name) ?? 'not measured'}`).join(', ');
    const span = times.length ? Math.max(0, Math.round((times.at(-1) - times[0]) / 1000)) : 0; // clock set back
    this.container.setAttribute('role', 'img');
    this.container.setAttribute('aria-label',
      `${this.title} (${this.unit}) over ${span} s, latest: ${values || 'no series'}`);
  }

  /** The card's inner width: its padding is the card's, not the chart's. */
  width() {
    const style = getComputedStyle(this.container);
    const inner = this.container.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(240, Math.floor(inner) || 600);
  }

  /**
   * times: epoch ms; series: {name: [values, null where unmeasured]}; atLeast: {name: [indexes]} of the points that
   * mean "at least this" (past a histogram's largest bucket), shown as "≥ value" in the legend, or undefined.
   */
  update(times, series, atLeast) {
    const names = Object.keys(series);
    this.seriesNames = names;
    this.describe(times, names, series);
    // the legend finds a point by its time: the gaps added below shift the indexes
    this.atLeast = Object.fromEntries(Object.entries(atLeast ?? {})
      .map(([name, indexes]) => [name, new Set(indexes.map(i => times[i] / 1000))]));
    const data = withGaps(times.map(t => t / 1000), names.map(name => series[name]));
    if (this.plot && this.names === names.join('\u0000')) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.names = names.join('\u0000');
    this.plot = new uPlot({
      title: this.title, width: this.width(), height: HEIGHT,
      scales: { y: { range: (u, min, max) => [0, Math.max(1, max ?? 1) * 1.1] } },
      axes: [{ incrs: SECONDS, space: 70, values: (u, splits) => splits.map(s => CLOCK(new Date(s * 1000))) }, { label: this.unit, size: 60, ...(this.counts ? { incrs: WHOLE } : {}) }],
      series: [{ value: '{YYYY}-{MM}-{DD} {HH}:{mm}:{ss}' }, ...names.map((name, i) => ({ label: name,
        stroke: COLOURS[i % COLOURS.length], width: 1.5, spanGaps: false,
        points: { filter: (u, seriesIdx, show) => (show ? null : this.marked(u, seriesIdx)) },
        value: (u, v, seriesIdx, idx) => this.legendValue(v, seriesIdx, u.data[0][idx]) }))],
    }, data, this.container);
  }

  /**
   * Where uPlot leaves out the points (too dense to mark each), the ones a line cannot show: a value with none on
   * either side (one-in-64 sampling leaves many), and one that means "at least".
   */
  marked(u, seriesIdx) {
    const [times, values] = [u.data[0], u.data[seriesIdx]];
    const atLeast = this.atLeast[this.seriesNames[seriesIdx - 1]];
    const lone = i => values[i - 1] == null && values[i + 1] == null;
    return values.flatMap((v, i) => (v != null && (lone(i) || atLeast?.has(times[i])) ? [i] : []));
  }

  legendValue(v, seriesIdx, time) {
    if (v == null) {
      return '--';
    }
    const shown = (v >= 100 ? Math.round(v) : Number(v.toPrecision(3))).toLocaleString('en');
    return this.atLeast[this.seriesNames[seriesIdx - 1]]?.has(time) ? `≥ ${shown}` : shown;
  }
}

/**
 * The data as uPlot takes it, with a point of no values where samples are missing (the server sampled nothing for
 * a while): a line drawn across the gap would look measured. A gap is more than twice the usual step.
 */
function withGaps(seconds, columns) {
  const steps = seconds.slice(1).map((t, i) => t - seconds[i]).sort((a, b) => a - b);
  const step = steps[steps.length >> 1];
  const times = [];
  const values = columns.map(() => []);
  seconds.forEach((time, i) => {
    if (i > 0 && step > 0 && time - seconds[i - 1] > 2 * step) {
      times.push(seconds[i - 1] + step);
      values.forEach(column => column.push(null));
    }
    times.push(time);
    values.forEach((column, k) => column.push(columns[k][i]));
  });
  return [times, ...values];
}
