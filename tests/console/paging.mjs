// Ten thousand agents: server-side paging, sorting, filters, the layout holding at 250 rows of long
// names; then a new agent connects and appears in the open list without a reload.
// node paging.mjs --base http://127.0.0.1:PORT --total 10000
// Prints "waiting-for-new-agent" and reads the new agent's uid from stdin.
import { createInterface } from 'node:readline';
import { run, required, fail, until, expectText, expectListed } from './lib/browser.mjs';

const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

await run(async ({ page, args, step, base }) => {
  required(args, 'total');
  const total = Number(args.total);
  const fmt = (n) => new Intl.NumberFormat('en').format(n);
  const summary = page.locator('#agents-summary');
  const rows = page.locator('table.agents-table tbody tr[data-uid]');
  const noHorizontalScroll = async (what) => {
    const { page: width, viewport } = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, viewport: window.innerWidth }));
    if (width > viewport) fail(`${what}: the page is ${width}px wide in a ${viewport}px window`);
  };

  await step('first page of many', async () => {
    await page.goto(`${base}/agents`);
    await expectText(summary, `Showing 1–50 of ${fmt(total)} agents`, 'summary');
    await expectText(page.locator('.pager'), `Page 1 of ${fmt(Math.ceil(total / 50))}`, 'pager');
    if (await rows.count() !== 50) fail(`expected 50 rows, got ${await rows.count()}`);
    await noHorizontalScroll('50 rows');
  });

  await step('next, last and first pages', async () => {
    await page.getByRole('button', { name: 'Next page' }).click();
    await expectText(summary, `Showing 51–100 of ${fmt(total)}`, 'second page');
    await page.getByRole('button', { name: 'Last page' }).click();
    await expectText(summary, `Showing ${fmt(total - 49)}–${fmt(total)} of ${fmt(total)}`, 'last page');
    if (!await page.getByRole('button', { name: 'Next page' }).isDisabled()) fail('Next is enabled on the last page');
    await page.goBack();
    await expectText(summary, `Showing 51–100 of ${fmt(total)}`, 'back to the second page');
    await page.getByRole('button', { name: 'First page' }).click();
    await expectText(summary, `Showing 1–50 of ${fmt(total)}`, 'first page again');
  });

  await step('250 rows of long names keep the layout', async () => {
    await page.getByLabel('Agents per page').selectOption('250');
    await expectText(summary, `Showing 1–250 of ${fmt(total)}`, '250 per page');
    await until(async () => await rows.count() === 250, '250 rows');
    await noHorizontalScroll('250 rows');
    const widest = await page.locator('td.cell-service').evaluateAll((cells) => Math.max(...cells.map((c) => c.getBoundingClientRect().width)));
    if (widest > 320) fail(`long service names stretch their column to ${widest}px`);
  });

  await step('filters over the whole inventory', async () => {
    const selector = page.getByLabel('Attribute selector');
    await selector.fill('service.version=0.111.0,deployment.environment=production');
    await selector.press('Enter');
    await expectText(summary, `of ${fmt(total / 10)} matching agents`, 'selector over 10k agents');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Health', { exact: true }).selectOption({ label: 'Unhealthy' });
    await expectText(summary, `of ${fmt(Math.ceil(total / 13))} matching agents`, 'unhealthy agents');
  });

  await step('a new agent appears in the open list without a reload', async () => {
    await page.goto(`${base}/agents?search=latecomer`);
    await expectText(summary, 'No matching agents', 'nothing matches yet');
    await page.evaluate(() => { window.__sameDocument = true; });
    console.log('waiting-for-new-agent');
    const next = await lines.next();
    if (next.done) fail('stdin closed before the new agent\'s uid came');
    const uid = next.value.trim();
    await expectListed(page, [uid], 'the new agent, live');
    if (!await page.evaluate(() => window.__sameDocument === true)) fail('the page reloaded');
  });

  await step('the overview counts it too', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await until(async () => (await page.locator('a.stat[data-stat="total"] .value').innerText().catch(() => '')) === fmt(total + 1), `the overview shows ${fmt(total + 1)} agents`);
  });
});
process.exit(process.exitCode ?? 0);
