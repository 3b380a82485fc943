// Agent detail: everything the agent reported and what the server wants from it, refreshed live; restart, forget.
import {
  h, clear, uniqueId, displayName, serviceVersion, hasCapability, formatDate, timeAgo, refreshTimes, throttle,
  badge, connectionBadge, healthBadge, configBadge, driftBadge, transportName,
} from '../dom.js';
import { api } from '../api.js';
import { codeBlock } from '../code.js';
import { diffView } from '../diff.js';
import { confirmDialog } from '../dialog.js';
import { can } from '../session.js';

export async function render(ctx) {
  const [uid] = ctx.params;
  ctx.setTitle('Agent');
  const content = h('div', { id: 'agent-detail' });
  ctx.main.append(content);

  let agent;
  try {
    agent = await api.agent(uid, ctx.signal);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    renderMissing(ctx, content, uid, error);
    return;
  }
  let shown = fingerprint(agent);
  // Action results (restart, certificate rotation) survive the live redraws of the page.
  const restartState = { message: null, rotate: null, reload: null };
  draw(ctx, content, agent, restartState);

  const reload = throttle(async () => {
    try {
      const next = await api.agent(uid, ctx.signal);
      agent = next;
      const print = fingerprint(next);
      if (print === shown) {
        updateTimes(content, next);
      } else {
        shown = print;
        preserving(content, () => draw(ctx, content, next, restartState));
      }
    } catch (error) {
      if (error.name !== 'AbortError' && error.status === 404) renderMissing(ctx, clear(content), uid, error);
    }
  }, 1000);
  restartState.reload = reload;
  ctx.onDispose(reload.cancel);
  ctx.onDispose(ctx.live.subscribe((event) => {
    if (!event.agent || event.agent.instanceUid?.toLowerCase() === agent.instanceUid.toLowerCase()) reload();
  }));
  const clock = setInterval(() => refreshTimes(content), 5000);
  ctx.onDispose(() => clearInterval(clock));
}

/** What matters for a redraw: everything except the heartbeat's last-seen time and sequence number. */
const fingerprint = (agent) => JSON.stringify({ ...agent, lastSeen: null, lastSequenceNum: null });

function updateTimes(content, agent) {
  const lastSeen = content.querySelector('[data-fact="lastSeen"]');
  if (lastSeen) clear(lastSeen).append(timeAgo(agent.lastSeen), ' ', h('span', { class: 'muted' }, `(${formatDate(agent.lastSeen)})`));
  const sequence = content.querySelector('[data-fact="lastSequenceNum"]');
  if (sequence) sequence.textContent = agent.lastSequenceNum ?? '—';
}

/** Redraws without losing which disclosures are open, where focus was, or the scroll position. */
function preserving(content, redraw) {
  const open = new Set([...content.querySelectorAll('details[data-key]')].filter((d) => d.open).map((d) => d.dataset.key));
  const closed = new Set([...content.querySelectorAll('details[data-key]')].filter((d) => !d.open).map((d) => d.dataset.key));
  const focusKey = content.contains(document.activeElement) ? document.activeElement.dataset.focusKey : null;
  const scroll = window.scrollY;
  redraw();
  for (const details of content.querySelectorAll('details[data-key]')) {
    if (open.has(details.dataset.key)) details.open = true;
    if (closed.has(details.dataset.key)) details.open = false;
  }
  if (focusKey) content.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus({ preventScroll: true });
  window.scrollTo(0, scroll);
}

function renderMissing(ctx, content, uid, error) {
  ctx.setTitle('Unknown agent');
  const text = error.status === 404 ? `No agent ${uid} has reported to this server.`
    : error.status === 400 ? `"${uid}" is not an instance uid.` : `Could not load the agent: ${error.message}`;
  content.append(
    h('h1', { tabindex: '-1' }, error.status === 404 ? 'Unknown agent' : 'Agent not available'),
    h('div', { class: 'notice error', role: 'alert' }, h('p', null, text)),
    h('p', null, h('a', { href: '/agents' }, 'Back to the agent list')));
}

