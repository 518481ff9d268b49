// Shared by the browser tests: boot the API (serving the built console) and the worker on a per-file database, and
// drive Debian's /usr/bin/chromium through playwright-core with a fresh user-data-dir per session.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type AppEnv, type Clock, loadEnv } from '#platform';
import { createTestDb, seedOrg, testClock, REDIS_URL, type TestDb } from '#testing';
import { createApi } from '../../apps/api/src/app.js';
import { startWorker, type RunningWorker } from '../../apps/worker/src/worker.js';
import { signIn } from '../support/harness.js';

export const ROOT = resolve(__dirname, '../..');
export const WEB_DIST = join(ROOT, 'apps/web/dist');
export const SHOTS = join(ROOT, 'artifacts/screenshots');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const SMALL = { width: 1366, height: 768 };
export const LARGE = { width: 1920, height: 1080 };

/** The browser tests need the built console; scripts/test.sh builds it first, a lone jest run builds it here. */
function ensureWebBuilt(): void {
  if (existsSync(join(WEB_DIST, 'index.html'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'apps/web/vite.config.ts')], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } });
}

export interface ConsoleServer {
  db: TestDb;
  /** The API's, the worker's and the browser's clock (testClock(): never the machine's date). */
  clock: Clock;
  app: NestFastifyApplication;
  worker: RunningWorker | undefined;
  base: string;
  http(): ReturnType<typeof request>;
  token(username: string): Promise<string>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

/** The clock of the console server this file booted: the browser sessions it opens run on it too. */
let serverClock: Clock | undefined;

export async function bootConsole(env: Partial<AppEnv> = {}, clock: Clock = testClock()): Promise<ConsoleServer> {
  ensureWebBuilt();
  mkdirSync(SHOTS, { recursive: true });
  serverClock = clock;
  const db = await createTestDb();
  await seedOrg(db.prisma, clock.now());
  const e = loadEnv({}, { DATABASE_URL: db.url, REDIS_URL, QUEUE_PREFIX: db.redisPrefix, NODE_ENV: 'test', WEB_DIST, SWEEP_INTERVAL_MS: 60_000, OUTBOX_POLL_MS: 100, ...env });
  const app = await createApi(e, clock, { logger: process.env.WEB_TEST_LOG === '1' ? true : ['error'] });
  await app.init();
  await app.listen(0, '127.0.0.1');
  const http = () => request(app.getHttpServer());
  const s: ConsoleServer = {
    db, clock, app, worker: await startWorker(e, clock, { logger: false }),
    base: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
    http,
    token: signIn(http),
    async stopWorker() {
      await s.worker?.stop();
      s.worker = undefined;
    },
    async close() {
      await s.stopWorker();
      await app.close();
      await db.drop();
    },
  };
  return s;
}

/**
 * One console server for this test file: booted before all its tests, closed after them, its browser sessions closed
 * after each test. The server is reached through the returned handle once booted (a test file's usual `srv`).
 */
export function consoleFile(env: Partial<AppEnv> = {}, clock?: Clock): ConsoleServer {
  let booted: ConsoleServer | undefined;
  beforeAll(async () => {
    booted = await bootConsole(env, clock);
  }, 180_000);
  afterAll(() => booted?.close());
  afterEach(() => closeSessions());
  return new Proxy({} as ConsoleServer, {
    get(_target, key) {
      if (!booted) throw new Error('the console server of this file is not booted yet (use it inside a test)');
      const v: unknown = Reflect.get(booted, key);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(booted) : v;
    },
  });
}

export interface Session {
  context: BrowserContext; page: Page; errors: string[]; dir: string;
  /** API responses ≥ 400 with their bodies (diagnosis only, written next to the last screenshot). */
  refusals: string[];
  /** API requests that took longer than SLOW_API_MS (diagnosis: printed in the test's log, so that CI shows them). */
  slow: string[];
}
const SLOW_API_MS = 3000;
const open: Session[] = [];

/** Closes the test's browsers, keeping a screenshot of each page as the test left it (the diagnosis on failure). */
export async function closeSessions(): Promise<void> {
  for (const s of open.splice(0)) {
    const name = (expect.getState().currentTestName ?? 'test').replace(/[^\w\u4e00-\u9fff-]+/g, '_').slice(0, 80);
    await s.page.screenshot({ path: join(SHOTS, `last-${name}.png`) }).catch(() => undefined);
    writeFileSync(join(SHOTS, `last-${name}.txt`), [...s.errors, ...s.refusals, ...s.slow, ''].join('\n'));
    // A wait that timed out in CI reads differently when the request behind it took 20 s.
    if (s.slow.length) console.warn(`[browser] ${name}: API requests slower than ${SLOW_API_MS} ms:\n${s.slow.join('\n')}`);
    await s.context.close();
    rmSync(s.dir, { recursive: true, force: true });
  }
}

/**
 * Headless Chromium with a fresh user-data-dir (playwright takes it as launchPersistentContext's argument, not as
 * a --user-data-dir flag), at a viewport; the browser's zone is not China's unless asked, on purpose.
 */
export async function session(viewport: { width: number; height: number }, timezoneId = 'America/New_York'): Promise<Session> {
  const dir = mkdtempSync(join(tmpdir(), 'fangxin-chromium-'));
  const context = await chromium.launchPersistentContext(dir, { executablePath: CHROMIUM, headless: true, args: FLAGS, viewport, locale: 'zh-CN', timezoneId, acceptDownloads: true });
  // The page's Date runs from the server's clock (timers keep running at real speed).
  if (serverClock) await context.clock.install({ time: serverClock.now() });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  // with the response body: the console's own line says only the status
  const refusals: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().includes('/api/')) void r.text().then((b) => refusals.push(`${r.request().method()} ${r.url()} → ${r.status()} ${b.slice(0, 300)}`), () => undefined);
  });
  const slow: string[] = [];
  page.on('requestfinished', (r) => {
    const ms = r.timing().responseEnd;
    if (ms > SLOW_API_MS && r.url().includes('/api/')) slow.push(`${r.method()} ${r.url()} ${Math.round(ms)} ms`);
  });
  const s = { context, page, errors, dir, refusals, slow };
  open.push(s);
  return s;
}

