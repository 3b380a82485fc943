// Packages offered to agents: the catalog with where the agents stand (counts by reported status),
// registering a package (uploaded file or download URL + SHA-256) and removing one.
import { h, append, clear, uniqueId, badge, formatDate, formatNumber, throttle } from '../dom.js';
import { api } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { can } from '../session.js';

const statusTone = (status) => (/fail/i.test(status) ? 'bad' : /^installed$/i.test(status) ? 'ok' : 'info');

export async function render(ctx) {
  ctx.setTitle('Packages');
  let packages;
  try {
    packages = await api.packages(ctx.signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    append(ctx.main, [h('h1', { tabindex: '-1' }, 'Packages'), error.notAvailable
      ? h('div', { class: 'notice info', dataset: { placeholder: 'coming' } }, h('p', null, h('strong', null, 'Coming soon.'), ' This server does not provide ', h('code', null, '/api/packages'), ' yet.'))
      : h('div', { class: 'notice error', role: 'alert' }, h('p', null, `Could not load packages: ${error.message}`))]);
    return;
  }
  const tableBox = h('div', { id: 'packages-table' });
  const message = h('div', { class: 'notice', role: 'status', id: 'packages-message' });
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', { class: 'titles' },
      h('h1', { tabindex: '-1' }, 'Packages'),
      h('p', { class: 'subtitle' }, 'Packages the server offers to the agents each selector matches, and what those agents report installing.'))),
    message,
    tableBox,
    // What agents download and run is an admin's decision.
    ...(can('admin') ? [registerForm(ctx, () => reload())] : []));

  const draw = (list) => {
    clear(tableBox);
    if (list.length === 0) {
      tableBox.append(h('p', { class: 'empty panel' }, can('admin') ? 'No packages registered. Register one below.' : 'No packages registered.'));
      return;
    }
    tableBox.append(h('div', { class: 'table-scroll' }, h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Registered packages'),
      h('thead', null, h('tr', null, ['Package', 'Version', 'Type', 'Offered to', 'SHA-256', 'Registered', 'Agents', ''].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, [...list].sort((a, b) => a.name.localeCompare(b.name)).map((p) => h('tr', { dataset: { package: p.name } },
        h('th', { scope: 'row', class: 'mono' }, h('a', { href: p.downloadUrl, title: p.downloadUrl }, p.name)),
        h('td', null, p.version),
        h('td', null, p.type === 'topLevel' ? 'top level' : 'add-on'),
        h('td', { class: 'mono' }, p.selector || h('span', { class: 'muted' }, 'every agent')),
        h('td', { class: 'mono', title: p.sha256 }, p.sha256.slice(0, 12)),
        h('td', null, formatDate(p.registeredAt)),
        h('td', null, Object.keys(p.agents ?? {}).length === 0 ? h('span', { class: 'muted' }, 'none report it yet')
          : h('span', { class: 'badges' }, Object.entries(p.agents).sort().map(([status, count]) => badge(`${status}: ${formatNumber(count)}`, statusTone(status))))),
        h('td', null, can('admin') ? h('button', { type: 'button', class: 'button danger small', 'aria-label': `Remove ${p.name}`, onclick: () => remove(p.name) }, 'Remove') : null)))))));
  };

  async function remove(name) {
    if (!await confirmDialog({
      title: `Remove ${name}?`, text: 'The server stops offering it; agents keep what they installed.', confirmLabel: 'Remove package', action: 'confirm-remove',
    })) return;
    try {
      await api.removePackage(name, ctx.signal);
      message.className = 'notice ok';
      clear(message).append(h('p', null, `${name} removed.`));
      await reload();
    } catch (error) {
      message.className = 'notice error';
      clear(message).append(h('p', null, error.message));
    }
  }

  async function reload() {
    try { draw(await api.packages(ctx.signal)); } catch { /* keep what is shown */ }
  }

  draw(packages);
  const refresh = throttle(reload, 2000);
  ctx.onDispose(refresh.cancel);
  ctx.onDispose(ctx.live.subscribe(() => refresh()));
}

