// Config profiles and their rollouts: profiles list and creation; per profile, its versions (each
// diffed against the one before), publishing a new version, and the rollout's batches live, with
// pause, resume and roll back; deleting a profile.
import { h, append, clear, uniqueId, badge, formatDate, formatNumber, timeAgo, refreshTimes, throttle } from '../dom.js';
import { api } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { filesEditor } from '../files-editor.js';
import { diffView } from '../diff.js';
import { can } from '../session.js';

const STATES = {
  running: ['Rolling out', 'info'],
  paused: ['Paused', 'warn'],
  completed: ['Completed', 'ok'],
  rolledBack: ['Rolled back', 'off'],
};

export function stateBadge(rollout) {
  if (!rollout) return badge('No rollout yet', 'off');
  const [text, tone] = STATES[rollout.state] ?? [rollout.state, 'off'];
  return badge(text, tone, { dataset: { state: rollout.state } });
}

const deletingBadge = () => badge('Being deleted', 'warn', { dataset: { state: 'deleting' } });

export const profileHref = (name) => `/rollouts/${encodeURIComponent(name)}`;

function notAvailable(ctx, error) {
  append(ctx.main, [
    h('h1', { tabindex: '-1' }, 'Config rollouts'),
    error.notAvailable
      ? h('div', { class: 'notice info', dataset: { placeholder: 'coming' } }, h('p', null, h('strong', null, 'Coming soon.'), ' This server does not provide ', h('code', null, '/api/profiles'), ' yet.'))
      : h('div', { class: 'notice error', role: 'alert' }, h('p', null, `Could not load profiles: ${error.message}`))]);
}

// ---------- list ----------

export async function renderList(ctx) {
  ctx.setTitle('Config rollouts');
  let profiles;
  try {
    profiles = await api.profiles(ctx.signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    notAvailable(ctx, error);
    return;
  }
  const tableBox = h('div', { id: 'profiles' });
  // Arriving from a profile's page after deleting it (?deleted=name).
  const deleted = ctx.query.get('deleted');
  ctx.main.append(
    h('div', { class: 'page-head' }, h('div', { class: 'titles' },
      h('h1', { tabindex: '-1' }, 'Config profiles and rollouts'),
      h('p', { class: 'subtitle' }, 'A profile gives the agents its selector matches a versioned config. Each new version rolls out in growing batches and pauses itself when too many agents fail.'))),
    ...(deleted ? [h('div', { class: 'notice ok', role: 'status', id: 'deleted-notice' })] : []),
    tableBox,
    ...(can('operator') ? [createForm(ctx)] : []));

  const draw = (list) => {
    clear(tableBox);
    if (list.length === 0) {
      tableBox.append(h('p', { class: 'empty panel' }, can('operator') ? 'No profiles yet. Create one below.' : 'No profiles yet.'));
      return;
    }
    tableBox.append(h('div', { class: 'table-scroll' }, h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Config profiles'),
      h('thead', null, h('tr', null, ['Profile', 'Selector', 'Priority', 'Versions', 'Stable', 'Rollout', 'Progress'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, list.sort((a, b) => a.name.localeCompare(b.name)).map((p) => h('tr', { dataset: { profile: p.name } },
        h('th', { scope: 'row' }, h('a', { href: profileHref(p.name) }, p.name)),
        h('td', { class: 'mono' }, p.definition.selector || h('span', { class: 'muted' }, 'every agent')),
        h('td', { class: 'num' }, String(p.definition.priority)),
        h('td', { class: 'num' }, String(p.versions.length)),
        h('td', null, p.stableVersion ? `v${p.stableVersion}` : '—'),
        h('td', null, p.deletingSince ? deletingBadge() : p.rollout ? [stateBadge(p.rollout), ` v${p.rollout.version}`] : stateBadge(null)),
        h('td', null, p.rollout ? `${formatNumber(p.rollout.applied)} of ${formatNumber(p.rollout.targets)} applied` : '—')))))));
  };
  // The notice follows a deletion that goes on after the answer (202) until the profile is gone.
  const notice = (list) => {
    const box = ctx.main.querySelector('#deleted-notice');
    if (!box) return;
    const going = list.some((p) => p.name === deleted && p.deletingSince);
    clear(box).append(h('p', null, going
      ? `Profile ${deleted} is being deleted: its agents fall back to their own config or their next profile as it is withdrawn from them.`
      : `Profile ${deleted} deleted: its agents fall back to their own config or their next profile.`));
  };
  let shown = profiles;
  const show = (list) => { shown = list; draw(list); notice(list); };
  show(profiles);
  const reload = throttle(async () => {
    try { show(await api.profiles(ctx.signal)); } catch { /* keep what is shown */ }
  }, 2000);
  ctx.onDispose(reload.cancel);
  ctx.onDispose(ctx.live.subscribe(() => reload()));
  // A deletion sends no agent event of its own: look again while one is under way.
  const poll = setInterval(() => { if (shown.some((p) => p.deletingSince)) reload(); }, 2000);
  ctx.onDispose(() => clearInterval(poll));
}

function numberField(label, name, value, { min = 1, step = 1, hint } = {}) {
  const id = uniqueId(name);
  const hintId = hint ? uniqueId(`${name}-hint`) : null;
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { type: 'number', id, name, value: String(value), min: String(min), step: String(step), 'aria-describedby': hintId, required: true }),
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null);
}

