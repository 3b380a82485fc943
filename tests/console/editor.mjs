// Config editor: edit, review the diff, "Save and send", and the page shows the agent's answer —
// APPLIED from an agent that takes the config, FAILED with its error from one that rejects it.
// node editor.mjs --base http://127.0.0.1:PORT --fleet '{…}' --marker <unique text> --fail-message '…'
import { run, required, fail, until, expectText } from './lib/browser.mjs';

await run(async ({ page, args, step, base }) => {
  required(args, 'fleet', 'marker', 'fail-message');
  const fleet = JSON.parse(args.fleet);
  const marker = args.marker;
  const editor = page.locator('textarea[data-editor]').first();
  const outcome = page.locator('#apply-outcome');

  await step('the agent page leads to its editor, which starts from the effective config', async () => {
    await page.goto(`${base}/agents/${fleet.cart}`);
    await page.getByRole('link', { name: 'Edit config' }).first().click();
    await page.waitForURL(`**/agents/${fleet.cart}/config`);
    await expectText(page.locator('h1'), 'Edit config: cart', 'heading');
    await until(async () => (await editor.inputValue()).includes('receivers:'), 'the editor holds the current config');
    if (await page.getByLabel('File name').first().inputValue() !== 'collector.yaml') fail('the file name is not collector.yaml');
  });

  await step('typing is highlighted as YAML and shows in the review diff', async () => {
    await editor.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`# ${marker}\nextensions:\n  health_check: {}\n`);
    const highlighted = page.locator('.code-editor pre code');
    await expectText(highlighted, marker, 'the highlighted copy follows the text');
    if (await highlighted.locator('.hljs-attr').count() < 10) fail('the editor text is not highlighted');
    await page.locator('#review summary').click();
    await expectText(page.locator('#review-diff'), '3 lines added, 0 removed', 'review diff summary');
    // Each changed line says so in words too (for screen readers), not only by colour and sign.
    await expectText(page.locator('#review-diff'), [`added: # ${marker}`, 'added: extensions:'], 'review diff lines', undefined, { all: true });
    if (await page.locator('#review-diff ins').count() !== 3) fail('expected 3 inserted lines in the diff');
  });

  await step('save and send: the page shows the agent applied it', async () => {
    await page.getByRole('button', { name: 'Save and send' }).click();
    await expectText(page.locator('#send-status'), ['Saved as config', 'Sent to the agent'], 'delivery steps');
    await expectText(outcome, 'APPLIED', 'the agent\'s answer', 20_000);
    const hash = await page.locator('#send-result').getAttribute('data-hash');
    if (!/^[0-9a-f]{16,}$/.test(hash ?? '')) fail(`no config hash on the result: ${hash}`);
    console.log(`config-hash ${hash}`);
  });

  await step('the agent page shows the new desired and effective config', async () => {
    await outcome.getByRole('link', { name: 'See the agent' }).click();
    await page.waitForURL(`**/agents/${fleet.cart}`);
    await expectText(page.locator('section#desired-config'), marker, 'desired config');
    await expectText(page.locator('section#effective-config'), marker, 'effective config reported by the agent');
    await expectText(page.locator('section#remote-config'), 'Config Applied', 'remote config status');
  });

  await step('Ctrl+S in the editor saves and sends too', async () => {
    await page.goto(`${base}/agents/${fleet.cart}/config`);
    await until(async () => (await editor.inputValue()).includes(marker), 'the editor starts from the desired config');
    await editor.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`# ${marker}-again\n`);
    await page.keyboard.press('Control+s');
    await expectText(outcome, 'APPLIED', 'the answer after Ctrl+S', 20_000);
  });

  await step('an agent that rejects the config: the page shows FAILED and its error', async () => {
    await page.goto(`${base}/agents/${fleet.ledger}/config`);
    await until(async () => (await editor.inputValue()).includes('otel-gateway:4318'), 'the editor starts from the desired config');
    await editor.fill((await editor.inputValue()).replace('otel-gateway:4318', `otel-gateway:4318 # ${marker}`));
    await page.getByRole('button', { name: 'Save and send' }).click();
    await expectText(outcome, ['FAILED', args['fail-message']], 'the failure and its error', 20_000);
  });

  await step('a file needs a name', async () => {
    await page.getByLabel('File name').first().fill('');
    await page.getByRole('button', { name: 'Save and send' }).click();
    await expectText(page.locator('#editor-error'), 'Every file needs a name', 'validation message');
    if (await page.getByLabel('File name').first().getAttribute('aria-invalid') !== 'true') fail('the empty file name is not marked invalid');
  });
});
