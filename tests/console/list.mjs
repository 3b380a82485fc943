// Agent list: shows the fleet's agents; selector, filters, search and sort narrow and order it; the
// state lives in the URL, so a deep link restores it.
// node list.mjs --base http://127.0.0.1:PORT --fleet '{"checkout-1":"<uid>",…}'
import { run, required, fail, until, expectText, expectListed, listedUids } from './lib/browser.mjs';

await run(async ({ page, args, step, base }) => {
  required(args, 'fleet');
  const fleet = JSON.parse(args.fleet);
  const all = Object.values(fleet);
  const pick = (...keys) => keys.map((k) => fleet[k]);
  const selector = page.getByLabel('Attribute selector');
  const clearFilters = page.getByRole('button', { name: 'Clear filters' });

  await step('the list shows every agent', async () => {
    await page.goto(`${base}/agents`);
    await expectListed(page, all, 'unfiltered list');
    await expectText(page.locator('#agents-summary'), `Showing 1–${all.length} of ${all.length} agents`, 'summary');
    const checkout = page.locator(`tr[data-uid="${fleet['checkout-1']}"]`);
    await expectText(checkout, ['checkout', '1.5.0', 'Connected', 'Healthy', 'WebSocket'], 'the checkout-1 row');
    await expectText(page.locator(`tr[data-uid="${fleet.inventory}"]`), 'Disconnected', 'the inventory row');
    await expectText(page.locator(`tr[data-uid="${fleet.ledger}"]`), 'Config Failed', 'the ledger row');
    await expectText(page.locator(`tr[data-uid="${fleet.shipping}"]`), 'Drifted', 'the shipping row');
    await expectText(page.locator(`tr[data-uid="${fleet.search}"]`), 'HTTP', 'the search row');
  });

  await step('an attribute selector filters the list', async () => {
    await selector.fill('service.name=checkout');
    await selector.press('Enter');
    await expectListed(page, pick('checkout-1', 'checkout-2'), 'selector service.name=checkout');
    await expectText(page.locator('#agents-summary'), 'of 2 matching agents', 'summary');
    if (!new URL(page.url()).searchParams.get('selector')) fail(`the selector is not in the URL: ${page.url()}`);

    await selector.fill('deployment.environment=staging,service.version!=1.3.0');
    await selector.press('Enter');
    await expectListed(page, pick('search', 'shipping'), 'selector environment=staging and version!=1.3.0');

    await selector.fill('service.name in (payments,ledger),!nonexistent');
    await selector.press('Enter');
    await expectListed(page, pick('payments-1', 'payments-2', 'ledger'), 'selector with in (…) and !key');
  });

  await step('an invalid selector is reported on the field', async () => {
    await selector.fill('service.name in (');
    await selector.press('Enter');
    await until(async () => await selector.getAttribute('aria-invalid') === 'true', 'the selector field is marked invalid');
    const error = await page.locator('.filters .error-text').innerText();
    if (!error.trim()) fail('no error text under the invalid selector');
  });

  await step('clear filters shows everything again', async () => {
    await clearFilters.click();
    await expectListed(page, all, 'after clearing');
    if (await selector.inputValue() !== '') fail('the selector field was not cleared');
  });

  await step('filters: disconnected, failed config, drifted, transport, unhealthy', async () => {
    const choose = async (label, option, expected) => {
      await page.getByLabel(label, { exact: true }).selectOption({ label: option });
      await expectListed(page, expected, `${label} = ${option}`);
      await page.getByLabel(label, { exact: true }).selectOption({ label: 'Any' });
      await expectListed(page, all, `${label} = Any`);
    };
    await choose('Connection', 'Disconnected', pick('inventory'));
    await choose('Remote config', 'Failed', pick('ledger'));
    await choose('Drift', 'Drifted', pick('shipping', 'ledger'));
    await choose('Transport', 'HTTP', pick('search'));
    await choose('Health', 'Unhealthy', pick('payments-2'));
  });

  await step('search matches attribute values and uids', async () => {
    const search = page.getByLabel('Search', { exact: true });
    await search.fill('stg-ship');
    await expectListed(page, pick('shipping'), 'search stg-ship (a host name)');
    await search.fill(fleet.cart.slice(-12));
    await expectListed(page, pick('cart'), 'search by part of a uid');
    await search.fill('');
    await expectListed(page, all, 'empty search');
  });

  await step('sorting by service name, both ways', async () => {
    const names = async () => page.locator('tbody tr[data-uid] td.cell-service').allInnerTexts();
    const sortButton = page.locator('th button[data-sort="serviceName"]');
    await sortButton.click();
    await until(async () => (await page.locator('th[aria-sort="ascending"] button[data-sort="serviceName"]').count()) === 1, 'service column marked ascending');
    await until(async () => { const n = await names(); return JSON.stringify(n) === JSON.stringify([...n].sort()) && n[0] === 'cart'; }, 'rows sorted by service name ascending');
    await page.locator('th button[data-sort="serviceName"]').click();
    await until(async () => (await page.locator('th[aria-sort="descending"] button[data-sort="serviceName"]').count()) === 1, 'service column marked descending');
    await until(async () => (await names())[0] === 'shipping', 'rows sorted by service name descending');
    if (!page.url().includes('sort=serviceName')) fail(`the sort is not in the URL: ${page.url()}`);
  });

  await step('a deep link restores the filters', async () => {
    await page.goto(`${base}/agents?selector=${encodeURIComponent('service.name=payments')}&connected=true`);
    await expectListed(page, pick('payments-1', 'payments-2'), 'deep link');
    if (await selector.inputValue() !== 'service.name=payments') fail('the selector field does not show the linked selector');
    if (await page.getByLabel('Connection', { exact: true }).inputValue() !== 'true') fail('the connection filter does not show the linked value');
  });

  await step('keyboard: a row link opens the agent', async () => {
    const link = page.locator(`tr[data-uid="${fleet['payments-1']}"] a`);
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/agents/${fleet['payments-1']}`);
    await expectText(page.locator('h1'), 'payments', 'the detail heading');
    await page.goBack();
    await until(async () => (await listedUids(page)).length === 2, 'back to the filtered list');
  });
});
