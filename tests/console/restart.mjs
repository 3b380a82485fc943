// Restart: the button asks for confirmation in a modal dialog (Escape cancels), then sends the command.
// node restart.mjs --base http://127.0.0.1:PORT --fleet '{…}'
import { run, required, fail, until, expectText } from './lib/browser.mjs';

await run(async ({ page, args, step, base }) => {
  required(args, 'fleet');
  const fleet = JSON.parse(args.fleet);
  const restart = page.locator('button[data-action="restart"]');
  const dialog = page.locator('dialog[open]');

  await step('Escape cancels the confirmation', async () => {
    await page.goto(`${base}/agents/${fleet['checkout-1']}`);
    await restart.click();
    await expectText(dialog, 'Restart checkout?', 'confirmation dialog');
    await until(() => page.evaluate(() => document.activeElement?.textContent === 'Cancel'), 'focus starts on Cancel');
    await page.keyboard.press('Escape');
    await until(async () => (await dialog.count()) === 0, 'the dialog closes');
  });

  await step('confirming sends the restart command', async () => {
    await restart.click();
    await dialog.locator('button[data-action="confirm-restart"]').click();
    await expectText(page.locator('#restart-status'), 'Restart command sent to the agent', 'restart result');
  });

  await step('an agent without the capability cannot be restarted', async () => {
    await page.goto(`${base}/agents/${fleet.search}`);
    if (await restart.getAttribute('aria-disabled') !== 'true') fail('the restart button is not marked disabled');
    // aria-disabled keeps it focusable and clickable, so it can explain itself.
    await restart.click({ force: true });
    if (await dialog.count()) fail('a confirmation opened for an agent that cannot restart');
    await expectText(page.locator('#restart-status'), 'does not accept restart commands', 'explanation');
  });
});
