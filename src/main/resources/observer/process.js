import { continued, LineChart } from './charts.js';
import { h, rate } from './dom.js';

const n = count => count.toLocaleString('en');

/**
 * Whether each action applies to a process of a status (ProcessInfo's: running, waiting, suspended, dead): the
 * processes endpoint would take a Suspend of a suspended process or a Resume of a running one and change nothing.
 */
const APPLIES = {
  kill: status => status !== 'dead',
  suspend: status => status === 'running' || status === 'waiting',
  resume: status => status === 'suspended',
};

/** Where the focus on an action goes once it no longer applies: to the one that now does. */
const OTHER = { suspend: 'resume', resume: 'suspend' };

/** A process's panel as the stream's events carry it, asked for once: beside this module's assets/ folder. */
const PANEL = new URL('../api/processes/', import.meta.url);

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
    this.message = h('p', { id: 'process-message', class: 'message', role: 'status' });
    this.state = h('pre', { id: 'process-state', class: 'state' });
    const chart = h('div', { class: 'chart', id: 'chart-mailbox' });
    this.problemLine = h('p', { id: 'process-problem', class: 'message', role: 'status' });
    // shown once the process has answered: a panel for an id nothing answers to is the message alone; an action's
    // outcome sits beside the buttons, where its appearing moves none of them
    this.actionRow = h('div', { class: 'action-row' }, this.actions, this.message);
    this.body = h('div', { hidden: true }, this.actionRow,
      this.fields, h('h3', {}, 'State (formatStatus)'), this.state, chart);
    root.append(h('section', {}, this.title, this.problemLine, this.body));
    this.chart = new LineChart(chart, 'Mailbox depth', 'messages', { counts: true });
  }

  update(panel) {
    const p = panel.process;
    // a pid names one process of one instance: after the instance restarts, the same number is another process,
    // which this panel must not take for the one it showed (nor offer to kill); a name is followed on purpose
    if (/^\d+$/.test(this.id) && this.shownStartedAt !== undefined && p.startedAt !== this.shownStartedAt) {
      this.problem({ error: 'noproc' });
      return;
    }
    this.shownStartedAt = p.startedAt;
    this.problemLine.textContent = ''; // the process answers again
    this.body.hidden = false;
    this.title.textContent = `Process ${p.id}${p.name ? ` · ${p.name}` : ''}`;
    const s = panel.statistics;
    const fields = [['Id', p.id], ['Name', p.name ?? '—'], ['Service', p.service], ['Status', p.status],
      ['Mailbox', p.mailbox.toLocaleString('en')], ['Messages / s', rate(panel.rate)], ['Restarts', p.restarts],
      ['Supervisor', p.supervisor ?? '—'], ['Started', new Date(p.startedAt).toLocaleString()],
      ['Handled', `${n(s.calls)} calls, ${n(s.casts)} casts, ${n(s.infos)} infos, ${n(s.others)} other`]];
    this.fields.replaceChildren(...fields.flatMap(([label, value]) => [h('dt', {}, label),
      h('dd', { dataset: { field: label.toLowerCase() } }, value)]));
    this.state.textContent = panel.state === null ? `(unavailable: ${panel.stateError})`
      : JSON.stringify(panel.state, null, 2);
    const depths = this.depths = continued(this.depths, panel.mailboxHistory, { columns: ['mailbox'] });
    this.chart.update(depths.at, { mailbox: depths.mailbox });
    // a panel opened by name follows the name to the next pid after a restart, and its actions with it
    if (panel.actions !== this.actionsUrl) {
      this.actionsUrl = panel.actions;
      if (panel.actions) this.renderActions(p.id, panel.actions);
      else this.actions.replaceChildren();
    }
    this.setActionsEnabled(action => APPLIES[action](p.status), this.title);
  }

  /**
   * The process does not answer: one shown before has exited (its last figures stay, marked so, and its actions
   * are off); for an id or name nothing has answered to, there is only the message.
   */
  problem(problem) {
    // under the title while nothing is shown; once the panel is, beside the buttons as an action's outcome is, so
    // that a process exiting or the stream failing moves none of them from under the pointer
    if (this.body.hidden) this.title.after(this.problemLine);
    else this.actionRow.append(this.problemLine);
    const gone = problem.error === 'noproc';
    this.problemLine.textContent = !gone ? `${problem.title ?? 'Error'}: ${problem.detail ?? ''}`
      : this.body.hidden ? `No process has the id or name ${this.id}: it has exited, or never ran. See the `
        + 'supervision tree for the processes there are.'
        : 'This process has exited. Its supervisor may have started a new one: see the supervision tree.';
    if (gone && !this.body.hidden) {
      this.field('status').textContent = 'exited';
      this.field('messages / s').textContent = '—';
      this.setActionsEnabled(() => false, this.problemLine);
    }
  }

  field(name) {
    return this.fields.querySelector(`dd[data-field='${name}']`); // there once the process has answered
  }

  /**
   * Actions only while live: out of touch, the pid on screen may by now name another process (the instance
   * restarted), which an action would reach; the next update, once it has passed the start-time check, allows them.
   */
  connection(state) {
    this.connectionState = state;
    if (state !== 'live') this.setActionsEnabled(() => false, state === 'problem' ? this.problemLine : this.title);
  }

  /**
   * Enables the actions {@code enabled} says yes to. A button disabled with the focus on it hands the focus to the
   * page's body, and a keyboard user would start again from the top: the focus goes to the action that applies
   * instead (Resume, once the process is suspended), or where none does to what says why, the problem's line (the
   * process exited) or, while the connection is out, the panel's title.
   */
  setActionsEnabled(enabled, saysWhy) {
    const focused = document.activeElement;
    for (const button of this.actions.querySelectorAll('button')) button.disabled = !enabled(button.dataset.action);
    if (!this.actions.contains(focused) || !focused.disabled) return;
    const other = this.actions.querySelector(`button[data-action='${OTHER[focused.dataset.action]}']:enabled`);
    if (other) {
      other.focus();
    } else {
      saysWhy.tabIndex = -1;
      saysWhy.focus();
    }
  }

  /**
   * The process as it is now, asked for once a suspend or resume has been answered: the stream's next event may be a
   * second away, and until it came the buttons offered what the action had just made moot (Suspend on a process it
   * had suspended). Shown as an event would show it, but for the chart, left to the stream: its next event carries
   * the points since its own last, which a whole history shown meanwhile would have already. A process gone since is
   * said so, as the stream says it; any other answer (a name Tomcat will not route, holding an encoded slash; a name
   * that is a dot segment, which the URL resolves away) or none is left to the next event. Actions stay off while
   * the connection is not live, whatever the answer says.
   */
  async refresh() {
    const answer = await fetch(`${PANEL}${encodeURIComponent(this.id)}`).catch(() => null);
    const body = await answer?.json().catch(() => null);
    if (!body) return;
    if (answer.ok && body.process) this.update({ ...body, mailboxHistory: { continues: true, at: [], mailbox: [] } });
    else if (body.error === 'noproc') this.problem(body);
    if (this.connectionState !== 'live') this.connection(this.connectionState);
  }

  /** An action's outcome, shown until the next action. */
  say(text) {
    this.message.textContent = text;
  }

  /** The buttons, sending to `url`: the processes endpoint's path for this process, as the server gives it. */
  renderActions(id, url) {
    const act = (label, method, path, warning) => h('button', { class: `action ${label.toLowerCase()}`,
      dataset: { action: label.toLowerCase() }, onclick: async () => {
        if (!confirm(`${label} process ${id}? ${warning}`)) return;
        // the dialog held the page, and the stream's news with it: the instance may have restarted meanwhile and
        // the pid name another process now, which the action must not reach; the instance checks the start time
        const started = `?startedAt=${encodeURIComponent(this.shownStartedAt)}`;
        const answer = await fetch(`${url}${path}${started}`, { method }).catch(() => null);
        this.say(answer === null ? `${label} failed: the service did not answer; it may be restarting.`
          : answer.ok ? `${label}: done.`
            : answer.status === 412 ? `${label} not done: process ${id} is no longer the one shown.`
              : `${label} failed: ${answer.status} ${(await answer.json().catch(() => ({}))).detail ?? ''}`);
        // the buttons follow the outcome now, not at the stream's next event, up to a second away
        if (answer === null) return;
        if (method === 'DELETE') {
          // killed, or dying if it was busy: nothing applies to it any more, and whatever answers to the panel's id
          // or name next comes with that event. Asked for now, a process gone is a 404, which the browser logs
          if (answer.ok) this.setActionsEnabled(() => false, this.title);
        } else if (answer.status !== 404) { // not a process gone: suspended, resumed, or as it was
          await this.refresh();
        }
      } }, label);
    this.actions.replaceChildren(
      act('Kill', 'DELETE', '', 'It exits with reason kill; its supervisor acts on its restart type.'),
      act('Suspend', 'POST', '/suspend', 'It will queue messages and handle none until resumed; its callers time out.'),
      act('Resume', 'POST', '/resume', 'It handles what queued up meanwhile.'));
  }
}
