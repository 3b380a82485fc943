// Per-agent config editor: edit the files, review the diff, "Save and send" (PUT config), then follow
// the agent's answer (APPLIED or FAILED for that config hash) through live events, polling as a backstop.
import { h, append, clear, uniqueId, displayName, hasCapability, configBadge, driftBadge } from '../dom.js';
import { api } from '../api.js';
import { filesEditor } from '../files-editor.js';
import { can, currentIdentity } from '../session.js';

const ANSWER_TIMEOUT_MS = 120_000;
const POLL_MS = 1000;

export async function render(ctx) {
  const [uid] = ctx.params;
  ctx.setTitle('Edit config');
  let agent;
  try {
    agent = await api.agent(uid, ctx.signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    ctx.main.append(h('h1', { tabindex: '-1' }, error.status === 404 ? 'Unknown agent' : 'Agent not available'),
      h('div', { class: 'notice error', role: 'alert' }, h('p', null, error.message)),
      h('p', null, h('a', { href: '/agents' }, 'Back to the agent list')));
    return;
  }
  const name = displayName(agent);
  ctx.setTitle(`Edit config · ${name}`);
  const detailHref = `/agents/${encodeURIComponent(agent.instanceUid)}`;
  if (!can('operator')) {
    // A viewer's copy has its secrets redacted anyway: saving it would send "<redacted>" to the agent.
    ctx.main.append(h('h1', { tabindex: '-1' }, `Config of ${name}`),
      h('div', { class: 'notice warn', id: 'read-only' }, h('p', null, `Your role (${currentIdentity().role}) may read this agent's config but not change it.`)),
      h('p', null, h('a', { href: detailHref }, 'Back to the agent')));
    return;
  }

  const source = agent.desiredConfig ? 'desired' : agent.effectiveConfig ? 'effective' : 'empty';
  const baseline = agent.desiredConfig ?? agent.effectiveConfig ?? {};
  const initial = Object.keys(baseline).length
    ? Object.entries(baseline).sort(([a], [b]) => a.localeCompare(b)).map(([fileName, f]) => ({ name: fileName, contentType: f.contentType || 'text/yaml', body: f.body ?? '' }))
    : [{ name: 'config.yaml', contentType: 'text/yaml', body: '' }];
  const initialText = JSON.stringify(initial);

  const statusBadges = h('span', { class: 'badges', id: 'editor-agent-status' }, configBadge(agent), driftBadge(agent));
  const keysHint = uniqueId('keys-hint');
  const result = h('section', { class: 'panel', id: 'send-result', 'aria-labelledby': 'send-result-heading', hidden: true },
    h('h2', { id: 'send-result-heading' }, 'Delivery'));
  const resultLive = h('div', { role: 'status', 'aria-live': 'polite', id: 'send-status' });
  result.append(resultLive);
  const editor = filesEditor({
    initial,
    baseline,
    reviewLabel: source === 'desired' ? 'Review changes against the current desired config'
      : source === 'effective' ? "Review changes against the agent's effective config" : 'Review the new config',
    keysHint,
    onSave: () => save(),
    announce: ctx.announce,
  });
  editor.review.id = 'review';
  editor.review.querySelector('.review-diff').id = 'review-diff';
  editor.error.id = 'editor-error';
  const saveButton = h('button', { type: 'submit', class: 'button primary', dataset: { action: 'save' } }, 'Save and send');
  const revertButton = h('button', { type: 'button', class: 'button', onclick: () => {
    editor.reset();
    ctx.announce('Edits reverted');
  } }, 'Revert edits');

  const form = h('form', { id: 'config-form', 'aria-label': `Config of ${name}`, novalidate: true, onsubmit: (event) => { event.preventDefault(); save(); } },
    editor.root,
    editor.review,
    editor.error,
    h('div', { class: 'editor-actions' }, saveButton, revertButton,
      h('span', { class: 'hint', id: keysHint }, 'Ctrl+S saves. In the editor Tab indents; press Esc, then Tab, to move on.')));

  append(ctx.main, [
    h('div', { class: 'page-head' },
      h('div', { class: 'titles' },
        h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('ol', null,
          h('li', null, h('a', { href: '/agents' }, 'Agents')),
          h('li', null, h('a', { href: detailHref }, name)),
          h('li', null, h('span', { 'aria-current': 'page' }, 'Config')))),
        h('h1', { tabindex: '-1' }, `Edit config: ${name}`),
        h('p', { class: 'subtitle' }, h('span', { class: 'mono' }, agent.instanceUid), ' · ',
          source === 'desired' ? 'starting from the desired config' : source === 'effective' ? "starting from the agent's effective config" : 'no config yet'),
        statusBadges),
      h('div', { class: 'actions' }, h('a', { class: 'button', href: detailHref }, 'Back to agent'))),
    hasCapability(agent, 'AcceptsRemoteConfig') ? null : h('div', { class: 'notice warn' },
      h('p', null, 'This agent does not declare the AcceptsRemoteConfig capability: the server will refuse the config.')),
    agent.configSource && agent.configSource !== 'agent' && agent.desiredConfig ? h('div', { class: 'notice info' },
      h('p', null, `Its config comes from ${agent.configSource} now; saving here gives this agent its own config, which takes precedence.`)) : null,
    result,
    form]);

  const sentText = new Set();
  const dirty = () => JSON.stringify(editor.files) !== initialText && !sentText.has(JSON.stringify(editor.files));
  const beforeUnload = (event) => { if (dirty()) { event.preventDefault(); event.returnValue = ''; } };
  window.addEventListener('beforeunload', beforeUnload);
  ctx.onDispose(() => window.removeEventListener('beforeunload', beforeUnload));

  // ---------- save and follow the answer ----------
  let attempt = 0;
  let wake = null;
  ctx.onDispose(ctx.live.subscribe((event) => {
    if (!event.agent || event.agent.instanceUid?.toLowerCase() === agent.instanceUid.toLowerCase()) {
      if (event.agent) append(clear(statusBadges), [configBadge(event.agent), driftBadge(event.agent)]);
      wake?.();
    }
  }));

  function steps(items) {
    return h('ol', { class: 'steps' }, items.map(([state, text, key]) => h('li', { class: state, dataset: { step: key } }, text)));
  }

  async function save() {
    const payload = editor.validate();
    if (!payload) return;
    const mine = ++attempt;
    saveButton.disabled = true;
    result.hidden = false;
    result.dataset.state = 'sending';
    clear(resultLive).append(steps([['current', 'Saving the config on the server…', 'save']]));

    let response;
    try {
      response = await api.setConfig(agent.instanceUid, payload, ctx.signal);
    } catch (error) {
      if (error.name === 'AbortError') return;
      result.dataset.state = 'error';
      clear(resultLive).append(h('div', { class: 'notice error' }, h('p', null, `Not sent: ${error.message}`)));
      saveButton.disabled = false;
      return;
    }
    saveButton.disabled = false;
    sentText.add(JSON.stringify(editor.files));
    const { configHash, delivery } = response.data;
    const short = configHash.slice(0, 12);
    const delivered = {
      pushed: 'Sent to the agent over its WebSocket.',
      pending: 'Queued: the agent receives it on its next poll.',
      unchanged: 'Unchanged: the agent already has this config.',
    }[delivery] ?? `Delivery: ${delivery}.`;
    const saved = `Saved as config ${short}.`;
    result.dataset.state = 'waiting';
    result.dataset.hash = configHash;
    clear(resultLive).append(steps([['done', saved, 'save'], ['done', delivered, 'delivery'], ['current', 'Waiting for the agent to apply it…', 'answer']]));

    const answer = await waitForAnswer(configHash, mine);
    if (mine !== attempt || ctx.signal.aborted) return;
    if (!answer) {
      result.dataset.state = 'timeout';
      clear(resultLive).append(steps([['done', saved, 'save'], ['done', delivered, 'delivery'],
        ['current', 'No answer from the agent yet. It gets the config when it connects; its status shows on the agent page.', 'answer']]));
      return;
    }
    result.dataset.state = answer.status === 'APPLIED' ? 'applied' : 'failed';
    clear(resultLive).append(
      steps([['done', saved, 'save'], ['done', delivered, 'delivery'],
        answer.status === 'APPLIED' ? ['done', 'The agent applied it.', 'answer'] : ['failed', 'The agent could not apply it.', 'answer']]),
      answer.status === 'APPLIED'
        ? h('div', { class: 'notice ok', id: 'apply-outcome' }, h('p', null, h('strong', null, 'APPLIED'), ` — ${name} runs config ${short}. `, h('a', { href: detailHref }, 'See the agent')))
        : h('div', { class: 'notice error', id: 'apply-outcome' }, h('p', null, h('strong', null, 'FAILED'), ` — ${answer.errorMessage ?? 'the agent gave no error message'}`)));
  }

  async function waitForAnswer(hash, mine) {
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    while (mine === attempt && !ctx.signal.aborted && Date.now() < deadline) {
      try {
        const current = await api.agent(agent.instanceUid, ctx.signal);
        append(clear(statusBadges), [configBadge(current), driftBadge(current)]);
        const reported = current.remoteConfigStatus;
        if (reported?.hash?.toLowerCase() === hash.toLowerCase() && (reported.status === 'APPLIED' || reported.status === 'FAILED')) {
          return reported;
        }
      } catch (error) {
        if (error.name === 'AbortError') return null;
      }
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => { clearTimeout(timer); wake = null; resolve(); };
      });
    }
    return null;
  }

}