function field(label, input, hint) {
  const hintId = hint ? uniqueId('hint') : null;
  if (hintId) input.setAttribute('aria-describedby', [hintId, input.getAttribute('aria-describedby')].filter(Boolean).join(' '));
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input,
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null,
    h('span', { class: 'error-text', dataset: { errorFor: input.name } }));
}

function registerForm(ctx, onDone) {
  const input = (name, props = {}) => h('input', { type: 'text', id: uniqueId(name), name, spellcheck: 'false', autocomplete: 'off', ...props });
  const type = h('select', { id: uniqueId('type'), name: 'type' }, h('option', { value: 'addon' }, 'Add-on'), h('option', { value: 'topLevel' }, 'Top level'));
  const file = h('input', { type: 'file', id: uniqueId('file'), name: 'file' });
  const message = h('div', { class: 'notice', role: 'alert' });
  const form = h('form', { class: 'panel', id: 'register-package', 'aria-labelledby': 'register-heading', novalidate: true },
    h('h2', { id: 'register-heading' }, 'Register a package'),
    h('div', { class: 'form-grid' },
      field('Name', input('name', { required: true, placeholder: 'otelcol-contrib' })),
      field('Version', input('version', { required: true, placeholder: '0.116.0' })),
      field('Type', type),
      field('Offered to (selector)', input('selector', { placeholder: 'service.name=checkout' }), 'Empty offers it to every agent.')),
    h('fieldset', { class: 'plain' }, h('legend', null, 'Package file'),
      h('div', { class: 'form-grid' },
        field('Upload a file', file, 'The gateways serve it to the agents.'),
        field('…or its download URL', input('downloadUrl', { placeholder: 'https://downloads.example.com/otelcol.tar.gz' })),
        field('SHA-256 of that download', input('sha256', { placeholder: '64 hex digits' })))),
    message,
    h('p', null, h('button', { type: 'submit', class: 'button primary' }, 'Register package')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const el of form.querySelectorAll('[data-error-for]')) el.textContent = '';
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    message.className = 'notice';
    clear(message);
    const data = new FormData(form);
    const name = String(data.get('name')).trim();
    const version = String(data.get('version')).trim();
    const fail = (fieldName, text) => {
      const el = form.querySelector(`[name="${fieldName}"]`);
      const slot = form.querySelector(`[data-error-for="${fieldName}"]`);
      if (el && slot) {
        el.setAttribute('aria-invalid', 'true');
        slot.textContent = text;
        el.focus();
      } else {
        message.className = 'notice error';
        message.append(h('p', null, text));
      }
    };
    if (!name) return fail('name', 'A package needs a name.');
    if (!version) return fail('version', 'A package needs a version.');
    try {
      const upload = file.files?.[0];
      if (upload) {
        message.className = 'notice info';
        message.append(h('p', null, `Uploading ${upload.name} (${formatNumber(upload.size)} bytes)…`));
        await api.uploadPackageFile(name, version, upload, ctx.signal);
      }
      await api.registerPackage(name, {
        version,
        type: data.get('type'),
        selector: String(data.get('selector')).trim(),
        downloadUrl: upload ? null : String(data.get('downloadUrl')).trim() || null,
        sha256: upload ? null : String(data.get('sha256')).trim() || null,
      }, ctx.signal);
      form.reset();
      message.className = 'notice ok';
      clear(message).append(h('p', null, `${name} ${version} registered and offered to the matching agents.`));
      ctx.announce(`${name} ${version} registered`);
      onDone();
    } catch (error) {
      if (error.name === 'AbortError') return;
      clear(message);
      message.className = 'notice';
      const errors = Object.entries(error.errors ?? {});
      if (errors.length === 0) fail('', `Not registered: ${error.message}`);
      for (const [key, texts] of errors) fail(key, texts.join(' '));
    }
  });
  return form;
}