function draw(ctx, content, agent, restartState) {
  const name = displayName(agent);
  ctx.setTitle(name);
  clear(content);
  const version = serviceVersion(agent);
  const editHref = `/agents/${encodeURIComponent(agent.instanceUid)}/config`;
  const restartStatus = h('div', { class: 'notice', role: 'status', id: 'restart-status' });
  if (restartState.message) {
    restartStatus.className = `notice ${restartState.message.tone}`;
    restartStatus.append(h('p', null, restartState.message.text));
  }

  // Changing an agent is an operator's job: viewers see no buttons for it.
  const mayChange = can('operator');
  const actions = h('div', { class: 'actions' });
  if (mayChange && hasCapability(agent, 'AcceptsRemoteConfig')) {
    actions.append(h('a', { class: 'button primary', href: editHref, dataset: { focusKey: 'edit' } }, 'Edit config'));
  }
  if (mayChange) actions.append(restartButton(agent, restartStatus, restartState));
  // Only an offline agent: a connected one would be listed again with its next message (the API answers 409).
  if (mayChange && !agent.connected) actions.append(forgetButton(ctx, agent, restartStatus, restartState));

  content.append(
    h('div', { class: 'page-head' },
      h('div', { class: 'titles' },
        h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, h('ol', null,
          h('li', null, h('a', { href: '/agents' }, 'Agents')),
          h('li', null, h('span', { 'aria-current': 'page' }, name)))),
        h('h1', { tabindex: '-1' }, name, version ? h('span', { class: 'muted' }, ` ${version}`) : null),
        h('p', { class: 'subtitle mono' }, agent.instanceUid),
        h('div', { class: 'badges' }, connectionBadge(agent), healthBadge(agent), configBadge(agent), driftBadge(agent))),
      actions),
    restartStatus,
    h('div', { class: 'grid-2' },
      h('div', { class: 'stack' },
        connectionPanel(agent),
        remoteConfigPanel(agent, editHref),
        healthPanel(agent),
        capabilitiesPanel(agent)),
      h('div', { class: 'stack' },
        attributesPanel('identifying', 'Identifying attributes', agent.identifyingAttributes),
        attributesPanel('non-identifying', 'Non-identifying attributes', agent.nonIdentifyingAttributes),
        packagesPanel(agent),
        certificatePanel(agent, restartState))),
    ...(agent.secretsRedacted ? [h('div', { class: 'notice info', id: 'secrets-redacted' },
      h('p', null, 'Values of secret-looking keys (passwords, tokens, API keys) are shown as ', h('code', null, '<redacted>'), ' for your role.'))] : []),
    configPanel('effective-config', 'Effective config', 'What the agent reports it runs.', agent.effectiveConfig, agent.effectiveConfigHash,
      agent.effectiveConfig ? null : (hasCapability(agent, 'ReportsEffectiveConfig') ? 'The agent has not reported its effective config yet.' : 'This agent does not report its effective config.'),
      agent.desiredConfig && agent.effectiveConfig && agent.drifted ? { label: 'desired config', files: agent.desiredConfig } : null),
    configPanel('desired-config', 'Desired config', 'The remote config this server sends the agent.', agent.desiredConfig, agent.desiredConfigHash,
      agent.desiredConfig ? null : 'No remote config has been set for this agent.', null,
      mayChange && hasCapability(agent, 'AcceptsRemoteConfig') ? h('a', { href: editHref }, agent.desiredConfig ? 'Edit config' : 'Set a config') : null));
}

function panel(id, title, ...children) {
  const headingId = `${id}-heading`;
  return h('section', { class: 'panel', id, 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), children);
}

function facts(rows) {
  return h('dl', { class: 'facts' }, rows.filter(Boolean).flatMap(([term, value, key]) =>
    [h('dt', null, term), h('dd', { dataset: key ? { fact: key } : null }, value ?? '—')]));
}

function connectionPanel(agent) {
  return panel('connection', 'Connection', facts([
    ['Status', connectionBadge(agent)],
    ['Transport', transportName(agent.transport)],
    ['Gateway', agent.gatewayId ? h('span', { class: 'mono' }, agent.gatewayId) : '—'],
    ['Last seen', [timeAgo(agent.lastSeen), ' ', h('span', { class: 'muted' }, `(${formatDate(agent.lastSeen)})`)], 'lastSeen'],
    ['First seen', [timeAgo(agent.firstSeen), ' ', h('span', { class: 'muted' }, `(${formatDate(agent.firstSeen)})`)], 'firstSeen'],
    ['Last sequence number', agent.lastSequenceNum ?? '—', 'lastSequenceNum'],
  ]));
}

