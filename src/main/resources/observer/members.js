import { h } from './dom.js';

/** Members: each instance with its process count and services (this instance alone without cluster mode). */
export class MembersView {
  mount(root) {
    this.body = h('tbody');
    root.append(h('section', {}, h('h2', {}, 'Members'), h('div', { class: 'scrolls' },
      h('table', { id: 'members-table' }, h('thead', {}, h('tr', {}, h('th', {}, 'Member'), h('th', {}, 'Status'),
        h('th', { class: 'num' }, 'Processes'), h('th', {}, 'Services'))), this.body))));
  }

  update(members) {
    this.body.replaceChildren(...members.map(member => h('tr', { class: member.local ? 'local' : '' },
      h('td', {}, member.name, member.local ? h('span', { class: 'muted' }, ' (this instance)') : null),
      h('td', {}, member.status),
      h('td', { class: 'num' }, member.processes.toLocaleString('en')),
      h('td', {}, member.services.join(', ')))));
  }
}
