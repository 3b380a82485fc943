// Deleting a profile: the button asks for confirmation (Escape cancels), then the list shows it gone.
// node profile-delete.mjs --base http://127.0.0.1:PORT --profile NAME
import { run, required, fail, until, expectText } from './lib/browser.mjs';

await run(async ({ page, args, step, base }) => {
  required(args, 'profile');
  const remove = page.locator('button[data-action="delete-profile"]');
  const dialog = page.locator('dialog[open]');
  const row = page.locator(`#profiles tr[data-profile="${args.profile}"]`);

  await step('the list shows the profile', async () => {
    await page.goto(`${base}/rollouts`);
    await until(async () => (await row.count()) === 1, `${args.profile} is listed`);
  });

  await step('Escape cancels the confirmation', async () => {
    await page.goto(`${base}/rollouts/${encodeURIComponent(args.profile)}`);
    await remove.click();
    await expectText(dialog, `Delete profile ${args.profile}?`, 'confirmation dialog');
    await page.keyboard.press('Escape');
    await until(async () => (await dialog.count()) === 0, 'the dialog closes');
    const still = await page.evaluate(async (name) => (await fetch(`/api/profiles/${encodeURIComponent(name)}`)).status, args.profile);
    if (still !== 200) fail(`after Escape the profile answers ${still}, not 200: cancelling deleted it`);
  });

  await step('confirming deletes it and lands on the list without it', async () => {
    await remove.click();
    await dialog.locator('button[data-action="confirm-delete-profile"]').click();
    await until(() => new URL(page.url()).pathname === '/rollouts', 'the console goes to the profile list');
    await expectText(page.locator('#deleted-notice'), `Profile ${args.profile} deleted`, 'the notice on the list');
    await until(async () => (await page.locator('#profiles').count()) === 1, 'the list is drawn');
    if (await row.count()) fail('the deleted profile is still listed');
  });

  await step('its page now says the profile is unknown', async () => {
    await page.goto(`${base}/rollouts/${encodeURIComponent(args.profile)}`);
    await expectText(page.locator('h1'), 'Unknown profile', 'the profile page');
  });
});
