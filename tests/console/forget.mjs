// Forget: only an offline agent offers the button; after confirmation the agent is gone from the list.
// node forget.mjs --base http://127.0.0.1:PORT --uid <offline agent> --name <its service.name> --connected <a connected agent>
import { run, required, fail, until, expectText, listedUids } from './lib/browser.mjs';

await run(async ({ page, args, step, base }) => {
  required(args, 'uid', 'name', 'connected');
  const forget = page.locator('button[data-action="forget"]');
  const dialog = page.locator('dialog[open]');

  await step('a connected agent offers no Forget button', async () => {
    await page.goto(`${base}/agents/${args.connected}`);
    await expectText(page.locator('#agent-detail h1'), '', 'the agent page');
    await until(async () => (await page.locator('button[data-action="restart"]').count()) === 1, 'the page shows its actions');
    if (await forget.count()) fail('a connected agent offers Forget');
  });

  await step('Escape cancels the confirmation', async () => {
    await page.goto(`${base}/agents/${args.uid}`);
    await forget.click();
    await expectText(dialog, `Forget ${args.name}?`, 'confirmation dialog');
    await page.keyboard.press('Escape');
    await until(async () => (await dialog.count()) === 0, 'the dialog closes');
    if (!page.url().endsWith(`/agents/${args.uid}`)) fail(`cancelling left the agent page for ${page.url()}`);
    const still = await page.evaluate(async (uid) => (await fetch(`/api/agents/${uid}`)).status, args.uid);
    if (still !== 200) fail(`after Escape the agent answers ${still}, not 200: cancelling forgot it`);
  });

  await step('confirming forgets the agent and lands on the list without it', async () => {
    await forget.click();
    await dialog.locator('button[data-action="confirm-forget"]').click();
    await until(() => new URL(page.url()).pathname === '/agents', 'the console goes to the agent list');
    await expectText(page.locator('#forgotten-notice'), `${args.name} forgotten`, 'the notice on the list');
    await until(async () => (await listedUids(page)).length > 0, 'the list shows the other agents');
    const listed = (await listedUids(page)).map((u) => u.toLowerCase());
    if (listed.includes(args.uid.toLowerCase())) fail('the forgotten agent is still listed');
  });

  await step('its page now says the agent is unknown', async () => {
    await page.goto(`${base}/agents/${args.uid}`);
    await expectText(page.locator('h1'), 'Unknown agent', 'the agent page');
  });
});
