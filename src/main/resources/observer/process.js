import { LineChart } from './charts.js';
import { h, rate } from './dom.js';

/**
 * One process: its fields, message counts, state as its formatStatus shows it (redacted as the processes
 * endpoint redacts it), its mailbox depth over the last minutes (recorded since it backed up or was opened), and,
 * only where actions on processes are allowed, kill, suspend and resume, each after a confirmation. The actions
 * are the processes endpoint's.
 */
export class ProcessView {
  constructor(id) {
    this.id = id;
  }

  mount(root) {
    this.title = h('h2', {}, `Process ${this.id}`);
    this.fields = h('dl', { id: 'process-fields', class: 'fields' });
    this.actions = h('div', { id: 'process-actions', class: 'actions' });
    this.state = h('pre', { id: 'process-state', class: 'state' });
    const chart = h('div', { class: 'chart', id: 'chart-mailbox' });
    this.message = h('p', { id: 'process-message', class: 'message' });
    root.append(h('section', {}, this.title, this.message, this.actions, this.fields,
      h('h3', {}, 'State (formatStatus)'), this.state, chart));
    this.chart = new LineChart(chart, 'Mailbox depth', 'messages');
  }

  update(panel) {
    const p = panel.process;
    if (this.showsProblem) this.say('', false); // the process answers again; an action's outcome stays
    this.title.textContent = `Process ${p.id}${p.name ? ` · ${p.name}` : ''}`;
    const s = panel.statistics;
    const fields = [['Id', p.id], ['Name', p.name ?? '—'], ['Service', p.service], ['Status', p.status],
      ['Mailbox', p.mailbox], ['Messages / s', rate(panel.rate)], ['Restarts', p.restarts],
      ['Supervisor', p.supervisor ?? '—'], ['Started', new Date(p.startedAt).toLocaleString()],
      ['Handled', `${s.calls} calls, ${s.casts} casts, ${s.infos} infos, ${s.others} other`]];
    this.fields.replaceChildren(...fields.flatMap(([label, value]) => [h('dt', {}, label),
      h('dd', { dataset: { field: label.toLowerCase() } }, value)]));
    this.state.textContent = panel.state === null ? `(unavailable: ${panel.stateError})`
      : JSON.stringify(panel.state, null, 2);
    this.chart.update(panel.mailboxHistory.at, { mailbox: panel.mailboxHistory.mailbox });
    // a panel opened by name follows the name to the next pid after a restart, and its actions with it
    if (panel.actions !== this.actionsUrl) {
      this.actionsUrl = panel.actions;
      if (panel.actions) this.renderActions(p.id, panel.actions);
      else this.actions.replaceChildren();
    }
  }

  problem(problem) {
    this.say(problem.error === 'noproc'
      ? 'This process has exited. Its supervisor may have started a new one: see the supervision tree.'
      : `${problem.title ?? 'Error'}: ${problem.detail ?? ''}`, true);
  }

  /** Shows `text` until the next action, or, for a problem, until the process answers again. */
  say(text, problem) {
    this.message.textContent = text;
    this.showsProblem = problem;
  }

  /** The buttons, sending to `url`: the processes endpoint's path for this process, as the server gives it. */
  renderActions(id, url) {
    const act = (label, method, path, warning) => h('button', { class: `action ${label.toLowerCase()}`,
      dataset: { action: label.toLowerCase() }, onclick: async () => {
        if (!confirm(`${label} process ${id}? ${warning}`)) return;
        const answer = await fetch(`${url}${path}`, { method });
        this.say(answer.ok ? `${label}: done.`
          : `${label} failed: ${answer.status} ${(await answer.json().catch(() => ({}))).detail ?? ''}`, false);
      } }, label);
    this.actions.replaceChildren(
      act('Kill', 'DELETE', '', 'It exits with reason kill; its supervisor acts on its restart type.'),
      act('Suspend', 'POST', '/suspend', 'It will queue messages and handle none until resumed; its callers time out.'),
      act('Resume', 'POST', '/resume', 'It handles what queued up meanwhile.'));
  }
}
