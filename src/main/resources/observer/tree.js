import { h, morph, period } from './dom.js';

/**
 * The supervision tree. Each node shows its status and restarts; a supervisor its strategy and restart intensity;
 * a dynamic supervisor its child count, opening into the paged process table. A node whose restart count moved
 * since the last second flashes. Each second's tree is laid over the one on screen ({@link morph}).
 */
export class TreeView {
  constructor() {
    this.restarts = new Map();
  }

  mount(root) {
    this.list = h('div', { id: 'tree', class: 'tree' });
    root.append(h('section', {}, h('h2', {}, 'Supervision tree'), this.list));
  }

  update(tree) {
    const seen = new Map();
    morph(this.list, [h('ul', {}, this.node(tree, 'root', seen))]); // a focused link stays focused
    // a node kept with its class from the last update keeps its animation, running or over: one that restarted
    // again flashes again, its class taken off and put back after a layout
    const flashing = new Set(this.list.querySelectorAll('.node.flash'));
    for (const node of flashing) {
      if (this.flashing?.has(node)) {
        node.classList.remove('flash');
        void node.offsetWidth;
        node.classList.add('flash');
      }
    }
    this.flashing = flashing;
    this.restarts = seen;
  }

  node(node, path, seen) {
    const key = path;
    const before = this.restarts.get(key);
    seen.set(key, node.restarts);
    const moved = before !== undefined && node.restarts > before;
    const label = h('div', { class: `node ${node.type} status-${node.status}${moved ? ' flash' : ''}` },
      node.pid ? h('a', { href: `#process/${node.pid}`, class: 'name' }, node.name ?? node.id)
        : h('span', { class: 'name' }, node.name ?? node.id),
      node.name && node.name !== node.id ? h('span', { class: 'muted' }, ` (${node.id})`) : null,
      h('span', { class: `badge ${node.type}` }, node.type),
      h('span', { class: 'status' }, node.status),
      node.restart ? h('span', { class: 'muted' }, node.restart) : null,
      h('span', { class: 'restarts', title: 'restarts by its supervisor' }, `restarts: ${node.restarts}`),
      node.strategy ? h('span', { class: 'strategy' }, node.strategy) : null,
      node.maxRestarts !== undefined ? h('span', { class: 'intensity',
        title: 'restarts within the intensity period, of the maximum' },
      `intensity ${node.restartsInWindow}/${node.maxRestarts} in ${period(node.period)}`) : null,
      node.dynamic ? h('a', { class: 'children-link', href: `#processes?supervisor=${node.pid}` },
        `${node.childCount.toLocaleString('en')} children →`) : null);
    const item = h('li', { dataset: { node: node.id } }, label);
    if (node.children?.length) {
      item.append(h('ul', {}, node.children.map(child => this.node(child, `${path}/${child.id}`, seen))));
    }
    return item;
  }
}
