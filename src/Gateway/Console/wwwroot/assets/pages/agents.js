// Agent list: search, attribute selector, filters, sort and server-side paging, all kept in the URL;
// rows update live in place and the page refetches (throttled) when agents come, go or change.
import {
  h, clear, uniqueId, serviceName, serviceVersion, shortUid, formatNumber, timeAgo, refreshTimes, throttle, debounce,
  connectionBadge, healthBadge, configBadge, driftBadge, transportName,
} from '../dom.js';
import { api } from '../api.js';

const PAGE_SIZES = [25, 50, 100, 250];
const DEFAULT_LIMIT = 50;

const FILTERS = [
  { key: 'connected', label: 'Connection', options: [['', 'Any'], ['true', 'Connected'], ['false', 'Disconnected']] },
  { key: 'healthy', label: 'Health', options: [['', 'Any'], ['true', 'Healthy'], ['false', 'Unhealthy']] },
  { key: 'configStatus', label: 'Remote config', options: [['', 'Any'], ['APPLIED', 'Applied'], ['APPLYING', 'Applying'], ['FAILED', 'Failed'], ['UNSET', 'Unset']] },
  { key: 'drifted', label: 'Drift', options: [['', 'Any'], ['true', 'Drifted'], ['false', 'Not drifted']] },
  { key: 'transport', label: 'Transport', options: [['', 'Any'], ['webSocket', 'WebSocket'], ['http', 'HTTP']] },
];
const QUERY_KEYS = ['search', 'selector', ...FILTERS.map((f) => f.key), 'sort', 'desc', 'offset', 'limit'];

const COLUMNS = [
  { label: 'Service', sort: 'serviceName' },
  { label: 'Instance UID', sort: 'instanceUid' },
  { label: 'Version' },
  { label: 'Connection' },
  { label: 'Health' },
  { label: 'Config' },
  { label: 'Transport' },
  { label: 'Last seen', sort: 'lastSeen' },
];

function readState(query) {
  const state = {};
  for (const key of QUERY_KEYS) state[key] = query.get(key) ?? '';
  state.offset = Math.max(0, parseInt(state.offset, 10) || 0);
  state.limit = PAGE_SIZES.includes(parseInt(state.limit, 10)) ? parseInt(state.limit, 10) : DEFAULT_LIMIT;
  state.desc = state.desc === 'true';
  state.sort = state.sort || 'instanceUid';
  return state;
}

