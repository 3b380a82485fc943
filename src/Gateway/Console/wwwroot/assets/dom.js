// DOM building and formatting helpers. Text always goes in as text nodes, never as HTML.

/**
 * h('a', {href: '/x', class: 'link', onclick: fn, dataset: {key: 'v'}}, 'text', child, [more])
 * Attributes that are null, undefined or false are left out; true sets an empty attribute.
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'value' || key === 'checked' || key === 'selected') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

let idCounter = 0;
export const uniqueId = (prefix) => `${prefix}-${++idCounter}`;

// ---------- agents ----------

export const attribute = (agent, key) =>
  agent?.identifyingAttributes?.[key] ?? agent?.nonIdentifyingAttributes?.[key] ?? null;

export const serviceName = (agent) => attribute(agent, 'service.name');
export const serviceVersion = (agent) => attribute(agent, 'service.version');
export const displayName = (agent) => serviceName(agent) ?? shortUid(agent.instanceUid);
export const shortUid = (uid) => (uid ?? '').slice(0, 8);
/** Capability names compare without case: the API spells some as protobuf's C# names (AcceptsOpAmpconnectionSettings). */
export const hasCapability = (agent, name) => (agent?.capabilities ?? []).some((c) => c.toLowerCase() === name.toLowerCase());

export function badge(text, tone, extra = {}) {
  return h('span', { class: ['badge', tone], ...extra }, text);
}

export function connectionBadge(agent) {
  return agent.connected ? badge('Connected', 'ok') : badge('Disconnected', 'off');
}

export function healthBadge(agent) {
  if (agent.healthy === true) return badge(agent.healthStatus ? `Healthy · ${agent.healthStatus}` : 'Healthy', 'ok');
  if (agent.healthy === false) return badge(agent.healthStatus ? `Unhealthy · ${agent.healthStatus}` : 'Unhealthy', 'bad');
  return badge('Not reported', 'off');
}

const configTones = { APPLIED: 'ok', APPLYING: 'info', FAILED: 'bad', UNSET: 'off' };
const configWords = { APPLIED: 'Applied', APPLYING: 'Applying', FAILED: 'Failed', UNSET: 'Unset' };

export function configBadge(agent) {
  const status = agent.remoteConfigStatus?.status;
  if (!status) return agent.desiredConfigHash ? badge('Config sent', 'info') : badge('No remote config', 'off');
  return badge(`Config ${configWords[status] ?? status}`, configTones[status] ?? 'off', {
    title: agent.remoteConfigStatus.errorMessage ?? null,
  });
}

export function driftBadge(agent) {
  return agent.drifted ? badge('Drifted', 'warn', { title: 'The effective config differs from the desired config' }) : null;
}

export const transportName = (transport) =>
  transport === 'webSocket' ? 'WebSocket' : transport === 'http' ? 'HTTP' : '—';

// ---------- time and numbers ----------

const numberFormat = new Intl.NumberFormat('en');
export const formatNumber = (n) => numberFormat.format(n ?? 0);

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

export function formatDate(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

export function relativeTime(iso, now = Date.now()) {
  if (!iso) return '—';
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(seconds)) return iso;
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** A <time> showing "12 s ago", with the absolute time as its machine value and tooltip. */
export function timeAgo(iso) {
  return h('time', { datetime: iso ?? null, title: formatDate(iso), dataset: { relative: iso ?? '' } }, relativeTime(iso));
}

/** Refreshes every <time data-relative> under root; pages call it on a timer. */
export function refreshTimes(root) {
  const now = Date.now();
  for (const el of root.querySelectorAll('time[data-relative]')) {
    if (el.dataset.relative) el.textContent = relativeTime(el.dataset.relative, now);
  }
}

/** Calls fn at most once per `ms`, trailing call guaranteed. */
export function throttle(fn, ms) {
  let timer = null;
  let last = 0;
  const wrapped = () => {
    const wait = last + ms - Date.now();
    if (wait <= 0) {
      last = Date.now();
      timer = null;
      fn();
    } else if (!timer) {
      timer = setTimeout(() => { timer = null; last = Date.now(); fn(); }, wait);
    }
  };
  wrapped.cancel = () => { clearTimeout(timer); timer = null; };
  return wrapped;
}

export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/** Copies text to the clipboard; falls back to selecting it when the API is unavailable (plain http). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
