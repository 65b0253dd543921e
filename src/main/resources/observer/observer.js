// The observer page: a tab per view, the view's state in the URL's fragment, one live stream for what is on
// screen. Plain ES modules served from the jar; uPlot is the only library.
import { h } from './dom.js';
import { MembersView } from './members.js';
import { OverviewView } from './overview.js';
import { ProcessView } from './process.js';
import { ProcessesView } from './processes.js';
import { LiveStream } from './stream.js';
import { TreeView } from './tree.js';

const main = document.getElementById('view');
const connection = document.getElementById('connection');
// what a screen reader announces: the connection's state when it changes, not the badge's count of seconds
const announced = document.getElementById('connection-announced');
let current = null;
let pendingFocus = null; // a control to focus once the view has it (the pager's come with the first update)

/** Focuses the pending control if the view has it now and nothing else took the focus meanwhile. */
function takeFocus() {
  const control = pendingFocus?.map(selector => main.querySelector(selector)).find(found => found);
  if (control && (document.activeElement === null || document.activeElement === document.body)) {
    control.focus();
    pendingFocus = null;
  }
}

const stream = new LiveStream((event, data) => {
  if (event === 'problem') current?.problem?.(data);
  else current?.update(data);
  takeFocus();
  pendingFocus = null; // the view's first update is the last chance: a control it does not have is gone
  if (event === 'overview') document.getElementById('member').textContent = data.member.name;
}, (state, text) => {
  if (connection.dataset.state !== state) announced.textContent = text;
  connection.dataset.state = state;
  connection.textContent = text;
  // what is on screen is the last the stream brought: greyed while it cannot bring more
  main.classList.toggle('stale', state === 'down' || state === 'silent');
  current?.connection?.(state);
});

// the instance's name in the header whatever view opens first (the overview's events carry it too)
fetch(new URL('../api/overview', import.meta.url)).then(answer => (answer.ok ? answer.json() : null))
  .then(overview => {
    if (overview) document.getElementById('member').textContent = overview.member.name;
  }).catch(() => {});

/**
 * #processes?sort=mailbox → ['processes', {sort: 'mailbox'}]; #process/42 → ['process', {id: '42'}]; a process id
 * that is not percent-encoded UTF-8 (#process/%E0) → ['unreadable', {}], as decodeURIComponent cannot read it.
 */
function parse(hash) {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const params = Object.fromEntries(new URLSearchParams(query));
  delete params.view; // the fragment's path names the view (and a process's id): a query cannot name another
  delete params.id;
  const [view, id] = path.split('/');
  if (view === 'process' && id) {
    try {
      return ['process', { id: decodeURIComponent(id) }];
    } catch {
      return ['unreadable', {}];
    }
  }
  return [['overview', 'tree', 'processes', 'members'].includes(view) ? view : 'overview', params];
}

/** In place of a view, for a fragment that names none: says so, and watches nothing. */
class UnreadableView {
  mount(root) {
    root.append(h('p', { id: 'view-message', class: 'message' }, `This address cannot be read: ${location.hash} `
      + 'is not a percent-encoded process id or name.'));
  }
}

function navigate(view, params) {
  const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));
  location.hash = `#${view}${query.size ? `?${query}` : ''}`;
}

/**
 * The control that had the focus, as selectors of it in the view's next mount, best first (a sort button, a filter,
 * the pager's buttons): a view is mounted anew on every change of the fragment, which would drop the focus to the page.
 */
function focusedControl() {
  const focused = document.activeElement;
  if (!focused || !main.contains(focused)) return null;
  if (focused.dataset.sort) return [`button[data-sort="${focused.dataset.sort}"]`];
  if (focused.closest('.pager')) { // the same button if the new page has it (Next onto the last has not), else the
    // nearest: Previous, or the one left
    return [`.pager button[data-id="${focused.dataset.id}"]`, '.pager button[data-id="previous"]', '.pager button'];
  }
  if (focused.name) return [`${focused.tagName.toLowerCase()}[name="${focused.name}"]`];
  return focused.id ? [`#${focused.id}`] : null;
}

function route() {
  const refocus = focusedControl();
  const [view, params] = parse(location.hash);
  for (const tab of document.querySelectorAll('nav a')) {
    const active = tab.dataset.tab === (view === 'process' ? 'processes' : view);
    tab.classList.toggle('active', active);
    if (active) tab.setAttribute('aria-current', 'page');
    else tab.removeAttribute('aria-current');
  }
  current = view === 'overview' ? new OverviewView()
    : view === 'tree' ? new TreeView()
      : view === 'processes' ? new ProcessesView(params, navigate)
        : view === 'process' ? new ProcessView(params.id)
          : view === 'members' ? new MembersView()
            : new UnreadableView();
  main.replaceChildren();
  current.mount(main);
  pendingFocus = refocus;
  takeFocus();
  main.dataset.view = view;
  if (view === 'unreadable') stream.stop();
  else stream.watch(view, params);
}

window.addEventListener('hashchange', route);
document.addEventListener('visibilitychange', () => (document.hidden ? stream.pause() : stream.resume()));
route();