/** Logs in with the keyboard only: the username field has focus, Tab to the password, Enter. */
export async function login(base: string, page: Page, username: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.waitForURL(/\/login$/);
  await page.getByLabel('用户名').waitFor();
  await page.keyboard.type(username);
  await page.keyboard.press('Tab');
  await page.keyboard.type('demo12315');
  await page.keyboard.press('Enter');
  await page.getByTestId('user-unit').waitFor();
}

/** The open dialog (antd Modal) once its zoom-in has finished, so that clicks land where its buttons end up. */
export async function settledDialog(page: Page): Promise<Locator> {
  const modal = page.locator('.ant-modal').filter({ visible: true }).last();
  await modal.waitFor().catch(async (e: Error) => {
    // Seen once in CI (a click on 恢复计时, no dialog in 15 s): say what the page held, for the next time.
    const state = await page.evaluate(`JSON.stringify({ path: location.pathname, visibility: document.visibilityState,
      modals: Array.from(document.querySelectorAll('.ant-modal')).map((m) => ({ cls: m.className, box: m.getBoundingClientRect().toJSON() })),
      actions: document.querySelector('[data-testid=case-actions]')?.textContent ?? null })`).catch((x: Error) => x.message);
    const s = open.find((x) => x.page === page);
    throw new Error(`${e.message}\npage: ${String(state)}\nerrors: ${JSON.stringify(s?.errors ?? [])}\nrefusals: ${JSON.stringify(s?.refusals ?? [])}`);
  });
  // rc-motion puts ant-zoom-appear/-enter(-active) on the modal while it zooms in (a string: no DOM types here)
  await waitForTrue(page, `(() => {
    const m = Array.from(document.querySelectorAll('.ant-modal')).pop();
    return !!m && !/-(appear|enter)(-|\\b)/.test(m.className);
  })()`);
  return page.getByRole('dialog');
}

/**
 * Clicks a button of the open modal once the modal's zoom-in has finished: under load a click during the animation
 * can land beside the still-moving button and do nothing. `name` as written (antd spaces two-character labels).
 */
export async function clickInModal(page: Page, name: string): Promise<void> {
  const modal = await settledDialog(page);
  const spaced = name.length === 2 ? `${name[0]} ${name[1]}` : name;
  await modal.getByRole('button', { name: spaced, exact: true }).or(modal.getByRole('button', { name, exact: true })).click();
}

/**
 * Types into an antd AutoComplete and takes one of its suggestions, as a user would: click it, and again if the field
 * did not take it (a click that lands while the suggestions slide in can miss, the typed text then stays).
 */
