// Screenshots of the main pages (overview, agent list, agent detail, config editor) with a real fleet.
// node screenshots.mjs --base http://127.0.0.1:PORT --fleet '{…}' --screenshots <folder>
import { run, required, until, expectText, screenshot } from './lib/browser.mjs';

await run(async ({ page, args, step, base }) => {
  required(args, 'fleet', 'screenshots');
  const fleet = JSON.parse(args.fleet);
  const settle = () => page.evaluate(() => document.fonts.ready);

  await step('overview', async () => {
    await page.goto(`${base}/`);
    await page.locator('#by-version tbody tr').first().waitFor();
    await settle();
    await screenshot(page, args, 'overview');
  });

  await step('agent list', async () => {
    await page.goto(`${base}/agents?sort=serviceName`);
    await page.locator(`tr[data-uid="${fleet.cart}"]`).waitFor();
    await settle();
    await screenshot(page, args, 'agents');
  });

  await step('agent detail', async () => {
    await page.goto(`${base}/agents/${fleet['payments-2']}`);
    await page.locator('section#effective-config code.hljs').waitFor();
    await settle();
    await screenshot(page, args, 'agent', { fullPage: true });
  });

  await step('config editor', async () => {
    await page.goto(`${base}/agents/${fleet['checkout-2']}/config`);
    const editor = page.locator('textarea[data-editor]').first();
    await until(async () => (await editor.inputValue()).includes('receivers:'), 'the editor holds the config');
    await editor.fill((await editor.inputValue())
      .replace('timeout: 5s', 'timeout: 2s\n    send_batch_size: 8192')
      .replace('compression: gzip', 'compression: zstd'));
    await page.locator('#review summary').click();
    await page.getByRole('button', { name: 'Save and send' }).click();
    await expectText(page.locator('#apply-outcome'), 'APPLIED', 'the agent\'s answer', 20_000);
    await page.evaluate(() => window.scrollTo(0, 0));
    await settle();
    await screenshot(page, args, 'editor', { fullPage: true });
  });
});
