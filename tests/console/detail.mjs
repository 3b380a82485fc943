// Agent detail: attributes, capabilities, connection, component health tree, effective config with
// syntax highlighting, remote config status and error, drift, packages, custom capabilities.
// node detail.mjs --base http://127.0.0.1:PORT --fleet '{…}' --fail-message '…'
import { run, required, fail, until, expectText } from './lib/browser.mjs';

await run(async ({ page, args, step, base }) => {
  required(args, 'fleet', 'fail-message');
  const fleet = JSON.parse(args.fleet);
  const section = (id) => page.locator(`section#${id}`);

  await step('the list links to the agent; the page focuses its heading', async () => {
    await page.goto(`${base}/agents`);
    await page.locator(`tr[data-uid="${fleet['checkout-1']}"] a`).click();
    await page.waitForURL(`**/agents/${fleet['checkout-1']}`);
    await expectText(page.locator('h1'), 'checkout 1.5.0', 'heading');
    await until(() => page.evaluate(() => document.activeElement?.tagName === 'H1'), 'focus moves to the page heading');
    await until(async () => (await page.title()).startsWith('checkout'), 'the document title names the agent');
    await expectText(page.locator('.page-head .badges'), ['Connected', 'Healthy · running'], 'status badges');
  });

  await step('attributes, capabilities and custom capabilities', async () => {
    await expectText(section('identifying'), ['service.name', 'checkout', 'service.version', '1.5.0', 'service.namespace', 'shop'], 'identifying attributes');
    await expectText(section('non-identifying'), ['host.name', 'ip-10-0-1-17', 'deployment.environment', 'production'], 'non-identifying attributes');
    await expectText(section('capabilities'), ['AcceptsRemoteConfig', 'AcceptsRestartCommand', 'ReportsHealth', 'ReportsPackageStatuses'], 'capabilities by name');
    await expectText(section('capabilities'), ['io.opentelemetry.pprof', 'com.example.flags'], 'custom capabilities');
  });

  await step('connection info', async () => {
    const connection = section('connection');
    await expectText(connection, ['Transport', 'WebSocket', 'Gateway', 'Last seen', 'First seen'], 'connection facts');
    const gateway = await connection.locator('dt:text-is("Gateway") + dd').innerText();
    if (!gateway.trim() || gateway.trim() === '—') fail('the gateway holding the connection is not shown');
  });

  await step('component health tree', async () => {
    const health = section('health');
    await expectText(health, ['agent', 'running', 'pipeline:traces', 'pipeline:metrics', '3 components'], 'health tree');
    if (await health.getByText('processor:batch').isVisible()) fail('healthy pipelines should start folded');
    await health.locator('summary', { hasText: 'pipeline:traces' }).focus();
    await page.keyboard.press('Enter');
    await expectText(health, ['receiver:otlp', 'processor:batch', 'exporter:otlphttp', 'StatusOK'], 'the unfolded pipeline');
  });

  await step('effective config, highlighted as YAML', async () => {
    const figure = section('effective-config').locator('figure[data-file="collector.yaml"]');
    await expectText(figure.locator('figcaption'), ['collector.yaml', 'text/yaml'], 'file caption');
    const code = figure.locator('code.hljs.language-yaml');
    await expectText(code, ['receivers:', 'otlphttp', 'endpoint: https://otel.example.internal:4318'], 'config text');
    const keys = await code.locator('.hljs-attr').count();
    if (keys < 10) fail(`expected YAML keys to be highlighted (span.hljs-attr), found ${keys}`);
    const colour = await code.locator('.hljs-attr').first().evaluate((el) => getComputedStyle(el).color);
    const plain = await code.evaluate((el) => getComputedStyle(el).color);
    if (colour === plain) fail(`highlighted keys are not coloured differently (${colour})`);
  });

  await step('packages', async () => {
    await expectText(section('packages'), ['otelcol-contrib', '0.115.1', 'Installed'], 'package statuses');
  });

  await step('a failed remote config shows its status and error', async () => {
    await page.goto(`${base}/agents/${fleet.ledger}`);
    await expectText(page.locator('#remote-config-error'), args['fail-message'], 'the agent\'s error message');
    await expectText(section('remote-config'), ['Config Failed'], 'remote config status');
    await expectText(section('desired-config'), 'otel-gateway:4318', 'the desired config');
  });

  await step('an unhealthy agent shows the failing component and its error', async () => {
    await page.goto(`${base}/agents/${fleet['payments-2']}`);
    await expectText(page.locator('.page-head .badges'), 'Unhealthy', 'health badge');
    await expectText(section('health'), ['degraded', 'exporter:otlphttp', 'connection refused'], 'health tree with the error');
    if (!await section('health').getByText('connection refused').isVisible()) fail('the failing component is folded away');
  });

  await step('a drifted agent is flagged and can be compared with its desired config', async () => {
    await page.goto(`${base}/agents/${fleet.shipping}`);
    await expectText(page.locator('.page-head .badges'), 'Drifted', 'drift badge');
    const compare = section('effective-config').locator('details');
    await compare.locator('summary').click();
    await expectText(compare, ['added: # local override: debug exporter'], 'the diff against the desired config', undefined, { all: true });
  });

  await step('an HTTP agent without restart capability', async () => {
    await page.goto(`${base}/agents/${fleet.search}`);
    await expectText(section('connection'), 'HTTP', 'transport');
    if (await page.locator('button[data-action="restart"]').getAttribute('aria-disabled') !== 'true') fail('restart should be disabled for this agent');
  });

  await step('an unknown agent', async () => {
    await page.goto(`${base}/agents/0190a0a0-0000-7000-8000-000000000000`);
    await expectText(page.locator('h1'), 'Unknown agent', 'heading');
  });
});