export async function chooseSuggestion(page: Page, input: Locator, typed: string, label: string): Promise<void> {
  await input.fill(typed);
  for (let attempt = 1; ; attempt++) {
    if ((await input.getAttribute('aria-expanded')) !== 'true') await input.click();
    const list = await input.getAttribute('aria-controls'); // set once the suggestions have been shown
    await page.locator(`.ant-select-dropdown:has([id="${list}"]) .ant-select-item-option`, { hasText: label }).click();
    const end = Date.now() + 2000;
    while ((await input.inputValue()) !== label && Date.now() < end) await page.waitForTimeout(50);
    if ((await input.inputValue()) === label) return;
    if (attempt === 3) throw new Error(`the suggestion 「${label}」 was not taken (the field reads 「${await input.inputValue()}」)`);
    await input.fill(typed);
  }
}

/**
 * Picks an option of an antd Select from the dropdown this combobox opened, as a user would: click, and click again
 * if the choice did not take. A page-wide option locator can hit the previous Select's dropdown while it fades out,
 * and a dropdown that flips above its field (near the viewport's bottom) can move under a click.
 */
export async function pickOption(page: Page, combobox: Locator, label: string): Promise<void> {
  await combobox.click();
  const list = await combobox.getAttribute('aria-controls'); // set once the list has been opened
  if (!list) throw new Error('combobox without aria-controls');
  const select = combobox.locator(`xpath=ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' ant-select ')][1]`);
  for (let attempt = 1; ; attempt++) {
    if ((await combobox.getAttribute('aria-expanded')) !== 'true') await combobox.click();
    await page.locator(`.ant-select-dropdown:has([id="${list}"]) .ant-select-item-option`, { hasText: label }).click();
    try {
      await select.filter({ hasText: label }).waitFor({ timeout: 2000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  // a multiple Select keeps its list open after a pick; Escape closes just the list while it is open (rc-select stops
  // it there), but would close a surrounding dialog once the list is shut, so it is pressed only while expanded
  if ((await select.getAttribute('class'))?.includes('ant-select-multiple') && (await combobox.getAttribute('aria-expanded')) === 'true') {
    await combobox.press('Escape');
  }
  await page.locator(`.ant-select-dropdown:has([id="${list}"])`).waitFor({ state: 'hidden' });
}

/**
 * Picks a node of a searchable TreeSelect by typing `text` and clicking the node; retries a pick that did not take
 * (on a busy machine the click can land while the list is still opening or the form is still moving).
 */
export async function pickTreeNode(page: Page, field: Locator, text: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await field.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(text);
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: text }).click();
    try {
      await field.getByText(text).waitFor({ timeout: 3000 });
      return;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
}

export async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage, animations: 'disabled' }); // a modal mid-fade is not what a user reads
}

/** No horizontal scrollbar on the page itself (tables scroll inside their own box). */
/** Internal codes a user must never read: regime codes, and Latin words beyond the few the console uses on purpose. */
export function expectNoCodesIn(text: string): void {
  expect(text).not.toMatch(/\b(O121|O20|RCF|LOCAL)\b/);
  const words = (text.match(/[A-Za-z][A-Za-z_]+/g) ?? []).filter((w) => !['Excel', 'PDF', 'pdf', 'docx', 'txt', 'MB'].includes(w));
  expect(words).toEqual([]);
}

export async function expectNoPageOverflow(page: Page): Promise<void> {
  const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
  expect(overflow).toBeLessThanOrEqual(0);
}

/**
 * Waits until a JavaScript expression is true in the page. Not page.waitForFunction: it builds its predicate with
 * `new Function`, which the console's Content-Security-Policy (no 'unsafe-eval') refuses; page.evaluate goes through
 * DevTools, which the page's CSP does not govern, so the browser tests run the console under its real CSP.
 */
export async function waitForTrue(page: Page, expression: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression).catch(() => false)) return; // a navigation in between is a "not yet"
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await page.waitForTimeout(50);
  }
}

/**
 * The manager's dashboard drilled to 武陵区局: refresh until 丹阳所's 调解成功率 cell reads `1 / 1` — the worker's
 * rollup catches up asynchronously after the case closed.
 */
