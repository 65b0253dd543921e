import { duration, h, morph, rate } from './dom.js';

/** The server's longest service or name filter (TableQuery.MAX_FILTER): it refuses a longer one. */
const MAX_FILTER = 256;

const COLUMNS = [
  ['id', 'Id', 'id'], ['name', 'Name'], ['service', 'Service'], ['status', 'Status'],
  ['mailbox', 'Mailbox', 'mailbox'], ['rate', 'Msg/s', 'rate'], ['restarts', 'Restarts', 'restarts'],
  ['age', 'Age'],
];

/**
 * The process table, paged and sorted on the server: the page on screen is all the stream carries. Its state is
 * the URL's fragment (#processes?sort=mailbox&limit=20), so a view can be bookmarked and the back button works.
 * Each second's rows and pager are laid over the ones on screen ({@link morph}), so the focus and a click stay.
 */
export class ProcessesView {
  constructor(params, navigate) {
    this.params = params;
    this.navigate = navigate;
  }

  mount(root) {
    const p = this.params;
    const go = changes => this.navigate('processes', { ...p, offset: undefined, after: undefined, ...changes });
    const service = h('input', { name: 'service', placeholder: 'service', 'aria-label': 'service',
      value: p.service ?? '', maxlength: MAX_FILTER });
    const name = h('input', { name: 'name', placeholder: 'name contains', 'aria-label': 'name contains',
      value: p.name ?? '', maxlength: MAX_FILTER });
    const filter = h('form', { class: 'filters', onsubmit: event => {
      event.preventDefault();
      go({ service: service.value.trim() || undefined, name: name.value.trim() || undefined });
    } }, service, name, h('button', { type: 'submit', name: 'filter' }, 'Filter'),
    h('button', { type: 'button', id: 'top-mailbox', class: 'primary',
      onclick: () => this.navigate('processes', { sort: 'mailbox', limit: '20' }) }, 'Top 20 by mailbox depth'),
    p.supervisor ? h('span', { class: 'muted' }, 'children of ',
      this.supervisorName = h('span', { id: 'supervisor-name' }, `supervisor ${p.supervisor}`), ' ',
      h('a', { href: '#processes' }, '(all processes)')) : null);
    const sort = p.sort ?? 'id';
    this.head = h('tr', {}, COLUMNS.map(([key, label, sortable]) => h('th', { class: key,
      'aria-sort': sort === sortable ? (sortable === 'id' ? 'ascending' : 'descending') : undefined },
    sortable && !(p.supervisor && sortable !== 'id')
      ? h('button', { class: `sort${sort === sortable ? ' active' : ''}`, dataset: { sort: sortable },
        title: sortable === 'id' ? 'oldest first' : 'largest first', onclick: () => go({ sort: sortable }) },
      label, sort === sortable ? h('span', { 'aria-hidden': 'true' }, sortable === 'id' ? ' ↑' : ' ↓') : null)
      : label)));
    // a row opens its process: by its id's link, and by a click anywhere on it (the row as it is then: see morph)
    this.body = h('tbody', { onclick: event => {
      const row = event.target.closest('tr[data-id]');
      if (row && !event.target.closest('a')) location.hash = `#process/${row.dataset.id}`;
    } });
    this.pager = h('div', { class: 'pager', onclick: event => this.turn(event.target.closest('button')) });
    this.summary = h('span', { class: 'muted', id: 'processes-summary' });
    this.message = h('p', { id: 'processes-message', class: 'message', role: 'status' });
    root.append(h('section', {}, h('h2', {}, 'Processes'), filter, this.message,
      h('div', { class: 'scrolls' }, h('table', { id: 'processes-table', class: 'processes' },
        h('thead', {}, this.head), this.body)),
      h('div', { class: 'below' }, this.summary, this.pager)));
  }

  update(page) {
    this.message.textContent = '';
    const rows = page.rows.map(row => h('tr', { dataset: { id: row.id } },
    h('td', { class: 'id num' }, h('a', { href: `#process/${row.id}` }, row.id)),
    h('td', { class: 'name' }, row.name ?? '—'),
    h('td', { class: 'service' }, row.service),
    h('td', { class: `status status-${row.status}` }, row.status),
    h('td', { class: 'mailbox num' }, row.mailbox.toLocaleString('en')),
    h('td', { class: 'rate num' }, rate(row.rate)),
    h('td', { class: 'restarts num' }, row.restarts),
    h('td', { class: 'age' }, duration(row.age))));
    const p = this.params;
    const offset = Number(p.offset ?? 0);
    if (this.supervisorName && page.rows.length > 0) { // its name, as its children's rows give it
      this.supervisorName.textContent = `${page.rows[0].supervisor} (${p.supervisor})`;
    }
    if (page.rows.length === 0) {
      rows.push(h('tr', { class: 'empty' }, h('td', { colspan: COLUMNS.length, class: 'muted' },
        offset > 0 || p.after ? 'No process past this point.' : 'No process matches.')));
    }
    morph(this.body, rows);
    const shown = page.rows.length;
    const ranked = p.sort && p.sort !== 'id';
    // a ranking is read up to its bound (the server's): past it, only a filter or the id order reaches the rest
    const cut = ranked && page.nextOffset === null && page.total !== null && page.total > offset + shown
      ? ` (rankings stop at ${(offset + shown).toLocaleString('en')}: filter by service, name or supervisor, `
        + 'or sort by id, to reach the rest)' : '';
    // a filtered page in id order is not counted (counting would walk the whole table): how many it was filtered
    // from, every process or the supervisor's children, tells that the filter left rows out
    const outOf = page.outOf === null ? ''
      : ` of ${page.outOf.toLocaleString('en')} ${p.supervisor ? 'children' : 'processes'}`;
    this.summary.textContent = page.total === null ? `${shown} shown${outOf}`
      : `${page.total.toLocaleString('en')} processes${ranked && shown ? `, ranked ${offset + 1}–${offset + shown}`
        : ''}${cut}`;
    // where each button leads is in its data-after or data-offset (none: the first page), which the pager's one
    // listener reads; each is kept by its data-id from one update to the next (see morph)
    const buttons = [];
    if (p.after || offset > 0) {
      buttons.push(h('button', { dataset: { id: 'first' } }, 'First page'));
    }
    if (offset > 0) {
      const limit = Number(p.limit ?? 50);
      buttons.push(h('button', { dataset: { id: 'previous', offset: Math.max(0, offset - limit) } }, '← Previous'));
    }
    if (page.nextAfter !== null) {
      buttons.push(h('button', { id: 'next-page', dataset: { id: 'next', after: page.nextAfter } }, 'Next →'));
    }
    if (page.nextOffset !== null) {
      buttons.push(h('button', { id: 'next-page', dataset: { id: 'next', offset: page.nextOffset } }, 'Next →'));
    }
    morph(this.pager, buttons);
  }

  /** The pager's button {@code button} pressed: the page its data-after or data-offset names. */
  turn(button) {
    if (!button) return;
    const { after, offset } = button.dataset;
    this.navigate('processes', { ...this.params, after, offset });
  }

  /** No page to show: the rows shown last are cleared rather than left looking live. */
  problem(problem) {
    const supervisor = this.params.supervisor;
    this.message.textContent = problem.error === 'noproc' && supervisor
      ? `Supervisor ${supervisor} has exited, and its children with it. Its own supervisor may have started a new `
        + 'one, with another id: see the supervision tree.'
      : `${problem.title ?? 'Error'}: ${problem.detail ?? ''}`;
    this.body.replaceChildren();
    this.summary.textContent = '';
    this.pager.replaceChildren();
  }
}
