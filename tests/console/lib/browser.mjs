// Shared harness of the console's end-to-end scripts: arguments, the system chromium (never a
// downloaded browser), small waiting assertions, and failure reports that say what was expected.
import { existsSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.FLEET_CHROMIUM || '/usr/bin/chromium';
export const TIMEOUT_MS = 15_000;

/** --base http://127.0.0.1:4321 --uid … --flag → { base: '…', uid: '…', flag: true } */
export function parseArgs(argv = process.argv.slice(2)) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) throw new Error(`unexpected argument ${argv[i]}`);
    const key = argv[i].slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args[key] = true;
    else { args[key] = next; i++; }
  }
  return args;
}

export function required(args, ...keys) {
  const missing = keys.filter((k) => args[k] === undefined || args[k] === true);
  if (missing.length) throw new Error(`missing argument(s): ${missing.map((k) => `--${k}`).join(', ')}`);
}

export class Failure extends Error {}

export function fail(message) {
  throw new Failure(message);
}

/**
 * Runs a scenario in a fresh headless chromium profile. Uncaught page errors and content-policy
 * violations fail the run; on failure a screenshot of the page is saved and its path printed.
 */
export async function run(scenario) {
  const script = basename(process.argv[1], '.mjs');
  let args;
  try {
    args = parseArgs();
    required(args, 'base');
  } catch (error) {
    console.error(`${script}: ${error.message}`);
    process.exit(2);
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`${script}: no chromium at ${CHROMIUM}; install the Debian package (apt-get install chromium)`);
    process.exit(2);
  }
  const profile = mkdtempSync(join(tmpdir(), 'fleet-console-'));
  let context;
  let page;
  const pageErrors = [];
  const started = Date.now();
  let current = 'starting the browser';
  const step = async (name, fn) => {
    current = name;
    const t = Date.now();
    const value = await fn();
    console.log(`ok   ${name} (${Date.now() - t} ms)`);
    return value;
  };
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage',
      ],
      viewport: { width: 1440, height: 900 },
      deviceScaleFactor: 1,
      colorScheme: 'light',
      reducedMotion: 'reduce',
      locale: 'en-GB',
      timezoneId: 'UTC',
      timeout: 30_000,
    });
    context.setDefaultTimeout(TIMEOUT_MS);
    page = context.pages()[0] ?? await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`uncaught in page: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) {
        pageErrors.push(`content policy: ${message.text()}`);
      }
    });
    const checkErrors = () => { if (pageErrors.length) fail(pageErrors.join('\n')); };
    await scenario({ page, args, step, base: args.base.replace(/\/$/, ''), checkErrors });
    checkErrors();
    console.log(`${script}: passed in ${Date.now() - started} ms`);
  } catch (error) {
    let shot = '';
    if (page) {
      try {
        const dir = join(tmpdir(), 'fleet-console-failures');
        mkdirSync(dir, { recursive: true });
        shot = join(dir, `${script}-${Date.now()}.png`);
        await page.screenshot({ path: shot, fullPage: true });
      } catch { shot = ''; }
    }
    const what = error instanceof Failure ? error.message : (error.stack ?? String(error));
    console.error(`${script}: FAILED while ${current}\n${what}${pageErrors.length ? `\npage errors:\n${pageErrors.join('\n')}` : ''}` +
      `${page ? `\nat ${page.url()}` : ''}${shot ? `\nscreenshot: ${shot}` : ''}`);
    process.exitCode = 1;
  } finally {
    await context?.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Polls fn until it returns a truthy value; fails with the message (and fn's last value) after the timeout. */
export async function until(fn, message, timeout = TIMEOUT_MS) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (error) {
      last = error.message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  fail(`${message} (timed out after ${timeout} ms; last seen: ${JSON.stringify(last)})`);
}

/**
 * Waits until the locator's rendered text (innerText: what a sighted user sees) contains every expected
 * string. With {all: true} it reads textContent instead, which includes screen-reader-only text.
 */
export async function expectText(locator, expected, what, timeout = TIMEOUT_MS, { all = false } = {}) {
  const wanted = Array.isArray(expected) ? expected : [expected];
  return until(async () => {
    const text = (await locator.count()) ? (all ? await locator.first().textContent() : await locator.first().innerText()) : '';
    return wanted.every((w) => text.includes(w)) ? text : false;
  }, `${what}: expected text ${JSON.stringify(wanted)}`, timeout);
}

/** The instance uids of the rows the agent table shows now. */
export async function listedUids(page) {
  return page.locator('table.agents-table tbody tr[data-uid]').evaluateAll((rows) => rows.map((r) => r.dataset.uid));
}

/** Waits until the list shows exactly the expected set of agents (order ignored). */
export async function expectListed(page, expected, what) {
  const want = [...expected].map((u) => u.toLowerCase()).sort();
  return until(async () => {
    const got = (await listedUids(page)).map((u) => u.toLowerCase()).sort();
    return JSON.stringify(got) === JSON.stringify(want) ? got : false;
  }, `${what}: expected the list to show ${want.length} agent(s) ${JSON.stringify(want)}`);
}

/** Saves a screenshot under --screenshots when it was given (docs/screenshots). */
export async function screenshot(page, args, name, options = {}) {
  if (!args.screenshots || args.screenshots === true) return;
  mkdirSync(args.screenshots, { recursive: true });
  if (options.fullPage) {
    // Sticky bars would be painted mid-page in a full-page capture.
    await page.evaluate(() => {
      for (const el of document.querySelectorAll('.topbar, .editor-actions')) el.style.position = 'static';
      window.scrollTo(0, 0);
    });
  }
  await page.screenshot({ path: join(args.screenshots, `${name}.png`), ...options });
  console.log(`     screenshot ${name}.png`);
}