function textField(label, name, { value = '', hint, placeholder, required = false } = {}) {
  const id = uniqueId(name);
  const hintId = hint ? uniqueId(`${name}-hint`) : null;
  const errorId = uniqueId(`${name}-error`);
  return h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('input', { type: 'text', id, name, value, placeholder, spellcheck: 'false', autocomplete: 'off', required, 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') }),
    hint ? h('span', { class: 'hint', id: hintId }, hint) : null,
    h('span', { class: 'error-text', id: errorId, dataset: { errorFor: name } }));
}

/** Shows a validation problem next to its fields (name → messages), else as a general message. */
function showProblem(form, message, error) {
  for (const el of form.querySelectorAll('[data-error-for]')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  clear(message);
  message.className = 'notice';
  let focused = false;
  const general = [];
  for (const [field, texts] of Object.entries(error.errors ?? {})) {
    const key = field.split('.')[0];
    const input = form.querySelector(`[name="${key}"]`);
    const slot = form.querySelector(`[data-error-for="${key}"]`);
    if (input && slot) {
      input.setAttribute('aria-invalid', 'true');
      slot.textContent = texts.join(' ');
      if (!focused) { input.focus(); focused = true; }
    } else {
      general.push(...texts);
    }
  }
  if (!focused || general.length) {
    message.className = 'notice error';
    message.append(h('p', null, general.length ? general.join(' ') : error.message));
  }
}

function createForm(ctx) {
  const message = h('div', { class: 'notice', role: 'alert' });
  const form = h('form', { class: 'panel', id: 'new-profile', 'aria-labelledby': 'new-profile-heading', novalidate: true },
    h('h2', { id: 'new-profile-heading' }, 'New profile'),
    h('div', { class: 'form-grid' },
      textField('Name', 'name', { required: true, hint: 'Letters, digits, - _ .', placeholder: 'collectors-prod' }),
      textField('Selector', 'selector', { hint: 'Label selector over agent attributes; empty matches every agent.', placeholder: 'service.name=checkout,deployment.environment=production' }),
      numberField('Priority', 'priority', 0, { min: -1000, hint: 'Higher wins when several profiles match.' })),
    h('fieldset', { class: 'plain' },
      h('legend', null, 'Rollout policy'),
      h('div', { class: 'form-grid' },
        numberField('First batch', 'initialBatch', 3, { hint: 'Agents in the first batch.' }),
        numberField('Growth factor', 'growthFactor', 5, { hint: 'Each batch is this many times the last.' }),
        numberField('Largest batch', 'maxBatch', 1000),
        numberField('Failure threshold (%)', 'failureThreshold', 10, { min: 0, hint: 'Pause when more answers than this fail.' }))),
    message,
    h('p', null, h('button', { type: 'submit', class: 'button primary' }, 'Create profile')));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const name = String(data.get('name')).trim();
    if (!name) {
      showProblem(form, message, { errors: { name: ['A profile needs a name.'] } });
      return;
    }
    try {
      await api.defineProfile(name, {
        selector: String(data.get('selector')).trim(),
        priority: Number(data.get('priority')),
        rollout: {
          initialBatch: Number(data.get('initialBatch')),
          growthFactor: Number(data.get('growthFactor')),
          maxBatch: Number(data.get('maxBatch')),
          failureThreshold: Number(data.get('failureThreshold')) / 100,
        },
      }, ctx.signal);
      ctx.navigate(profileHref(name));
    } catch (error) {
      if (error.name !== 'AbortError') showProblem(form, message, error.status === 400 && error.problem?.title === 'Invalid profile name' ? { errors: { name: [error.problem.detail] } } : error);
    }
  });
  return form;
}