function remoteConfigPanel(agent, editHref) {
  const status = agent.remoteConfigStatus;
  return panel('remote-config', 'Remote config',
    status?.status === 'FAILED' ? h('div', { class: 'notice error', id: 'remote-config-error' },
      h('p', null, h('strong', null, 'The agent could not apply its remote config')),
      h('p', { class: 'mono' }, status.errorMessage ?? 'It gave no error message.')) : null,
    facts([
      ['Status', configBadge(agent), 'remoteConfigStatus'],
      ['Reported for config', status?.hash ? h('span', { class: 'mono', title: status.hash }, status.hash.slice(0, 16)) : '—'],
      status?.errorMessage && status.status !== 'FAILED' ? ['Message', status.errorMessage] : null,
      ['Config source', configSource(agent.configSource)],
      ['Desired config', agent.desiredConfigHash ? h('span', { class: 'mono', title: agent.desiredConfigHash }, agent.desiredConfigHash.slice(0, 16)) : 'none'],
      ['Effective config', agent.effectiveConfigHash ? h('span', { class: 'mono', title: agent.effectiveConfigHash }, agent.effectiveConfigHash.slice(0, 16)) : 'not reported'],
      ['In sync', agent.drifted ? badge('Drifted: effective differs from desired', 'warn') : agent.desiredConfigHash ? badge('Yes', 'ok') : '—'],
    ]),
    hasCapability(agent, 'AcceptsRemoteConfig') ? null
      : h('p', { class: 'muted' }, 'This agent does not accept remote config (no AcceptsRemoteConfig capability).'));
}

/** "agent" (its own config) or "profile:NAME@VERSION" (a profile's version). */
function configSource(source) {
  if (!source) return '—';
  if (source === 'agent') return 'its own config (set on this agent)';
  const match = /^profile:(.+)@(\d+)$/.exec(source);
  return match
    ? ['profile ', h('a', { href: `/rollouts/${encodeURIComponent(match[1])}` }, match[1]), ` version ${match[2]}`]
    : source;
}

function certificatePanel(agent, memo) {
  const settings = agent.connectionSettings;
  const certificate = agent.certificate;
  const supported = hasCapability(agent, 'AcceptsOpAMPConnectionSettings');
  const status = h('div', { class: 'notice', role: 'status', id: 'rotate-status' });
  const show = (tone, text) => {
    memo.rotate = { tone, text };
    status.className = `notice ${tone}`;
    clear(status).append(h('p', null, text));
  };
  if (memo.rotate) show(memo.rotate.tone, memo.rotate.text);
  const rotate = h('button', {
    type: 'button', class: 'button', dataset: { action: 'rotate-certificate', focusKey: 'rotate' },
    disabled: !supported,
    title: supported ? null : 'This agent does not accept OpAMP connection settings',
  }, certificate ? 'Rotate certificate' : 'Issue certificate');
  rotate.addEventListener('click', async () => {
    if (!await confirmDialog({
      title: `${certificate ? 'Rotate the certificate of' : 'Issue a certificate to'} ${displayName(agent)}?`,
      text: 'The server’s CA issues a new client certificate and offers it to the agent in its connection settings; the agent reconnects with it.',
      confirmLabel: certificate ? 'Rotate certificate' : 'Issue certificate',
      action: 'confirm-rotate',
      tone: 'primary',
    })) return;
    rotate.disabled = true;
    try {
      const { data } = await api.rotateCertificate(agent.instanceUid);
      show('ok', data?.delivery === 'pending'
        ? 'New certificate issued; the agent receives it with its next message.'
        : 'New certificate issued and offered to the agent.');
      memo.reload?.();
    } catch (error) {
      show('error', error.notAvailable ? 'This server cannot rotate certificates yet.' : `Not rotated: ${error.message}`);
    } finally {
      rotate.disabled = !supported;
    }
  });
  return panel('certificate', 'Connection settings and certificate',
    certificate ? facts([
      ['Certificate', h('span', { class: 'mono' }, certificate.subject)],
      ['Serial', h('span', { class: 'mono' }, certificate.serialNumber)],
      ['Valid', `${formatDate(certificate.notBefore)} – ${formatDate(certificate.notAfter)}`],
      ['Expires', new Date(certificate.notAfter) < new Date() ? badge('Expired', 'bad') : timeAgoFuture(certificate.notAfter)],
      ['Key', certificate.serverGeneratedKey ? 'made by the server' : 'the agent’s own (from its CSR)'],
    ]) : h('p', { class: 'empty' }, 'No client certificate issued by this server.'),
    settings ? [h('h3', null, 'Offered settings'), facts([
      ['OpAMP endpoint', settings.opAmpEndpoint ?? '—'],
      ['Heartbeat', settings.heartbeatIntervalSeconds ? `${settings.heartbeatIntervalSeconds} s` : '—'],
      settings.opAmpHeaders ? ['OpAMP headers', h('span', { class: 'mono' },
        Object.entries(settings.opAmpHeaders).map(([name, value]) => `${name}: ${value}`).join(', '))] : null,
      ['Own telemetry', [settings.ownMetricsEndpoint && `metrics → ${settings.ownMetricsEndpoint}`, settings.ownTracesEndpoint && `traces → ${settings.ownTracesEndpoint}`, settings.ownLogsEndpoint && `logs → ${settings.ownLogsEndpoint}`].filter(Boolean).join(', ') || '—'],
      ['Agent reports', settings.reportedStatus ? [badge(settings.reportedStatus, /fail/i.test(settings.reportedStatus) ? 'bad' : /appl/i.test(settings.reportedStatus) ? 'ok' : 'info'),
        settings.reportedError ? h('span', { class: 'muted' }, ` ${settings.reportedError}`) : null] : 'nothing yet'],
    ])] : null,
    // Certificates are trust decisions: admins only.
    can('admin') ? h('p', { class: 'actions' }, rotate) : null,
    status);
}