export async function drillToStationFigures(page: Page): Promise<void> {
  await page.waitForURL(/\/dashboard$/);
  await page.getByTestId('unit-row-wl').click();
  await page.getByTestId('drill-path').getByText('武陵区市场监督管理局').waitFor();
  const cell = page.getByTestId('cell-wl-dy-mediationSuccessRate');
  for (let i = 0; ; i++) {
    await cell.waitFor();
    if ((await cell.getAttribute('title'))?.startsWith('1 / 1')) return;
    if (i === 60) throw new Error(`丹阳所 mediation success stayed ${await cell.getAttribute('title')}`);
    await page.getByRole('button', { name: '刷新' }).or(page.getByRole('button', { name: '刷 新' })).click();
    await page.waitForTimeout(500);
  }
}

/** A message the demo SMS channel holds (GET /admin/messages). */
export interface DemoSms { template: string; text: string; purpose: string; status: string }

/**
 * Waits until `pick` finds what it wants among the messages the demo SMS channel holds for a phone (newest first,
 * read as an admin): the worker delivers them asynchronously.
 */
export async function demoSms<T>(srv: ConsoleServer, phone: string, pick: (list: DemoSms[]) => T | undefined): Promise<T> {
  const admin = await srv.token('admin');
  for (let i = 0; ; i++) {
    const list = (await srv.http().get(`/api/v1/admin/messages?to=${phone}`).set('Authorization', admin).expect(200)).body as DemoSms[];
    const found = pick(list);
    if (found !== undefined) return found;
    if (i > 300) throw new Error(`no such message arrived for ${phone}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Screenshots for the docs without the passing toasts over the page. */
export const quietToasts = (page: Page) => page.locator('.ant-message-notice').first().waitFor({ state: 'detached', timeout: 15_000 });

export interface PublicComplaint {
  name: string;
  address: string;
  respondent: string;
  creditCode?: string;
  /** district, as the region list names it */
  region: string;
  respondentAddress: string;
  /** a category the tree search finds by this text */
  category: string;
  description: string;
  request: string;
  phone: string;
}

/** Fills the public filing form (/public/file) and asks for the SMS code; the countdown shows it was sent. */
export async function fillPublicComplaint(page: Page, c: PublicComplaint): Promise<void> {
  const fill = (id: string, v: string) => page.getByTestId(id).fill(v);
  await fill('complainant-name', c.name);
  await fill('complainant-address', c.address);
  await fill('respondent-name', c.respondent);
  if (c.creditCode) await fill('respondent-credit-code', c.creditCode);
  // the region list loads with the reference data; pickOption retries a pick that did not take (a busy machine)
  await pickOption(page, page.getByTestId('respondent-region').getByRole('combobox'), c.region);
  await fill('respondent-address', c.respondentAddress);
  await pickTreeNode(page, page.getByTestId('category'), c.category);
  await fill('description', c.description);
  await fill('request', c.request);
  await fill('complainant-phone', c.phone);
  await page.getByTestId('sms-code-file').click();
  await page.getByTestId('sms-code-file').filter({ hasText: '秒后可重新获取' }).waitFor();
}

export interface IntakeCall {
  name: string;
  phone: string;
  address: string;
  respondent: string;
  /** the respondent's region code (6 digits) */
  regionCode: string;
  respondentAddress: string;
  /** a category code the category search picks, e.g. G01 */
  category: string;
  description: string;
  request: string;
}

/** Fills the operator's intake form (/intake) and waits for the routing preview to name `routedTo`. */
export async function fillIntake(page: Page, c: IntakeCall, routedTo: string): Promise<void> {
  const fill = (id: string, v: string) => page.getByTestId(id).fill(v);
  await fill('complainant-name', c.name);
  await fill('complainant-phone', c.phone);
  await fill('complainant-address', c.address);
  await fill('respondent-name', c.respondent);
  await fill('respondent-region', c.regionCode);
  await fill('respondent-address', c.respondentAddress);
  await page.getByTestId('category').click();
  await page.keyboard.type(c.category);
  await page.locator('.ant-select-item-option-active', { hasText: `${c.category} ` }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByTestId('category').filter({ hasText: `${c.category} ` }).waitFor();
  await fill('description', c.description);
  await fill('request', c.request);
  await page.getByTestId('routing-unit').filter({ hasText: routedTo }).waitFor();
}

/** A new browser session (LARGE unless told) signed in as `username` and on `path` of the console. */
export async function openAs(srv: ConsoleServer, username: string, path: string, viewport = LARGE): Promise<Session> {
  const s = await session(viewport);
  await login(srv.base, s.page, username);
  await s.page.goto(`${srv.base}${path}`);
  return s;
}
