// Line diff (longest common subsequence) and its rendering, with unchanged runs folded.
import { h } from './dom.js';

const LARGEST_TABLE = 25_000_000;
const CONTEXT = 3;

/** [{op: ' ' | '+' | '-', text}], or null when the files are too large to compare line by line. */
export function diffLines(before, after) {
  const a = before === '' ? [] : before.split('\n');
  const b = after === '' ? [] : after.split('\n');
  // Common head and tail cost nothing; only the middle needs the table.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  if ((x.length + 1) * (y.length + 1) > LARGEST_TABLE) return null;

  const n = x.length;
  const m = y.length;
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = x[i] === y[j]
        ? lcs[(i + 1) * width + j + 1] + 1
        : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const middle = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (x[i] === y[j]) { middle.push({ op: ' ', text: x[i] }); i++; j++; }
    else if (lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) middle.push({ op: '-', text: x[i++] });
    else middle.push({ op: '+', text: y[j++] });
  }
  while (i < n) middle.push({ op: '-', text: x[i++] });
  while (j < m) middle.push({ op: '+', text: y[j++] });

  return [
    ...a.slice(0, head).map((text) => ({ op: ' ', text })),
    ...middle,
    ...a.slice(a.length - tail).map((text) => ({ op: ' ', text })),
  ];
}

export const changeCount = (lines) => (lines ?? []).filter((l) => l.op !== ' ').length;

/** The diff as a labelled, scrollable block: ins/del elements, + and - signs, long unchanged runs folded. */
export function diffView(before, after, label) {
  const lines = diffLines(before, after);
  if (lines === null) return h('p', { class: 'empty' }, 'Too large to compare line by line.');
  const added = lines.filter((l) => l.op === '+').length;
  const removed = lines.filter((l) => l.op === '-').length;
  if (added + removed === 0) return h('p', { class: 'empty' }, 'No changes.');

  const rows = [];
  const keep = lines.map((line, index) => line.op !== ' '
    || lines.slice(Math.max(0, index - CONTEXT), index + CONTEXT + 1).some((l) => l.op !== ' '));
  for (let index = 0; index < lines.length; index++) {
    if (!keep[index]) {
      let end = index;
      while (end < lines.length && !keep[end]) end++;
      rows.push(h('div', { class: 'gap' }, `… ${end - index} unchanged line${end - index === 1 ? '' : 's'}`));
      index = end - 1;
      continue;
    }
    const { op, text } = lines[index];
    const sign = h('span', { class: 'sign', 'aria-hidden': 'true' }, op);
    if (op === '+') rows.push(h('div', { class: 'add' }, sign, h('ins', null, h('span', { class: 'visually-hidden' }, 'added: '), text)));
    else if (op === '-') rows.push(h('div', { class: 'del' }, sign, h('del', null, h('span', { class: 'visually-hidden' }, 'removed: '), text)));
    else rows.push(h('div', null, sign, text));
  }
  return h('div', null,
    h('p', { class: 'muted' }, `${added} line${added === 1 ? '' : 's'} added, ${removed} removed`),
    h('div', { class: 'diff', role: 'region', tabindex: '0', 'aria-label': label }, rows));
}
