// Builds DOM nodes from data without ever parsing it as HTML: process names can hold client-chosen keys.
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else element.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/**
 * Makes {@code element}'s children look like {@code fresh} (nodes just built by h()) by changing the ones on screen
 * in place: an element that has focus, or a pointer pressed on it, stays the same element from one second's update to
 * the next (rebuilt, it would drop the focus and the click). Children with a key (data-id, data-node) are matched by
 * it, so a focused row stays with its process when rows come, go or reorder; others by position. Listeners are not
 * carried over: what a kept element does must come from its attributes (an href, a data-*), or from a listener on an
 * element that is not replaced.
 */
export function morph(element, fresh) {
  const wanted = new Set(fresh.map(keyOf).filter(key => key !== null));
  const kept = new Map();
  for (const child of [...element.childNodes]) {
    const key = keyOf(child);
    if (key === null) continue;
    if (wanted.has(key)) kept.set(key, child);
    else child.remove(); // gone: removed first, so the rest need not move
  }
  fresh.forEach((child, i) => {
    const at = element.childNodes[i] ?? null;
    const key = keyOf(child);
    const match = key === null ? (at !== null && keyOf(at) === null ? at : null) : kept.get(key) ?? null;
    if (match === null || match.nodeName !== child.nodeName) {
      // an unkeyed child of another kind takes the place of the one there, so the ones after keep theirs
      if (key === null && match !== null) element.replaceChild(child, at); // match is at: see above
      else element.insertBefore(child, at);
      return;
    }
    kept.delete(key);
    if (match !== at) move(element, match, at);
    morphNode(match, child);
  });
  while (element.childNodes.length > fresh.length) element.lastChild.remove();
}

/**
 * Puts {@code node} before {@code at}, keeping the focus inside it: moveBefore keeps it, where the browser has it
 * (Chromium 133 on; not Safari); insertBefore takes the node out of the page and back, which blurs what it holds, so
 * that is focused again.
 */
function move(element, node, at) {
  if (typeof element.moveBefore === 'function') {
    try {
      element.moveBefore(node, at);
      return;
    } catch {
      // a move it refuses (across shadow roots) is done as an insert
    }
  }
  const focused = node.contains(document.activeElement) ? document.activeElement : null;
  element.insertBefore(node, at);
  if (focused && document.activeElement !== focused) focused.focus({ preventScroll: true });
}

function keyOf(node) {
  return node.nodeType === Node.ELEMENT_NODE ? node.dataset.id ?? node.dataset.node ?? null : null;
}

function morphNode(old, fresh) {
  if (old.nodeType === Node.TEXT_NODE) {
    if (old.data !== fresh.data) old.data = fresh.data;
  } else if (old.nodeType === Node.ELEMENT_NODE) {
    for (const { name } of [...old.attributes]) if (!fresh.hasAttribute(name)) old.removeAttribute(name);
    for (const { name, value } of fresh.attributes) if (old.getAttribute(name) !== value) old.setAttribute(name, value);
    morph(old, [...fresh.childNodes]);
  }
}

export function bytes(n) {
  if (n < 0) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function duration(seconds) {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m} min ${seconds % 60} s`;
  const hours = Math.floor(m / 60);
  return hours < 48 ? `${hours} h ${m % 60} min` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** A java.time.Duration as the JSON writes it (ISO-8601: PT5S, PT1M30S, PT0.25S), in duration()'s words. */
export function period(text) {
  const parts = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text ?? '');
  if (!parts) return text; // shown as sent rather than misread
  const seconds = Number(parts[1] ?? 0) * 3600 + Number(parts[2] ?? 0) * 60 + Number(parts[3] ?? 0);
  return Number.isInteger(seconds) ? duration(seconds) : `${seconds} s`;
}

export function rate(value) {
  return value === null || value === undefined ? '—' : value >= 100 ? Math.round(value).toLocaleString('en')
    : value.toFixed(1);
}

export function card(label, value, attributes = {}) {
  return h('div', { class: 'card', ...attributes }, h('div', { class: 'label' }, label),
    h('div', { class: 'value' }, value));
}
