import { continued, LineChart } from './charts.js';
import { bytes, card, duration, h, period, rate } from './dom.js';

/** Overview: this instance's figures and the last five minutes. */
export class OverviewView {
  mount(root) {
    this.cards = h('div', { class: 'cards', id: 'overview-cards' });
    const messages = h('div', { class: 'chart', id: 'chart-messages' });
    const waits = h('div', { class: 'chart', id: 'chart-waits' });
    root.append(h('section', {}, h('h2', {}, 'Overview'), this.cards, messages, waits,
      h('p', { class: 'muted' }, 'Mailbox wait: how long messages waited before their handler began, sampled one '
        + 'message in 64; the p99 of each second, per service. A p99 past the largest bucket shows as "≥" that '
        + 'bound: the wait was at least that long.')));
    this.messages = new LineChart(messages, 'Messages handled per second', 'msg/s');
    this.waits = new LineChart(waits, 'Mailbox wait p99 per service', 'ms');
  }

  update(overview) {
    const root = overview.root;
    const rootText = root.status === 'stopped' ? 'stopped (it exceeded its restart intensity or was shut down)'
      : `${root.status} · ${root.strategy} · ${root.restartsInWindow}/${root.maxRestarts} restarts in ${period(root.period)}`;
    this.cards.replaceChildren(
      card('Uptime', duration(overview.uptime)),
      card('Processes', overview.processes.toLocaleString('en'), { id: 'card-processes' }),
      card('Messages / s', rate(overview.messagesPerSecond)),
      card('Heap used', `${bytes(overview.heapUsed)} of ${bytes(overview.heapMax)}`),
      card('Root supervisor', rootText, { class: `card root-${root.status}` }));
    const history = this.history = continued(this.history, overview.history, { columns: ['messagesPerSecond'],
      maps: ['mailboxWaitP99Millis'], indexes: ['mailboxWaitPastLargestBucket'] });
    this.messages.update(history.at, { 'all services': history.messagesPerSecond });
    this.waits.update(history.at, history.mailboxWaitP99Millis, history.mailboxWaitPastLargestBucket);
  }
}