function toQuery(state) {
  const query = new URLSearchParams();
  for (const key of QUERY_KEYS) {
    const value = state[key];
    if (key === 'offset' && !value) continue;
    if (key === 'limit' && value === DEFAULT_LIMIT) continue;
    if (key === 'sort' && value === 'instanceUid') continue;
    if (key === 'desc' && !value) continue;
    if (value !== '' && value !== null && value !== undefined) query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

export async function render(ctx) {
  ctx.setTitle('Agents');
  const state = readState(ctx.query);
  let page = null;
  let inFlight = null;

  // ---------- controls ----------
  const searchId = uniqueId('search');
  const selectorId = uniqueId('selector');
  const selectorHelp = uniqueId('selector-help');
  const selectorError = uniqueId('selector-error');
  const search = h('input', { type: 'search', id: searchId, name: 'search', value: state.search, placeholder: 'uid or attribute value', autocomplete: 'off' });
  const selector = h('input', {
    type: 'text', id: selectorId, name: 'selector', value: state.selector, spellcheck: 'false', autocomplete: 'off',
    placeholder: 'service.name=checkout,deployment.environment!=dev', 'aria-describedby': `${selectorHelp} ${selectorError}`,
  });
  const selectorErrorText = h('span', { id: selectorError, class: 'error-text' });
  const selects = FILTERS.map((filter) => {
    const id = uniqueId(filter.key);
    const select = h('select', { id, name: filter.key },
      filter.options.map(([value, text]) => h('option', { value, selected: state[filter.key] === value }, text)));
    select.addEventListener('change', () => update({ [filter.key]: select.value, offset: 0 }, { push: true }));
    return h('div', { class: 'field' }, h('label', { for: id }, filter.label), select);
  });
  const clearButton = h('button', { type: 'button', class: 'button', onclick: () => {
    search.value = '';
    selector.value = '';
    for (const select of form.querySelectorAll('select')) select.value = '';
    const cleared = Object.fromEntries(['search', 'selector', ...FILTERS.map((f) => f.key)].map((k) => [k, '']));
    update({ ...cleared, offset: 0 }, { push: true });
  } }, 'Clear filters');
  const form = h('form', { class: 'panel filters', role: 'search', 'aria-label': 'Filter agents', onsubmit: (event) => {
    event.preventDefault();
    update({ search: search.value.trim(), selector: selector.value.trim(), offset: 0 }, { push: true });
  } },
    h('div', { class: 'field search' }, h('label', { for: searchId }, 'Search'), search),
    h('div', { class: 'field wide' },
      h('label', { for: selectorId }, 'Attribute selector'),
      selector,
      h('span', { id: selectorHelp, class: 'hint' },
        'k=v, k!=v, k=~regex, k in (a,b), k notin (a,b), k, !k — comma means and. Enter to apply.'),
      selectorErrorText),
    selects,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'button primary' }, 'Apply'), clearButton));
  search.addEventListener('input', debounce(() => {
    if (search.value.trim() !== state.search) update({ search: search.value.trim(), offset: 0 }, { push: false });
  }, 300));

  // ---------- results ----------
  const summary = h('p', { class: 'summary', role: 'status', id: 'agents-summary' }, 'Loading agents…');
  const message = h('div', { class: 'notice', role: 'alert' });
  const tbody = h('tbody');
  const headRow = h('tr');
  const table = h('table', { class: 'agents-table', 'aria-describedby': 'agents-summary' },
    h('caption', { class: 'visually-hidden' }, 'Agents, one per row; column headers with buttons sort the list'),
    h('thead', null, headRow), tbody);
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of agents' });
  const sizeId = uniqueId('page-size');
  const sizeSelect = h('select', { id: sizeId },
    PAGE_SIZES.map((n) => h('option', { value: String(n), selected: n === state.limit }, String(n))));
  sizeSelect.addEventListener('change', () => update({ limit: parseInt(sizeSelect.value, 10), offset: 0 }, { push: true }));

  // Arriving from an agent's page after forgetting it (?forgotten=name).
  const forgotten = ctx.query.get('forgotten');
  const forgottenNotice = forgotten
    ? h('div', { class: 'notice ok', role: 'status', id: 'forgotten-notice' }, h('p', null, `${forgotten} forgotten: no longer listed.`))
    : null;

  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', { class: 'titles' }, h('h1', { tabindex: '-1' }, 'Agents'),
      h('p', { class: 'subtitle' }, 'Every agent that has reported to this server. Filters and paging run on the server.'))),
    ...(forgottenNotice ? [forgottenNotice] : []),
    form,
    message,
    summary,
    h('div', { class: 'table-scroll' }, table),
    h('div', { class: 'list-footer' }, pager, h('div', { class: 'field' },
      h('label', { for: sizeId }, 'Agents per page'), sizeSelect)));

  function renderHead() {
    clear(headRow);
    for (const column of COLUMNS) {
      const sorted = column.sort && state.sort === column.sort;
      const th = h('th', { scope: 'col', 'aria-sort': sorted ? (state.desc ? 'descending' : 'ascending') : null });
      if (column.sort) {
        th.append(h('button', {
          type: 'button', class: 'sort-button', dataset: { sort: column.sort },
          onclick: () => update({ sort: column.sort, desc: sorted ? !state.desc : column.sort === 'lastSeen', offset: 0 }, { push: true, focusSort: column.sort }),
        }, column.label, h('span', { class: 'arrow', 'aria-hidden': 'true' }, sorted ? (state.desc ? '▼' : '▲') : '↕')));
      } else {
        th.append(column.label);
      }
      headRow.append(th);
    }
  }

  function row(agent) {
    const name = serviceName(agent);
    const href = `/agents/${encodeURIComponent(agent.instanceUid)}`;
    const version = serviceVersion(agent);
    return h('tr', { dataset: { uid: agent.instanceUid } },
      h('td', { class: 'cell-service', title: name ?? '' },
        h('a', { href, dataset: { focusKey: `agent:${agent.instanceUid}` } }, name ?? h('span', { class: 'muted' }, '(no service.name)'))),
      h('td', { class: 'cell-uid mono', title: agent.instanceUid }, agent.instanceUid),
      h('td', { class: 'cell-version', title: version ?? '' }, version ?? '—'),
      h('td', null, connectionBadge(agent)),
      h('td', null, healthBadge(agent)),
      h('td', null, h('span', { class: 'badges' }, configBadge(agent), driftBadge(agent))),
      h('td', null, transportName(agent.transport)),
      h('td', null, timeAgo(agent.lastSeen)));
  }

  function renderRows(items) {
    const focusKey = document.activeElement?.closest?.('tbody') === tbody ? document.activeElement.dataset.focusKey : null;
    clear(tbody);
    if (items.length === 0) {
      tbody.append(h('tr', null, h('td', { colspan: String(COLUMNS.length), class: 'empty' },
        anyFilter() ? 'No agent matches these filters.' : 'No agent has connected yet. Point an OpAMP agent at ws://<this host>:4320/v1/opamp.')));
    }
    for (const agent of items) tbody.append(row(agent));
    if (focusKey) tbody.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  function renderPager() {
    clear(pager);
    if (!page) return;
    const pages = Math.max(1, Math.ceil(page.total / state.limit));
    const index = Math.floor(state.offset / state.limit) + 1;
    const go = (offset) => () => update({ offset }, { push: true, focusPager: true });
    const button = (label, text, offset, disabled) => h('button', {
      type: 'button', class: 'button small', 'aria-label': label, disabled, onclick: go(offset), dataset: { page: text.toLowerCase() },
    }, text);
    pager.append(
      button('First page', 'First', 0, index <= 1),
      button('Previous page', 'Previous', Math.max(0, state.offset - state.limit), index <= 1),
      h('span', { class: 'page-label' }, `Page ${formatNumber(index)} of ${formatNumber(pages)}`),
      button('Next page', 'Next', state.offset + state.limit, index >= pages),
      button('Last page', 'Last', (pages - 1) * state.limit, index >= pages));
  }

  const anyFilter = () => ['search', 'selector', ...FILTERS.map((f) => f.key)].some((k) => state[k]);

  async function load({ announce = false } = {}) {
    const controller = new AbortController();
    inFlight?.abort();
    inFlight = controller;
    const abort = () => controller.abort();
    ctx.signal.addEventListener('abort', abort, { once: true });
    const params = {
      offset: state.offset, limit: state.limit, sort: state.sort, desc: state.desc || undefined,
      search: state.search, selector: state.selector,
      ...Object.fromEntries(FILTERS.map((f) => [f.key, state[f.key]])),
    };
    try {
      const result = await api.agents(params, controller.signal);
      if (result.total > 0 && result.items.length === 0 && state.offset > 0) {
        // The page emptied (agents went away): step back to the last page that has agents.
        state.offset = Math.max(0, (Math.ceil(result.total / state.limit) - 1) * state.limit);
        history.replaceState(null, '', `/agents${toQuery(state)}`);
        return load({ announce });
      }
      page = result;
      message.className = 'notice';
      clear(message);
      selector.removeAttribute('aria-invalid');
      selectorErrorText.textContent = '';
      renderRows(result.items);
      renderPager();
      const first = result.total === 0 ? 0 : state.offset + 1;
      const last = state.offset + result.items.length;
      summary.textContent = result.total === 0
        ? (anyFilter() ? 'No matching agents' : 'No agents')
        : `Showing ${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(result.total)} ${anyFilter() ? 'matching ' : ''}agents`;
      if (announce) ctx.announce(summary.textContent);
    } catch (error) {
      if (error.name === 'AbortError') return;
      const selectorProblem = error.errors?.selector;
      if (selectorProblem) {
        selector.setAttribute('aria-invalid', 'true');
        selectorErrorText.textContent = selectorProblem.join(' ');
        summary.textContent = 'The selector is not valid';
        selector.focus();
      } else {
        message.className = 'notice error';
        clear(message).append(h('p', null, `Could not load agents: ${error.message}`));
      }
    } finally {
      ctx.signal.removeEventListener('abort', abort);
      if (inFlight === controller) inFlight = null;
    }
  }

  async function update(changes, { push = false, focusSort = null, focusPager = false } = {}) {
    Object.assign(state, changes);
    const url = `/agents${toQuery(state)}`;
    if (push) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
    renderHead();
    sizeSelect.value = String(state.limit);
    await load({ announce: true });
    if (focusSort) headRow.querySelector(`[data-sort="${focusSort}"]`)?.focus();
    if (focusPager && pager.contains(document.activeElement) === false) {
      (pager.querySelector('button:not([disabled])') ?? pager).focus?.();
    }
  }

  renderHead();
  await load();

  // ---------- live updates ----------
  const refetch = throttle(() => { if (!inFlight) load(); }, 3000);
  ctx.onDispose(refetch.cancel);
  ctx.onDispose(ctx.live.subscribe((event) => {
    if (event.agent) {
      const existing = tbody.querySelector(`tr[data-uid="${CSS.escape(event.agent.instanceUid)}"]`);
      if (existing && event.kind !== 'removed') {
        const focused = existing.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
        const replacement = row(event.agent);
        if (event.kind !== 'changed' || existing.textContent !== replacement.textContent) replacement.classList.add('flash');
        existing.replaceWith(replacement);
        if (focused) replacement.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
      }
    }
    // Membership, counts and order may have changed too: refetch the page, at most every few seconds.
    if (event.kind !== 'changed' || anyFilter() || state.sort !== 'instanceUid') refetch();
  }));
  const clock = setInterval(() => refreshTimes(tbody), 5000);
  ctx.onDispose(() => clearInterval(clock));
}
