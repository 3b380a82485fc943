// Fleet overview: headline counts (each links to the matching agent list) and agents by version and transport.
import { h, clear, formatNumber, throttle, transportName } from '../dom.js';
import { api } from '../api.js';

export async function render(ctx) {
  ctx.setTitle('Overview');
  const body = h('div', { id: 'overview-body' }, h('p', { class: 'loading' }, 'Loading counts…'));
  const updated = h('p', { class: 'subtitle', id: 'overview-updated' });
  ctx.main.append(
    h('div', { class: 'page-head' },
      h('div', { class: 'titles' }, h('h1', { tabindex: '-1' }, 'Fleet overview'), updated),
      h('div', { class: 'actions' }, h('a', { class: 'button', href: '/agents' }, 'All agents'))),
    body);

  const load = async () => {
    let data;
    try {
      data = await api.overview(ctx.signal);
    } catch (error) {
      if (error.name === 'AbortError') return;
      clear(body).append(error.notAvailable || error.status === 400
        ? h('div', { class: 'notice info' }, h('p', null, 'Fleet counts are not available: this server does not provide ',
          h('code', null, 'GET /api/agents/overview'), ' yet. The ', h('a', { href: '/agents' }, 'agent list'), ' works.'))
        : h('div', { class: 'notice error', role: 'alert' }, h('p', null, `Could not load the overview: ${error.message}`)));
      return;
    }
    clear(body).append(view(data));
    updated.textContent = `${formatNumber(data.total)} agents · updated ${new Date().toLocaleTimeString('en-GB')}`;
  };
  await load();
  const refresh = throttle(() => load().catch(() => {}), 2000);
  ctx.onDispose(refresh.cancel);
  ctx.onDispose(ctx.live.subscribe(() => refresh()));
}

function view(o) {
  const disconnected = o.disconnected ?? (o.total - o.connected);
  const stats = [
    { label: 'Agents', value: o.total, href: '/agents', tone: 'info', key: 'total' },
    { label: 'Connected', value: o.connected, href: '/agents?connected=true', tone: 'ok', key: 'connected' },
    { label: 'Disconnected', value: disconnected, href: '/agents?connected=false', tone: disconnected ? 'warn' : '', key: 'disconnected' },
    { label: 'Unhealthy', value: o.unhealthy, href: '/agents?healthy=false', tone: 'bad', key: 'unhealthy' },
    { label: 'Drifted', value: o.drifted, href: '/agents?drifted=true', tone: 'warn', key: 'drifted', hint: 'effective config differs from desired' },
    { label: 'Config failed', value: o.configFailed, href: '/agents?configStatus=FAILED', tone: 'bad', key: 'configFailed' },
  ];
  return h('div', null,
    h('section', { 'aria-labelledby': 'counts-heading' },
      h('h2', { id: 'counts-heading', class: 'visually-hidden' }, 'Counts'),
      h('ul', { class: 'stats' }, stats.map((s) => h('li', null,
        h('a', { class: ['stat', s.tone], href: s.href, dataset: { stat: s.key }, title: s.hint ?? null },
          h('span', { class: ['value', s.value ? 'nonzero' : ''] }, formatNumber(s.value)),
          h('span', { class: 'label' }, s.label)))))),
    h('div', { class: 'grid-2' },
      breakdown('by-version', 'Agents by version', 'Version', 'service.version attribute', o.byVersion, o.total,
        (version) => version && version !== 'unknown' ? `/agents?selector=${encodeURIComponent(`service.version=${version}`)}` : `/agents?selector=${encodeURIComponent('!service.version')}`,
        (version) => version || '(none)'),
      breakdown('by-transport', 'Agents by transport', 'Transport', 'connected agents', o.byTransport, null,
        (transport) => `/agents?transport=${encodeURIComponent(transport)}`,
        (transport) => transportName(transport) === '—' ? transport : transportName(transport))));
}

function breakdown(id, title, column, note, counts, total, href, label) {
  const entries = Object.entries(counts ?? {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const sum = total ?? entries.reduce((n, [, c]) => n + c, 0);
  const headingId = `${id}-heading`;
  return h('section', { class: 'panel', 'aria-labelledby': headingId, id },
    h('h2', { id: headingId }, title, ' ', h('span', { class: 'muted' }, `(${note})`)),
    entries.length === 0
      ? h('p', { class: 'empty' }, 'No agents yet.')
      : h('div', { class: 'table-scroll' }, h('table', null,
        h('caption', { class: 'visually-hidden' }, title),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, column),
          h('th', { scope: 'col', class: 'num' }, 'Agents'),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Share'), h('span', { 'aria-hidden': 'true' }, 'Share')))),
        h('tbody', null, entries.map(([key, count]) => {
          const share = sum ? count / sum : 0;
          const fill = h('span');
          fill.style.width = `${Math.max(share * 100, count ? 1 : 0)}%`;
          return h('tr', { dataset: { key } },
            h('th', { scope: 'row' }, h('a', { href: href(key) }, label(key))),
            h('td', { class: 'num' }, formatNumber(count)),
            h('td', { class: 'nowrap' }, h('div', { class: 'bar', role: 'img', 'aria-label': `${Math.round(share * 100)}%` }, fill)));
        })))));
}
