// Packages: register one (download URL + SHA-256), see it listed, remove it. Certificates: the CA, and
// rotating an agent's client certificate from its page.
// node packages.mjs --base http://127.0.0.1:PORT --uid <agent accepting connection settings>
import { run, required, fail, until, expectText } from './lib/browser.mjs';

await run(async ({ page, args, step, base }) => {
  required(args, 'uid');

  await step('register a package', async () => {
    await page.goto(`${base}/packages`);
    await expectText(page.locator('#packages-table'), 'No packages registered', 'empty catalog');
    const form = page.locator('#register-package');
    await form.getByLabel('Name').fill('otelcol-contrib');
    await form.getByLabel('Version').fill('0.116.0');
    await form.getByLabel('Offered to (selector)').fill('service.name=web');
    await form.getByLabel('…or its download URL').fill('https://downloads.example.com/otelcol-contrib_0.116.0_linux_amd64.tar.gz');
    await form.getByLabel('SHA-256 of that download').fill('ab'.repeat(32));
    await form.getByRole('button', { name: 'Register package' }).click();
    await expectText(page.locator('#packages-table tr[data-package="otelcol-contrib"]'), ['0.116.0', 'service.name=web', 'abababababab'], 'the new package row');
  });

  await step('a bad SHA-256 is reported on its field', async () => {
    const form = page.locator('#register-package');
    await form.getByLabel('Name').fill('broken');
    await form.getByLabel('Version').fill('1');
    await form.getByLabel('…or its download URL').fill('https://downloads.example.com/broken.tgz');
    await form.getByLabel('SHA-256 of that download').fill('xyz');
    await form.getByRole('button', { name: 'Register package' }).click();
    await until(async () => await form.getByLabel('SHA-256 of that download').getAttribute('aria-invalid') === 'true', 'the sha256 field is marked invalid');
  });

  await step('remove it', async () => {
    await page.getByRole('button', { name: 'Remove otelcol-contrib' }).click();
    await page.locator('dialog[open] button[data-action="confirm-remove"]').click();
    await expectText(page.locator('#packages-table'), 'No packages registered', 'empty again');
  });

  await step('rotate an agent certificate', async () => {
    await page.goto(`${base}/agents/${args.uid}`);
    const panel = page.locator('section#certificate');
    await expectText(panel, 'No client certificate issued', 'no certificate yet');
    await panel.locator('button[data-action="rotate-certificate"]').click();
    await page.locator('dialog[open] button[data-action="confirm-rotate"]').click();
    await expectText(page.locator('#rotate-status'), 'New certificate issued', 'rotation result');
    await expectText(panel, ['Serial', 'Expires'], 'the issued certificate', 20_000);
  });

  await step('the CA certificate', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Certificates' }).click();
    await expectText(page.locator('#ca'), ['BEGIN CERTIFICATE', 'Download fleet-ca.pem'], 'CA');
    if (await page.locator('#ca a[download]').getAttribute('href') !== '/api/certificates/ca') fail('no download link to the CA');
  });
});