// ---------- one profile ----------

export async function renderProfile(ctx) {
  const [name] = ctx.params;
  ctx.setTitle(name);
  let profile;
  try {
    profile = await api.profile(name, ctx.signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    if (error.status === 404 && error.problem) {
      append(ctx.main, [h('h1', { tabindex: '-1' }, 'Unknown profile'),
        h('div', { class: 'notice error', role: 'alert' }, h('p', null, error.message)),
        h('p', null, h('a', { href: '/rollouts' }, 'All profiles'))]);
      return;
    }
    notAvailable(ctx, error);
    return;
  }

  const head = h('div', { class: 'page-head' });
  const rolloutBox = h('section', { class: 'panel', id: 'rollout', 'aria-labelledby': 'rollout-heading' });
  const versionsBox = h('section', { class: 'panel', id: 'versions', 'aria-labelledby': 'versions-heading' });
  const publishBox = h('section', { class: 'panel', id: 'publish', 'aria-labelledby': 'publish-heading' });
  ctx.main.append(head, rolloutBox, versionsBox, ...(can('operator') ? [publishBox] : []));
  const controlMessage = h('div', { class: 'notice', role: 'status', id: 'rollout-message' });
  // Outlives the publish form, which is redrawn from the new latest version after each publish.
  const publishStatus = h('div', { class: 'notice', role: 'status', id: 'publish-status' });
  let shownVersions = -1;
  let shownVersionsKey = '';
  // Built once: the titles redraw every second during a rollout, and a button redrawn under the pointer
  // or the keyboard loses the click, the focus and its disabled state.
  const titles = h('div', { class: 'titles' });
  const remove = can('operator') ? deleteButton(ctx, name, controlMessage) : null;
  head.append(titles, ...(remove ? [h('div', { class: 'actions' }, remove)] : []));

  const draw = (p) => {
    clear(titles).append(
      h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('ol', null,
        h('li', null, h('a', { href: '/rollouts' }, 'Config rollouts')),
        h('li', null, h('span', { 'aria-current': 'page' }, p.name)))),
      h('h1', { tabindex: '-1' }, `Profile ${p.name}`),
      ...(p.deletingSince ? [h('div', { class: 'notice warn', id: 'deleting-notice' },
        h('p', null, deletingBadge(), ' since ', timeAgo(p.deletingSince), ': it is being withdrawn from its agents, then it is gone.'))] : []),
      h('p', { class: 'subtitle' },
        'Agents matching ', h('code', null, p.definition.selector || '(every agent)'),
        ` · priority ${p.definition.priority} · batches of ${p.definition.policy.initialBatch}, ×${p.definition.policy.growthFactor}, at most ${p.definition.policy.maxBatch}`,
        ` · pauses above ${Math.round(p.definition.policy.failureThreshold * 100)}% failed`,
        ' · ', h('a', { href: `/agents?selector=${encodeURIComponent(p.definition.selector)}` }, 'matching agents')));
    drawRollout(p);
    const versionsKey = `${p.versions.length}:${p.stableVersion}`;
    if (versionsKey !== shownVersionsKey) {
      shownVersionsKey = versionsKey;
      drawVersions(p);
    }
    // The publish form starts from the latest version: redraw it only when there is a new one, not to lose edits.
    // Being deleted: nothing more can change it (the server answers 409).
    if (remove && p.deletingSince) remove.disabled = true;
    publishBox.hidden = Boolean(p.deletingSince);
    if (p.versions.length !== shownVersions && can('operator')) {
      shownVersions = p.versions.length;
      drawPublish(p);
    }
  };

  // A live redraw between a button's press and its release would swallow the click (the pressed button
  // is gone by the release): while a pointer is down in the box, the latest data waits until the click
  // has been dispatched.
  let pressed = false;
  let deferred = null;
  rolloutBox.addEventListener('pointerdown', () => { pressed = true; }, { signal: ctx.signal });
  const released = () => {
    if (!pressed) return;
    setTimeout(() => {
      pressed = false;
      if (deferred) {
        const latest = deferred;
        deferred = null;
        drawRollout(latest);
      }
    }, 0);
  };
  window.addEventListener('pointerup', released, { signal: ctx.signal });
  window.addEventListener('pointercancel', released, { signal: ctx.signal });

  const drawRollout = (p) => {
    if (pressed) {
      deferred = p;
      return;
    }
    const r = p.rollout;
    const focused = rolloutBox.contains(document.activeElement) ? document.activeElement.dataset.action : null;
    clear(rolloutBox).append(h('h2', { id: 'rollout-heading' }, 'Rollout'));
    if (!r) {
      rolloutBox.append(h('p', { class: 'empty' }, 'Publish a version to start rolling it out.'), controlMessage);
      return;
    }
    const done = r.applied + r.failed;
    const segments = [['applied', r.applied, 'Applied'], ['failed', r.failed, 'Failed'], ['applying', r.applying, 'Applying'], ['pending', r.pending, 'Waiting']];
    const bar = h('div', { class: 'progress', role: 'img', 'aria-label': `${r.applied} of ${r.targets} agents applied, ${r.failed} failed` },
      segments.map(([cls, count]) => {
        const span = h('span', { class: cls });
        span.style.width = r.targets ? `${(count / r.targets) * 100}%` : '0';
        return span;
      }));
    const controls = !can('operator') || p.deletingSince ? null : h('div', { class: 'actions' },
      r.state === 'running' ? h('button', { type: 'button', class: 'button', dataset: { action: 'pause' }, onclick: () => control('pause') }, 'Pause') : null,
      r.state === 'paused' ? h('button', { type: 'button', class: 'button primary', dataset: { action: 'resume' }, onclick: () => control('resume') }, 'Resume') : null,
      r.state === 'running' || r.state === 'paused'
        ? h('button', { type: 'button', class: 'button danger', dataset: { action: 'rollback' }, onclick: () => control('rollback') },
          r.previousVersion ? `Roll back to v${r.previousVersion}` : 'Roll back') : null);
    append(rolloutBox, [
      h('div', { class: 'rollout-head' },
        h('p', { class: 'rollout-title' }, h('strong', null, `Version ${r.version}`), r.previousVersion ? ` replacing v${r.previousVersion}` : ' (first version)', ' · ', stateBadge(r),
          ' · started ', timeAgo(r.startedAt)),
        controls),
      r.pausedReason ? h('div', { class: 'notice warn', id: 'paused-reason' }, h('p', null, h('strong', null, 'Paused: '), r.pausedReason)) : null,
      controlMessage,
      bar,
      h('dl', { class: 'facts counts', id: 'rollout-counts' },
        [['Agents targeted', r.targets, 'targets'], ['Applied', r.applied, 'applied'], ['Failed', r.failed, 'failed'], ['Applying', r.applying, 'applying'],
          ['Waiting', r.pending, 'pending'], ['Offline', r.offline, 'offline'], ['Own config (skipped)', r.overridden, 'overridden']]
          .flatMap(([term, value, key]) => [h('dt', null, term), h('dd', { dataset: { count: key } }, formatNumber(value))])),
      h('h3', null, 'Batches'),
      h('ol', { class: 'batches', id: 'batches' }, r.batchSizes.map((size, index) => {
        const state = index < r.currentBatch || (index === r.currentBatch && (r.state === 'completed')) ? 'done'
          : index === r.currentBatch ? (r.state === 'rolledBack' ? 'stopped' : 'current') : 'waiting';
        const word = { done: 'done', current: r.state === 'paused' ? 'paused' : 'in progress', waiting: 'waiting', stopped: 'rolled back' }[state];
        return h('li', { class: state, dataset: { batch: String(index + 1) } }, `Batch ${index + 1}: ${formatNumber(size)} agent${size === 1 ? '' : 's'} — ${word}`);
      })),
      h('p', { class: 'muted' }, `${formatNumber(done)} of ${formatNumber(r.targets)} agents answered.`)]);
    if (focused) rolloutBox.querySelector(`[data-action="${focused}"]`)?.focus();
  };

  async function control(action) {
    clear(controlMessage);
    controlMessage.className = 'notice info';
    controlMessage.append(h('p', null, { pause: 'Pausing…', resume: 'Resuming…', rollback: 'Rolling back…' }[action]));
    try {
      const { data } = await api.controlRollout(name, action, ctx.signal);
      clear(controlMessage);
      controlMessage.className = 'notice ok';
      controlMessage.append(h('p', null, { pause: 'Rollout paused.', resume: 'Rollout resumed.', rollback: 'Rolled back: the agents it reached go back to the previous version.' }[action]));
      if (data) draw(data);
      rolloutBox.querySelector(`[data-action="${action === 'pause' ? 'resume' : 'pause'}"]`)?.focus();
    } catch (error) {
      if (error.name === 'AbortError') return;
      clear(controlMessage);
      controlMessage.className = 'notice error';
      controlMessage.append(h('p', null, error.message));
    }
  }

  const drawVersions = (p) => {
    clear(versionsBox).append(h('h2', { id: 'versions-heading' }, 'Versions'));
    if (p.versions.length === 0) {
      versionsBox.append(h('p', { class: 'empty' }, 'No versions yet.'));
      return;
    }
    const list = h('ol', { class: 'versions', reversed: true });
    for (const v of [...p.versions].sort((a, b) => b.version - a.version)) {
      const body = h('div', { class: 'version-diff' });
      const details = h('details', { dataset: { version: String(v.version) } },
        h('summary', null, h('strong', null, `v${v.version}`), ' ',
          v.version === p.stableVersion ? badge('Stable', 'ok') : null, ' ',
          h('span', { class: 'mono muted', title: v.configHash }, v.configHash.slice(0, 12)), ' · ',
          h('span', { class: 'muted' }, formatDate(v.createdAt)), ' — ',
          v.version > 1 ? `changes from v${v.version - 1}` : 'contents'),
        body);
      details.addEventListener('toggle', async () => {
        if (!details.open || body.dataset.loaded) return;
        body.dataset.loaded = 'true';
        body.append(h('p', { class: 'loading' }, 'Loading…'));
        try {
          const [current, previous] = await Promise.all([
            api.profileVersion(name, v.version, ctx.signal),
            v.version > 1 ? api.profileVersion(name, v.version - 1, ctx.signal) : Promise.resolve({ files: {} }),
          ]);
          const names = [...new Set([...Object.keys(previous.files), ...Object.keys(current.files)])].sort();
          append(clear(body), names.map((file) => h('div', null,
            h('h3', { class: 'mono' }, file),
            diffView(previous.files[file]?.body ?? '', current.files[file]?.body ?? '', `Changes in ${file} from v${v.version - 1} to v${v.version}`))));
        } catch (error) {
          if (error.name !== 'AbortError') clear(body).append(h('p', { class: 'notice error' }, error.message));
        }
      });
      list.append(h('li', null, details));
    }
    versionsBox.append(list);
  };

  const drawPublish = async (p) => {
    const latest = p.versions.length ? Math.max(...p.versions.map((v) => v.version)) : null;
    let baseline = {};
    if (latest) {
      try { baseline = (await api.profileVersion(name, latest, ctx.signal)).files; } catch { baseline = {}; }
    }
    const initial = Object.keys(baseline).length
      ? Object.entries(baseline).sort(([a], [b]) => a.localeCompare(b)).map(([file, f]) => ({ name: file, contentType: f.contentType || 'text/yaml', body: f.body }))
      : [{ name: 'collector.yaml', contentType: 'text/yaml', body: '' }];
    const keysHint = uniqueId('keys-hint');
    const publish = () => submit();
    const editor = filesEditor({
      initial, baseline, keysHint, onSave: publish, announce: ctx.announce,
      reviewLabel: latest ? `Review changes against v${latest}` : 'Review the first version',
    });
    const button = h('button', { type: 'submit', class: 'button primary', dataset: { action: 'publish' } }, `Publish v${(latest ?? 0) + 1} and roll it out`);
    const status = publishStatus;
    const form = h('form', { novalidate: true, onsubmit: (event) => { event.preventDefault(); publish(); } },
      editor.root, editor.review, editor.error,
      h('div', { class: 'editor-actions' }, button,
        h('span', { class: 'hint', id: keysHint }, 'Ctrl+S publishes. In the editor Tab indents; press Esc, then Tab, to move on.')));
    async function submit() {
      const files = editor.validate();
      if (!files) return;
      button.disabled = true;
      try {
        const { data } = await api.publishVersion(name, files, ctx.signal);
        status.className = 'notice ok';
        clear(status).append(h('p', null, `Published v${data.version}; its rollout has started.`));
        controlMessage.className = 'notice';
        clear(controlMessage);
        await refresh();
        rolloutBox.querySelector('h2')?.scrollIntoView({ block: 'start' });
      } catch (error) {
        if (error.name === 'AbortError') return;
        status.className = 'notice error';
        clear(status).append(h('p', null, `Not published: ${error.message}`));
      } finally {
        button.disabled = false;
      }
    }
    clear(publishBox).append(
      h('h2', { id: 'publish-heading' }, latest ? `New version (after v${latest})` : 'First version'),
      h('p', { class: 'muted' }, latest ? `Starts from v${latest}. Publishing rolls the new version out batch by batch.` : 'Write the config the matching agents should run.'),
      publishStatus,
      form);
  };

  async function refresh() {
    try {
      profile = await api.profile(name, ctx.signal);
      draw(profile);
    } catch (error) {
      // Gone while its deletion was shown: say so on the list. Otherwise keep what is shown.
      if (error.status === 404 && profile.deletingSince) ctx.navigate(`/rollouts?deleted=${encodeURIComponent(name)}`);
    }
  }

  draw(profile);
  // Rollouts move without agent events (the profile decides): poll while one is active, faster than the general tick.
  const poll = setInterval(() => {
    if (profile.deletingSince || (profile.rollout && (profile.rollout.state === 'running' || profile.rollout.state === 'paused'))) refresh();
  }, 1000);
  ctx.onDispose(() => clearInterval(poll));
  const reload = throttle(refresh, 1000);
  ctx.onDispose(reload.cancel);
  ctx.onDispose(ctx.live.subscribe(() => reload()));
  const clock = setInterval(() => refreshTimes(rolloutBox), 5000);
  ctx.onDispose(() => clearInterval(clock));
}

