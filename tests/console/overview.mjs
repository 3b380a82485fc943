// Fleet overview: counts and versions; cards link to the filtered list; landmarks, skip link and
// navigation that moves focus; the other sections open.
// node overview.mjs --base http://127.0.0.1:PORT --fleet '{…}' --expect '{"total":9,…,"byVersion":{…}}'
import { run, required, fail, until, expectText, expectListed, listedUids } from './lib/browser.mjs';

await run(async ({ page, args, step, base }) => {
  required(args, 'fleet', 'expect');
  const fleet = JSON.parse(args.fleet);
  const expected = JSON.parse(args.expect);
  const stat = (key) => page.locator(`a.stat[data-stat="${key}"] .value`);

  await step('counts', async () => {
    await page.goto(`${base}/`);
    const keys = ['total', 'connected', 'disconnected', 'unhealthy', 'drifted', 'configFailed'];
    const want = JSON.stringify(Object.fromEntries(keys.map((k) => [k, String(expected[k])])));
    let shown = null;
    try {
      await until(async () => {
        shown = JSON.stringify(Object.fromEntries(await Promise.all(keys.map(async (k) => [k, await stat(k).innerText({ timeout: 500 })]))));
        return shown === want;
      }, `the cards show ${want}`);
    } catch (error) {
      fail(`${error.message}; they show ${shown}`);
    }
  });

  await step('agents by version', async () => {
    for (const [version, count] of Object.entries(expected.byVersion)) {
      const row = page.locator(`#by-version tr[data-key="${version}"]`);
      await expectText(row, [version, String(count)], `version ${version}`);
    }
    const rows = await page.locator('#by-version tbody tr').count();
    if (rows !== Object.keys(expected.byVersion).length) fail(`expected ${Object.keys(expected.byVersion).length} versions, the table has ${rows}`);
  });

  await step('a card opens the matching agents', async () => {
    await page.locator('a.stat[data-stat="drifted"]').click();
    await page.waitForURL('**/agents?drifted=true');
    await expectListed(page, [fleet.shipping, fleet.ledger], 'drifted agents');
    await page.goBack();
    await page.locator('#by-version a', { hasText: '1.3.0' }).click();
    await expectListed(page, [fleet.inventory], 'agents of version 1.3.0');
  });

  await step('landmarks, skip link and focus on navigation', async () => {
    await page.goto(`${base}/`);
    for (const role of ['banner', 'navigation', 'main']) {
      if (await page.getByRole(role).count() < 1) fail(`no ${role} landmark`);
    }
    if (await page.locator('[aria-live]').count() < 1) fail('no live region for announcements');
    await page.keyboard.press('Tab');
    await until(() => page.evaluate(() => document.activeElement?.classList.contains('skip-link')), 'the first Tab reaches the skip link');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    if (outline === 'none') fail('the focused skip link has no visible outline');
    await page.keyboard.press('Enter');
    await until(() => page.evaluate(() => document.activeElement?.id === 'main' || document.activeElement?.closest('#main') !== null), 'the skip link moves focus to the content');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
    await until(() => page.evaluate(() => document.activeElement?.tagName === 'H1' && document.activeElement.textContent === 'Agents'), 'navigation focuses the new page heading');
    const current = await page.locator('.mainnav a[aria-current="page"]').innerText();
    if (current !== 'Agents') fail(`the navigation marks "${current}" as the current page`);
  });

  await step('a link followed while the console starts keeps its page and focus', async () => {
    // Hold the identity request so the click lands before the first page is drawn: the start must
    // neither draw the old page over it nor drop the focus move.
    let asked;
    const identityAsked = new Promise((resolve) => { asked = resolve; });
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/api/me', async (route) => { asked(); await held; await route.continue(); });
    try {
      await page.goto(`${base}/`, { waitUntil: 'commit' });
      await identityAsked;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
      release();
      // Once the identity is applied every render it held has run or is under way; when the page is
      // drawn and idle, the focus must be on its heading (checked once: a later redraw would lose it).
      await until(() => page.evaluate(() => Boolean(document.body.dataset.role)), 'the identity is applied');
      await until(async () => (await listedUids(page)).includes(fleet.inventory)
        && await page.evaluate(() => !document.getElementById('main').hasAttribute('aria-busy')), 'the list of agents is drawn');
      const focused = await page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent?.slice(0, 40)}`);
      if (focused !== 'H1 Agents') fail(`the focus is on ${focused}, not the Agents heading`);
      if (!page.url().endsWith('/agents')) fail(`the console went to ${page.url()}`);
    } finally {
      release();
      await page.unroute('**/api/me');
    }
  });

  await step('the other sections open from the navigation', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Config rollouts' }).click();
    await expectText(page.locator('h1'), 'Config profiles and rollouts', 'rollouts heading');
    await nav.getByRole('link', { name: 'Packages' }).click();
    await expectText(page.locator('h1'), 'Packages', 'packages heading');
    await nav.getByRole('link', { name: 'Certificates' }).click();
    await expectText(page.locator('#ca'), 'BEGIN CERTIFICATE', 'the CA certificate');
  });
});