function timeAgoFuture(iso) {
  const days = Math.round((new Date(iso).getTime() - Date.now()) / 86_400_000);
  return h('time', { datetime: iso }, days >= 1 ? `in ${days} day${days === 1 ? '' : 's'}` : 'within a day');
}

function healthPanel(agent) {
  if (!agent.health) {
    return panel('health', 'Component health', h('p', { class: 'empty' },
      hasCapability(agent, 'ReportsHealth') ? 'The agent has not reported health yet.' : 'This agent does not report health.'));
  }
  return panel('health', 'Component health', h('ul', { class: 'health-tree', 'aria-label': 'Health of the agent and its components' },
    healthNode('agent', agent.health, 'agent')));
}

function healthNode(name, node, key) {
  const children = Object.entries(node.components ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const line = [
    h('span', { class: 'name' }, name),
    node.healthy ? badge('Healthy', 'ok') : badge('Unhealthy', 'bad'),
    node.status ? h('span', { class: 'detail' }, node.status) : null,
    node.lastError ? h('span', { class: 'error' }, `Error: ${node.lastError}`) : null,
    node.startTime ? h('span', { class: 'detail' }, `started ${formatDate(node.startTime)}`) : null,
    node.statusTime ? h('span', { class: 'detail' }, `status at ${formatDate(node.statusTime)}`) : null,
  ];
  if (children.length === 0) return h('li', { class: 'health-node' }, h('div', { class: 'leaf' }, line));
  // Unhealthy branches start open, so problems show without a click.
  const open = !node.healthy || key === 'agent' || children.some(([, c]) => !c.healthy);
  return h('li', { class: 'health-node' },
    h('details', { open, dataset: { key: `health:${key}` } },
      h('summary', { dataset: { focusKey: `health:${key}` } }, line, h('span', { class: 'detail' }, `${children.length} component${children.length === 1 ? '' : 's'}`)),
      h('ul', null, children.map(([childName, child]) => healthNode(childName, child, `${key}/${childName}`)))));
}

function capabilitiesPanel(agent) {
  return panel('capabilities', 'Capabilities',
    agent.capabilities?.length
      ? h('ul', { class: 'chips', 'aria-label': 'Capabilities' }, agent.capabilities.map((c) => h('li', null, c)))
      : h('p', { class: 'empty' }, 'None reported.'),
    h('h3', null, 'Custom capabilities'),
    agent.customCapabilities?.length
      ? h('ul', { class: 'chips', 'aria-label': 'Custom capabilities' }, agent.customCapabilities.map((c) => h('li', null, c)))
      : h('p', { class: 'empty' }, 'None.'));
}

function attributesPanel(id, title, attributes) {
  const entries = Object.entries(attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return panel(id, title, entries.length === 0 ? h('p', { class: 'empty' }, 'None reported.')
    : h('table', { class: 'kv' },
      h('caption', { class: 'visually-hidden' }, title),
      h('thead', { class: 'visually-hidden' }, h('tr', null, h('th', { scope: 'col' }, 'Attribute'), h('th', { scope: 'col' }, 'Value'))),
      h('tbody', null, entries.map(([key, value]) => h('tr', null, h('th', { scope: 'row' }, key), h('td', null, value))))));
}

function packagesPanel(agent) {
  const packages = agent.packageStatuses ?? [];
  return panel('packages', 'Packages', packages.length === 0
    ? h('p', { class: 'empty' }, hasCapability(agent, 'ReportsPackageStatuses') ? 'No packages reported.' : 'This agent does not report packages.')
    : h('div', { class: 'table-scroll' }, h('table', null,
      h('caption', { class: 'visually-hidden' }, 'Packages'),
      h('thead', null, h('tr', null, ['Package', 'Agent has', 'Server offers', 'Status', 'Error'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, packages.map((p) => h('tr', null,
        h('th', { scope: 'row', class: 'mono' }, p.name),
        h('td', null, p.agentHasVersion ?? '—'),
        h('td', null, p.serverOfferedVersion ?? '—'),
        h('td', null, badge(p.status, /fail/i.test(p.status) ? 'bad' : /install(ed)?$/i.test(p.status) ? 'ok' : 'info')),
        h('td', null, p.errorMessage ?? '')))))));
}

function configPanel(id, title, description, files, hash, emptyText, compare, action) {
  const entries = Object.entries(files ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return panel(id, title,
    h('p', { class: 'muted' }, description, hash ? [' Hash ', h('span', { class: 'mono', title: hash }, hash.slice(0, 16)), '.'] : null, action ? [' ', action] : null),
    entries.length === 0 ? h('p', { class: 'empty' }, emptyText) : entries.map(([name, file]) => codeBlock(name, file)),
    compare ? h('details', { dataset: { key: `${id}:compare` } },
      h('summary', null, `Compare with the ${compare.label}`),
      compareFiles(compare.files, files, compare.label)) : null);
}

function compareFiles(before, after, label) {
  const names = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort();
  return names.map((name) => h('div', null,
    h('h3', { class: 'mono' }, name),
    diffView(before?.[name]?.body ?? '', after?.[name]?.body ?? '', `Changes in ${name} from the ${label}`)));
}

function restartButton(agent, status, restartState) {
  const supported = hasCapability(agent, 'AcceptsRestartCommand');
  const explainId = uniqueId('restart-explain');
  const button = h('button', {
    type: 'button', class: 'button danger', dataset: { focusKey: 'restart', action: 'restart' },
    'aria-disabled': supported ? null : 'true', 'aria-describedby': supported ? null : explainId,
  }, 'Restart');
  const explain = supported ? null : h('span', { id: explainId, class: 'visually-hidden' }, 'This agent does not accept restart commands.');
  if (!supported) button.title = 'This agent does not accept restart commands (no AcceptsRestartCommand capability)';

  const show = (tone, text) => {
    restartState.message = { tone, text };
    status.className = `notice ${tone}`;
    clear(status).append(h('p', null, text));
  };
  button.addEventListener('click', async () => {
    if (!supported) {
      show('warn', 'This agent does not accept restart commands (it lacks the AcceptsRestartCommand capability).');
      return;
    }
    if (!await confirmDialog({
      title: `Restart ${displayName(agent)}?`,
      text: 'The agent restarts its process. Telemetry it handles may pause while it starts again.',
      confirmLabel: 'Restart agent',
      action: 'confirm-restart',
    })) return;
    button.disabled = true;
    show('info', 'Sending the restart command…');
    try {
      const { data } = await api.restart(agent.instanceUid);
      show('ok', data?.delivery === 'pending'
        ? 'Restart command queued: the agent receives it on its next poll.'
        : 'Restart command sent to the agent.');
    } catch (error) {
      show('error', error.notAvailable ? 'This server cannot send restart commands yet.' : `Restart failed: ${error.message}`);
    } finally {
      button.disabled = false;
    }
  });
  return h('span', null, button, explain);
}

function forgetButton(ctx, agent, status, restartState) {
  const button = h('button', { type: 'button', class: 'button danger', dataset: { focusKey: 'forget', action: 'forget' } }, 'Forget');
  const show = (tone, text) => {
    restartState.message = { tone, text };
    status.className = `notice ${tone}`;
    clear(status).append(h('p', null, text));
  };
  button.addEventListener('click', async () => {
    const name = displayName(agent);
    if (!await confirmDialog({
      title: `Forget ${name}?`,
      text: 'The server deletes what it holds about this offline agent (its last status, its own config, its messages) '
        + 'and removes it from the agent list. If it connects again, it is listed afresh.',
      confirmLabel: 'Forget agent',
      action: 'confirm-forget',
    })) return;
    button.disabled = true;
    show('info', `Forgetting ${name}…`);
    try {
      await api.forget(agent.instanceUid);
    } catch (error) {
      if (error.status !== 404) {
        button.disabled = false;
        show('error', error.status === 409
          ? `${name} is connected again: it can be forgotten once it is offline.`
          : `Forget failed: ${error.message}`);
        return;
      }
      // 404: already forgotten (another operator, or the retention sweep).
    }
    restartState.message = null;
    ctx.announce(`${name} forgotten`);
    ctx.navigate(`/agents?forgotten=${encodeURIComponent(name)}`);
  });
  return button;
}