function deleteButton(ctx, name, message) {
  const button = h('button', { type: 'button', class: 'button danger', dataset: { action: 'delete-profile' } }, 'Delete profile');
  button.addEventListener('click', async () => {
    if (!await confirmDialog({
      title: `Delete profile ${name}?`,
      text: 'Its rollout stops and every agent it reached falls back to its own config or its next profile. '
        + 'The profile and all its versions are deleted.',
      confirmLabel: 'Delete profile',
      action: 'confirm-delete-profile',
    })) return;
    button.disabled = true;
    try {
      const answer = await api.deleteProfile(name);
      if (answer.status === 202) {
        // Accepted (202): the withdrawals go on; the list shows it as being deleted until it is gone.
        ctx.announce(`Profile ${name} is being deleted`);
        ctx.navigate(`/rollouts?deleted=${encodeURIComponent(name)}`);
        return;
      }
    } catch (error) {
      if (error.status !== 404) {
        button.disabled = false;
        clear(message);
        message.className = 'notice error';
        message.append(h('p', null, `Delete failed: ${error.message}`));
        return;
      }
      // 404: deleted already (another operator).
    }
    ctx.announce(`Profile ${name} deleted`);
    ctx.navigate(`/rollouts?deleted=${encodeURIComponent(name)}`);
  });
  return button;
}
