// Signing in: with API keys configured the console asks for one, shows who is signed in, and draws only
// what the role may do. A viewer sees secrets redacted and no way to change the agent; an operator
// signs in after signing out, sees the secret, and saves a config that the agent applies.
// node signin.mjs --base http://127.0.0.1:PORT --uid <agent> --secret <value in its config> \
//   --viewer-key … --operator-key … --marker <unique text>
import { run, required, fail, until, expectText } from './lib/browser.mjs';

await run(async ({ page, args, step, base }) => {
  required(args, 'uid', 'secret', 'viewer-key', 'operator-key', 'marker');
  const dialog = page.locator('dialog#sign-in[open]');
  const credential = dialog.getByLabel('API key or bearer token');
  const editor = page.locator('textarea[data-editor]').first();
  const agentPage = `${base}/agents/${args.uid}`;

  const signIn = async (key) => {
    await credential.fill(key);
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await until(async () => (await dialog.count()) === 0, 'the sign-in dialog closes');
  };

  await step('the API answers 401: the console asks for a key, and refuses a wrong one', async () => {
    await page.goto(agentPage);
    await expectText(dialog, 'Sign in to Fleet', 'sign-in dialog');
    await page.keyboard.press('Escape');
    if (!(await dialog.count())) fail('Escape closed the sign-in dialog: nothing works without a credential');
    await credential.fill('not-a-key');
    await dialog.getByRole('button', { name: 'Sign in' }).click();
    await expectText(dialog.locator('#sign-in-error'), 'not accepted', 'the refusal');
    if (await credential.getAttribute('aria-invalid') !== 'true') fail('the refused key is not marked invalid');
  });

  await step('a viewer: signed-in name and role shown, secrets redacted, no Edit config or Restart', async () => {
    await signIn(args['viewer-key']);
    await expectText(page.locator('#whoami'), ['vera', 'viewer'], 'who is signed in');
    await expectText(page.locator('h1'), 'billing', 'the agent page');
    await expectText(page.locator('section#effective-config'), '<redacted>', 'the effective config with its secret hidden');
    if ((await page.locator('section#effective-config').innerText()).includes(args.secret)) fail('the viewer sees the secret');
    await expectText(page.locator('#secrets-redacted'), 'redacted', 'why values are hidden');
    if (await page.getByRole('link', { name: 'Edit config' }).count()) fail('a viewer is offered Edit config');
    if (await page.locator('button[data-action="restart"]').count()) fail('a viewer is offered Restart');
    if (await page.locator('button[data-action="rotate-certificate"]').count()) fail('a viewer is offered certificate rotation');
    await expectText(page.locator('#live-text'), 'Live', 'the event stream opened with the key');
  });

  await step('the editor page is read-only for a viewer', async () => {
    await page.goto(`${agentPage}/config`);
    await expectText(page.locator('#read-only'), 'may read this agent', 'read-only notice');
    if (await page.getByRole('button', { name: 'Save and send' }).count()) fail('a viewer is offered Save and send');
    if (await dialog.count()) fail('the stored key was not reused after the page load');
  });

  await step('sign out, sign in as an operator: the secret is visible, Edit config and Restart are back', async () => {
    await page.locator('#sign-out').click();
    await expectText(dialog, 'Sign in to Fleet', 'sign-in dialog after signing out');
    await signIn(args['operator-key']);
    await expectText(page.locator('#whoami'), ['otto', 'operator'], 'who is signed in');
    await page.goto(agentPage);
    await expectText(page.locator('section#effective-config'), args.secret, 'the operator sees the secret');
    if (await page.locator('#secrets-redacted').count()) fail('the operator is told values are hidden');
    if (!(await page.locator('button[data-action="restart"]').count())) fail('an operator is not offered Restart');
    if (await page.locator('button[data-action="rotate-certificate"]').count()) fail('an operator is offered certificate rotation (admin only)');
  });

  await step('the operator saves and sends a config; the agent applies it', async () => {
    await page.getByRole('link', { name: 'Edit config' }).first().click();
    await page.waitForURL(`**/agents/${args.uid}/config`);
    await until(async () => (await editor.inputValue()).includes(args.secret), 'the editor starts from the real config, secret included');
    await editor.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(`# ${args.marker}\n`);
    await page.getByRole('button', { name: 'Save and send' }).click();
    await expectText(page.locator('#apply-outcome'), 'APPLIED', 'the agent\'s answer', 20_000);
  });
});
