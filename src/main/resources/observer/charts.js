// Line charts of the last minutes, drawn by uPlot (from its webjar, served by the management port).
import uPlot from '../uplot/uPlot.esm.js';

const COLOURS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777',
  '#4b5563', '#65a30d', '#7c3aed', '#0d9488'];

/** A chart that keeps its uPlot instance while its series stay the same, and rebuilds it when they change. */
export class LineChart {
  constructor(container, title, unit) {
    this.container = container;
    this.title = title;
    this.unit = unit;
    this.plot = null;
    this.names = '';
  }

  /**
   * times: epoch ms; series: {name: [values, null where unmeasured]}; atLeast: {name: [indexes]} of the points that
   * mean "at least this" (past a histogram's largest bucket), shown as "≥ value" in the legend, or undefined.
   */
  update(times, series, atLeast) {
    this.atLeast = atLeast ?? {};
    const names = Object.keys(series);
    this.seriesNames = names;
    const data = [times.map(t => t / 1000), ...names.map(name => series[name])];
    if (this.plot && this.names === names.join('\u0000')) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.names = names.join('\u0000');
    const width = Math.max(300, this.container.clientWidth || 600);
    this.plot = new uPlot({
      title: this.title, width, height: 220,
      scales: { y: { range: (u, min, max) => [0, Math.max(1, max ?? 1) * 1.1] } },
      axes: [{}, { label: this.unit, size: 60 }],
      series: [{}, ...names.map((name, i) => ({ label: name, stroke: COLOURS[i % COLOURS.length], width: 1.5,
        spanGaps: false, value: (u, v, seriesIdx, idx) => this.legendValue(v, seriesIdx, idx) }))],
    }, data, this.container);
  }

  legendValue(v, seriesIdx, idx) {
    if (v == null) {
      return '--';
    }
    const shown = Number(v.toFixed(3)).toLocaleString('en');
    const past = this.atLeast[this.seriesNames[seriesIdx - 1]];
    return past && past.includes(idx) ? `≥ ${shown}` : shown;
  }
}
