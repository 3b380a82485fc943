// The console shell: client-side routes over the gateway's page routes (each serves index.html),
// focus and title management on navigation, the live-updates toggle, signing in before the first page.
import { h, clear } from './dom.js';
import { live } from './live.js';
import { loadIdentity } from './session.js';
import * as overview from './pages/overview.js';
import * as agents from './pages/agents.js';
import * as agent from './pages/agent.js';
import * as editor from './pages/editor.js';
import * as rollouts from './pages/rollouts.js';
import * as packages from './pages/packages.js';
import * as certificates from './pages/certificates.js';

const routes = [
  { pattern: /^\/$/, section: 'overview', page: overview },
  { pattern: /^\/agents\/?$/, section: 'agents', page: agents },
  { pattern: /^\/agents\/([^/]+)\/config\/?$/, section: 'agents', page: editor },
  { pattern: /^\/agents\/([^/]+)\/?$/, section: 'agents', page: agent },
  { pattern: /^\/(?:rollouts|profiles)\/?$/, section: 'rollouts', page: { render: rollouts.renderList } },
  { pattern: /^\/(?:rollouts|profiles)\/([^/]+)\/?$/, section: 'rollouts', page: { render: rollouts.renderProfile } },
  { pattern: /^\/packages\/?$/, section: 'packages', page: packages },
  { pattern: /^\/certificates\/?$/, section: 'certificates', page: certificates },
];

const main = document.getElementById('main');
let current = null;
// Pages draw only what the role may do, so each render waits for the identity (signing in when the
// API asks). A link followed meanwhile is the render that wins: the first one must not undo it.
const identityKnown = loadIdentity();

function announce(message) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A fresh text node after a tick makes screen readers announce repeated messages too.
  setTimeout(() => { region.textContent = message; }, 50);
}

function setTitle(title) {
  document.title = title ? `${title} · Fleet` : 'Fleet';
}

export function navigate(url, { replace = false } = {}) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render({ focus: true });
}

async function render({ focus }) {
  current?.controller.abort();
  for (const dispose of current?.disposers ?? []) dispose();
  const controller = new AbortController();
  const state = { controller, disposers: [] };
  current = state;
  await identityKnown;
  if (current !== state) return;

  const path = location.pathname;
  const route = routes.find((r) => r.pattern.test(path));
  for (const link of document.querySelectorAll('.mainnav a')) {
    if (route && link.dataset.section === route.section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  clear(main);
  main.setAttribute('aria-busy', 'true');
  const ctx = {
    main,
    params: route ? path.match(route.pattern).slice(1).map(decodeURIComponent) : [],
    query: new URLSearchParams(location.search),
    signal: controller.signal,
    live,
    navigate,
    announce,
    setTitle,
    onDispose: (fn) => state.disposers.push(fn),
  };
  try {
    if (!route) {
      setTitle('Not found');
      main.append(h('h1', { tabindex: '-1' }, 'Page not found'),
        h('p', null, 'No console page lives at ', h('code', null, path), '. ', h('a', { href: '/' }, 'Go to the overview'), '.'));
    } else {
      await route.page.render(ctx);
    }
  } catch (error) {
    if (error.name === 'AbortError') return;
    console.error(error);
    clear(main);
    main.append(h('h1', { tabindex: '-1' }, 'Something went wrong'),
      h('div', { class: 'notice error', role: 'alert' }, h('p', null, error.message)));
  } finally {
    if (current === state) main.removeAttribute('aria-busy');
  }
  if (focus && current === state) {
    const heading = main.querySelector('h1');
    (heading ?? main).focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
}

// Same-origin links to console pages navigate without reloading; everything else (the API, new tabs) behaves as usual.
document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest('a[href]');
  if (!link || link.target || link.hasAttribute('download')) return;
  const url = new URL(link.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/health/')) return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  event.preventDefault();
  navigate(url.pathname + url.search);
});

window.addEventListener('popstate', () => render({ focus: true }));

document.getElementById('live-toggle').addEventListener('click', () => {
  live.setPaused(!live.paused);
  announce(live.paused ? 'Live updates paused' : 'Live updates resumed');
});

render({ focus: false });
await identityKnown;
live.start();
