// Config profiles and rollouts: create a profile, publish a version and watch its batches, pause and
// resume; publish a broken version, see it pause itself on failures, roll back; diff of versions.
// node rollout.mjs --base http://127.0.0.1:PORT --agents <count> [--screenshots <folder>]
import { run, required, fail, until, expectText, screenshot } from './lib/browser.mjs';

const V1 = `receivers:
  otlp:
    protocols:
      grpc: {}
exporters:
  otlphttp:
    endpoint: https://otel.example.internal:4318
service:
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [otlphttp]
`;

await run(async ({ page, args, step, base }) => {
  required(args, 'agents');
  const agents = Number(args.agents);
  const state = page.locator('#rollout [data-state]');
  const count = (key) => page.locator(`#rollout-counts dd[data-count="${key}"]`);
  const editor = page.locator('#publish textarea[data-editor]').first();
  const stateIs = (value, what, timeout) => until(async () => (await state.count()) && await state.first().getAttribute('data-state') === value, what, timeout);

  await step('create a profile', async () => {
    await page.goto(`${base}/rollouts`);
    await expectText(page.locator('#profiles'), 'No profiles yet', 'empty list');
    const form = page.locator('#new-profile');
    await form.getByLabel('Name').fill('web');
    await form.getByLabel('Selector').fill('service.name=web');
    await form.getByLabel('First batch').fill('1');
    await form.getByLabel('Growth factor').fill('1');
    await form.getByLabel('Largest batch').fill('1');
    await form.getByLabel('Failure threshold (%)').fill('10');
    await form.getByRole('button', { name: 'Create profile' }).click();
    await page.waitForURL('**/rollouts/web');
    await expectText(page.locator('h1'), 'Profile web', 'profile heading');
    await expectText(page.locator('#versions'), 'No versions yet', 'versions');
  });

  await step('a bad selector is reported on its field', async () => {
    await page.goto(`${base}/rollouts`);
    const form = page.locator('#new-profile');
    await form.getByLabel('Name').fill('bad');
    await form.getByLabel('Selector').fill('service.name in (');
    await form.getByRole('button', { name: 'Create profile' }).click();
    await until(async () => await form.getByLabel('Selector').getAttribute('aria-invalid') === 'true', 'the selector is marked invalid');
    await expectText(page.locator('#profiles'), ['web', 'service.name=web'], 'the list shows the web profile');
    await page.locator('#profiles a', { hasText: 'web' }).click();
    await page.waitForURL('**/rollouts/web');
  });

  await step('publish v1: batches progress; pause and resume', async () => {
    await editor.fill(V1);
    await page.getByRole('button', { name: 'Publish v1 and roll it out' }).click();
    await expectText(page.locator('#publish-status'), 'Published v1', 'publish result');
    await stateIs('running', 'the rollout is running');
    await expectText(page.locator('#batches'), `Batch ${agents}: 1 agent`, 'one batch per agent');
    await clickControl(page, 'pause');
    await stateIs('paused', 'the rollout is paused');
    await expectText(page.locator('#paused-reason'), 'paused by an operator', 'pause reason');
    await clickControl(page, 'resume');
    await stateIs('completed', 'the rollout completes', 20_000);
    await until(async () => await count('applied').innerText() === String(agents), `all ${agents} agents applied v1`);
    await expectText(page.locator('#versions'), ['v1', 'Stable'], 'v1 is stable');
  });

  await step('publish a broken v2: it pauses itself on failures; roll back', async () => {
    await until(async () => (await editor.inputValue()).includes('otlphttp'), 'the editor starts from v1');
    await editor.fill(V1.replace('exporters:\n  otlphttp:', 'exporters:\n  broken: {}\n  otlphttp:'));
    await page.locator('#publish summary').click();
    await expectText(page.locator('#publish .review-diff'), '1 line added, 0 removed', 'review against v1');
    await page.getByRole('button', { name: 'Publish v2 and roll it out' }).click();
    await stateIs('paused', 'the failing rollout pauses itself', 20_000);
    await expectText(page.locator('#paused-reason'), 'reported FAILED', 'the automatic pause says why');
    if (Number(await count('failed').innerText()) < 1) fail('no failed agent counted');
    await screenshot(page, args, 'rollout', { fullPage: true });
    await page.evaluate(() => { for (const el of document.querySelectorAll('.topbar, .editor-actions')) el.style.position = ''; });
    await clickControl(page, 'rollback');
    await stateIs('rolledBack', 'the rollout is rolled back');
    await expectText(page.locator('#rollout-message'), 'Rolled back', 'roll back message');
  });

  await step('each version shows its diff against the previous one', async () => {
    const v2 = page.locator('#versions details[data-version="2"]');
    await v2.locator('summary').click();
    await expectText(v2, ['1 line added, 0 removed'], 'v2 against v1');
    await expectText(v2, 'added:   broken: {}', 'the added line', undefined, { all: true });
  });

  await step('the list shows the rollout state', async () => {
    await page.getByRole('link', { name: 'Config rollouts' }).first().click();
    await expectText(page.locator('#profiles tr[data-profile="web"]'), ['Rolled back', 'v2'], 'web row');
  });
});

/**
 * Clicks a rollout control until the console answers it. Live updates redraw the rollout box, its
 * buttons too: on a busy box a click could land just as its button was replaced, and nothing happened
 * (a suite run saw the roll back never start). A click that lands changes the message at once
 * ("Rolling back…").
 */
async function clickControl(page, action) {
  const message = page.locator('#rollout-message');
  const before = (await message.innerText()).trim();
  await until(async () => {
    if ((await message.innerText()).trim() !== before) return true;
    await page.locator(`#rollout button[data-action="${action}"]`).click({ timeout: 2_000 });
    await page.waitForTimeout(500);
    return (await message.innerText()).trim() !== before;
  }, `the ${action} click is answered`);
}
