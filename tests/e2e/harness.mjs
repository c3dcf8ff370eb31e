// Shared pieces of the end-to-end tests: a static server for dist/, Chromium, the CLI, and a page
// object that knows the page's structure, so tests read as what a user does.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = join(ROOT, 'dist');

async function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

/** Serves `dir` on a free 127.0.0.1 port; returns { url, stop }. */
export async function serve(dir = DIST) {
  const port = await freePort();
  const proc = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir], {
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, stop: () => proc.kill() };
}

/** Serves dist/ and launches Chromium once for the test file (before its tests; stopped after
 * them); returns `{ server, browser }`, filled in once the tests start. */
export function pageTestEnvironment() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await serve();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
}

/** A copy of dist/ in a temporary folder, for tests that break a file. */
export function copyOfDist() {
  const dir = mkdtempSync(join(tmpdir(), 'nvmcalc-dist-'));
  cpSync(DIST, dir, { recursive: true });
  return dir;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Runs the CLI (built by `cargo test`) and parses its JSON. */
export function cliJson(args) {
  const bin = process.env.NVMCALC_BIN || join(ROOT, 'target', 'debug', 'nvmcalc');
  const out = execFileSync(bin, ['--presets', join(ROOT, 'presets'), 'compare', '--format', 'json', ...args], {
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

/** What the page shows once it has answered: the result of any analysis, or why there is none,
 * with the controls and panels built after it (`<body data-complete>`). */
export const READY = 'body[data-complete] :is(#results, #iso-area, #scaling, #details, #workloads, #compare-error), #load-error';

/** The page, as a user sees it. */
export class CalculatorPage {
  constructor(page) {
    this.page = page;
    this.errors = [];
    page.on('pageerror', (e) => this.errors.push(e.message));
    page.on('dialog', (d) => { this.errors.push(`unexpected dialog: ${d.message()}`); d.dismiss(); });
  }

  /** Opens `url` and waits for its answer. The control groups a reader can fold are then
   * unfolded (`{ unfold: false }` keeps them as the page opens), so that tests reach every input;
   * tests/e2e/navigation.test.mjs checks the folded page itself. */
  async open(url, { unfold = true } = {}) {
    await this.page.goto(url);
    await this.page.waitForSelector(READY, { timeout: 30000 });
    if (unfold) await this.unfoldControls();
  }

  /** Opens every control group (and the groups inside them). */
  async unfoldControls() {
    await this.page.evaluate(() => {
      for (const d of document.querySelectorAll('.controls details.group, .controls details.subgroup')) d.open = true;
    });
  }

  /** Waits until the chart has been drawn at least `n` times. */
  async chartDrawn(n = 1) {
    await this.page.waitForFunction((n) => Number(document.querySelector('#chart')?.dataset.drawn || 0) >= n, n, {
      timeout: 10000,
    });
    return Number(await this.page.getAttribute('#chart', 'data-drawn'));
  }

  /** Share of canvas pixels that are not white (0 for a blank chart). */
  async chartInk() {
    return this.page.evaluate(() => {
      const c = document.querySelector('#chart');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240) ink++;
      return ink / (d.length / 4);
    });
  }

  /** Technology ids of the table rows, in order. */
  async rowIds() {
    return this.page.$$eval('#results tbody tr', (rows) => rows.map((r) => r.dataset.tech));
  }

  /** { techId: { key: number|null } } from the table's full-precision data-value attributes. */
  async values() {
    return this.page.$$eval('#results tbody tr', (rows) => Object.fromEntries(rows.map((r) => [
      r.dataset.tech,
      Object.fromEntries([...r.querySelectorAll('td[data-key]')].map((td) => [
        td.dataset.key, td.dataset.value === '' ? null : Number(td.dataset.value),
      ])),
    ])));
  }

  async selectWorkload(id) {
    const before = await this.chartDrawn();
    await this.page.selectOption('#workload', id);
    await this.chartDrawn(before + 1);
  }

  async selectDelay(word) {
    const before = await this.chartDrawn();
    await this.page.selectOption('#delay', word);
    await this.chartDrawn(before + 1);
  }

  async toggleTechnology(id) {
    const before = await this.chartDrawn();
    await this.page.click(`input[data-tech="${id}"]`);
    await this.chartDrawn(before + 1);
  }

  async selectBaseline(id) {
    const before = await this.chartDrawn();
    await this.page.selectOption('#baseline', id);
    await this.chartDrawn(before + 1);
  }

  /** Types `value` into the cache field `key` (cap, slices, assoc, line, temp) and leaves it;
   * returns once the numbers were recomputed or the field shows an error. */
  async setCache(key, value) {
    const before = await this.chartDrawn();
    await this.page.fill(`#cache-${key}`, value);
    await this.page.press(`#cache-${key}`, 'Tab');
    await this.page.waitForFunction((n) => Number(document.querySelector('#chart').dataset.drawn) > n
      || document.querySelector('#cache-settings .field-error'), before, { timeout: 20000 });
  }

  /** Picks `value` in the cache select `key` (mode, node, rm, obj) and waits for the new numbers. */
  async selectCache(key, value) {
    const before = await this.chartDrawn();
    await this.page.selectOption(`#cache-${key}`, value);
    await this.chartDrawn(before + 1);
  }

  /** The text of the inline error under cache field `key`, or null. */
  async cacheError(key) {
    const el = await this.page.$(`#cache-${key}-error`);
    return el ? el.textContent() : null;
  }

  /** Imports a .cell text under `fileName` through the page's import form. */
  async importCell(fileName, text) {
    if (!(await this.page.$eval('#cell-import', (d) => d.open))) await this.page.click('#cell-import summary');
    await this.page.fill('#cell-name', fileName);
    await this.page.press('#cell-name', 'Tab');
    await this.page.fill('#cell-text', text);
    const before = await this.chartDrawn();
    await this.page.click('#cell-import-button');
    await this.page.waitForFunction((n) => Number(document.querySelector('#chart').dataset.drawn) > n
      || document.querySelector('#import-error'), before, { timeout: 20000 });
  }

  /** The report the page shows, as the JSON it offers for download (`Outcome::to_json`). */
  async outcomeJson() {
    return JSON.parse(await this.page.textContent('#outcome-json'));
  }

  /** { techId: { key: number|null } } from the iso-area table's data-value attributes. */
  async isoAreaValues() {
    return this.page.$$eval('#iso-area tbody tr', (rows) => Object.fromEntries(rows.map((r) => [
      r.dataset.tech,
      Object.fromEntries([...r.querySelectorAll('td[data-key]')].map((td) => [
        td.dataset.key, td.dataset.value === '' ? null : Number(td.dataset.value),
      ])),
    ])));
  }

  /** The scalability table: [{ capacity_kib, label, dram_bytes, techs: { id: { edp_js, edp_vs_baseline } } }]. */
  async scalingRows() {
    return this.page.$$eval('#scaling tbody tr', (rows) => rows.map((r) => {
      const num = (td) => (td.dataset.value === '' ? null : Number(td.dataset.value));
      const techs = {};
      for (const td of r.querySelectorAll('td[data-tech]')) {
        (techs[td.dataset.tech] ??= {})[td.dataset.key] = num(td);
      }
      return {
        capacity_kib: Number(r.dataset.capacityKib),
        label: r.querySelector('th').textContent.trim(),
        dram_bytes: num(r.querySelector('td[data-key="dram_bytes"]')),
        techs,
      };
    }));
  }

  /** Switches the workload to a network (or back to a count preset) and waits for new numbers
   * or a message. */
  async workloadKind(kind) {
    const before = await this.chartDrawn();
    await this.page.check(`#wl-kind-${kind}`);
    await this.page.waitForFunction((n) => Number(document.querySelector('#chart').dataset.drawn) > n
      || document.querySelector('#compare-error'), before, { timeout: 30000 });
  }

  /** Picks `value` in a select of the scenario (`analysis`, `net`, `phase`, `elem`, `gpu`) and
   * waits for new numbers or a message. */
  async choose(id, value) {
    const before = await this.chartDrawn();
    await this.page.selectOption(`#${id}`, value);
    await this.page.waitForFunction((n) => Number(document.querySelector('#chart').dataset.drawn) > n
      || document.querySelector('#compare-error'), before, { timeout: 30000 });
  }

  /** Types `value` into a network workload field (`batch`, `seq`, `decode`) and leaves it;
   * returns once the numbers were recomputed or the field shows an error. */
  async setWorkloadNumber(key, value) {
    const before = await this.chartDrawn();
    await this.page.fill(`#${key}`, value);
    await this.page.press(`#${key}`, 'Tab');
    await this.page.waitForFunction(([n, key]) => Number(document.querySelector('#chart').dataset.drawn) > n
      || document.querySelector(`#${key}-error`) || document.querySelector('#compare-error'), [before, key], { timeout: 30000 });
  }

  /** The text of the inline error under workload field `key`, or null. */
  async workloadError(key) {
    const el = await this.page.$(`#${key}-error`);
    return el ? el.textContent() : null;
  }

  /** The model time the page reports, ms. */
  async computeMs() {
    return Number(await this.page.getAttribute('#compute-time', 'data-ms'));
  }

  async notices() {
    return this.page.$$eval('#notices li', (items) => items.map((li) => li.textContent));
  }

  /** The URL the page currently shows (its share link). */
  url() {
    return this.page.url();
  }
}
