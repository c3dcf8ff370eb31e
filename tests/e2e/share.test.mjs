// End-to-end tests of sharing and exporting: the copy-link button and the link it copies, the
// embed snippet and the view it embeds, the chart as PNG, the reproduction's JSON/CSV downloads
// (file contents checked against the CLI), and the example course page served under a sub-path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, CalculatorPage, ROOT, DIST, copyOfDist, pageTestEnvironment } from './harness.mjs';

const NETWORK_VIEW = '?v=1&tech=sram_16nm,stt_16nm,sot_16nm&base=sram_16nm&delay=access&net=resnet50&phase=training';

const env = pageTestEnvironment();

function cli(args) {
  const bin = process.env.NVMCALC_BIN || join(ROOT, 'target', 'debug', 'nvmcalc');
  return execFileSync(bin, ['--presets', join(ROOT, 'presets'), ...args], { encoding: 'utf8' });
}

/** A page in a context that may use the clipboard and downloads. */
async function openPage(path, viewport = { width: 1280, height: 900 }) {
  const context = await env.browser.newContext({ viewport, acceptDownloads: true });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url.replace(/\/$/, '') });
  const p = new CalculatorPage(await context.newPage());
  await p.open(env.server.url + path);
  await p.chartDrawn();
  return { p, context };
}

/** Clicks `selector` (a download link) and returns the downloaded file's name and bytes. */
async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
}

test('copy link puts the absolute link of this view on the clipboard, and it restores the same numbers', async () => {
  const { p, context } = await openPage(NETWORK_VIEW);
  const shown = await p.page.inputValue('#share-link');
  assert.equal(shown, p.url(), 'the field shows the address of this view');
  await p.page.click('#copy-link');
  await p.page.waitForFunction(() => document.querySelector('#copy-link-status').textContent.includes('Copied'));
  const copied = await p.page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, shown);
  assert.match(copied, /^http:\/\/127\.0\.0\.1:\d+\/\?v=1&/);
  assert.ok(!copied.includes('embed'), copied);
  const before = await p.outcomeJson();

  const q = new CalculatorPage(await context.newPage());
  await q.open(copied);
  assert.deepEqual(await q.outcomeJson(), before, 'the copied link restores the same report');
  assert.deepEqual([...p.errors, ...q.errors], []);
  await context.close();
});

test('the embed snippet is an iframe of this view with embed=1, and that view has no controls', async () => {
  const { p, context } = await openPage(`${NETWORK_VIEW}&an=iso_area`);
  await p.page.click('#embed-dialog summary');
  const snippet = await p.page.inputValue('#embed-snippet');
  const m = snippet.match(/^<iframe data-nvmcalc src="([^"]+)" title="([^"]+)" width="100%" height="\d+" style="border:0" loading="lazy"><\/iframe>\n<script>[\s\S]+<\/script>$/);
  assert.ok(m, snippet);
  const src = m[1].replaceAll('&amp;', '&');
  assert.match(src, /[?&]embed=1(&|$)/);
  assert.match(src, /[?&]an=iso_area(&|$)/);
  assert.ok(m[2].startsWith('nvmcalc: '), m[2]);
  await p.page.click('#copy-embed');
  await p.page.waitForFunction(() => document.querySelector('#copy-embed-status').textContent.includes('Copied'));
  assert.equal(await p.page.evaluate(() => navigator.clipboard.readText()), snippet);

  const q = new CalculatorPage(await context.newPage());
  await q.open(src);
  assert.equal(await q.page.$('#controls, .controls, #share, #reproduce'), null, 'embed mode shows the result only');
  assert.ok(await q.page.$('#iso-area'), 'the embedded view is the iso-area table');
  assert.deepEqual(await q.outcomeJson(), await p.outcomeJson(), 'the embedded view has the same numbers');
  await context.close();
});

test('the embed snippet starts at the height of its view and fits the frame to it: no scroll bar inside', async () => {
  const dir = copyOfDist();
  const hosted = await serve(dir);
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 800 } });
  try {
    for (const an of ['iso_capacity', 'scaling']) {
      const p = new CalculatorPage(await context.newPage());
      await p.open(`${hosted.url}?${NETWORK_VIEW.replace(/^\?/, '')}&an=${an}`);
      await p.chartDrawn();
      await p.page.click('#embed-dialog summary');
      const snippet = await p.page.inputValue('#embed-snippet');
      const first = Number(snippet.match(/ height="(\d+)"/)[1]);
      // A course page made of the snippet alone (its link is absolute, to this server).
      writeFileSync(join(dir, `host-${an}.html`), `<!doctype html><meta charset="utf-8"><body style="max-width:62rem;margin:0 auto"><p>Course text.</p>${snippet}<p id="after">More course text.</p></body>`);
      const host = await context.newPage();
      await host.goto(`${hosted.url}host-${an}.html`);
      const frame = host.frameLocator('iframe[data-nvmcalc]');
      await frame.locator('#chart[data-drawn]').waitFor({ timeout: 30000 });
      await host.waitForFunction(() => {
        const f = document.querySelector('iframe[data-nvmcalc]');
        const inner = f.contentDocument.body.scrollHeight;
        return Math.abs(f.getBoundingClientRect().height - inner) <= 2;
      }, null, { timeout: 10000 });
      const [outer, inner, overflow] = await host.$eval('iframe[data-nvmcalc]', (f) => [
        f.getBoundingClientRect().height, f.contentDocument.body.scrollHeight,
        f.contentDocument.documentElement.scrollHeight - f.contentWindow.innerHeight]);
      assert.ok(overflow <= 1, `${an}: nothing to scroll inside the frame (${overflow} px)`);
      assert.ok(Math.abs(first - inner) / inner < 0.25,
        `${an}: the snippet's first height ${first} px is within 25 % of the view's ${inner} px (frame ${outer} px)`);
      await host.close();
      await p.page.close();
    }
  } finally {
    await context.close();
    hosted.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the chart downloads as a PNG of the canvas', async () => {
  const { p, context } = await openPage(`${NETWORK_VIEW}&an=scaling`);
  const { name, bytes } = await download(p.page, '#export-png');
  assert.equal(name, 'nvmcalc-scaling.png');
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  // IHDR: width and height of the canvas.
  const [w, h] = await p.page.$eval('#chart', (c) => [c.width, c.height]);
  assert.equal(bytes.readUInt32BE(16), w);
  assert.equal(bytes.readUInt32BE(20), h);
  assert.ok(bytes.length > 5000, `a drawn chart, not a blank one (${bytes.length} bytes)`);
  assert.deepEqual(p.errors, []);
  await context.close();
});

test('the table downloads are the CLI JSON and CSV', async () => {
  const { p, context } = await openPage(NETWORK_VIEW);
  const json = await download(p.page, '#export-json');
  const csv = await download(p.page, '#export-csv');
  const args = ['compare', '--tech', 'sram_16nm,stt_16nm,sot_16nm', '--baseline', 'sram_16nm', '--delay', 'access',
    '--net', 'resnet50', '--phase', 'training'];
  assert.deepEqual(JSON.parse(json.bytes.toString('utf8')), JSON.parse(cli([...args, '--format', 'json'])));
  assert.equal(csv.bytes.toString('utf8'), cli([...args, '--format', 'csv']));
  await context.close();
});

test('the reproduction table downloads as the JSON and CSV of `nvmcalc reproduce deepnvm`', async () => {
  const { p, context } = await openPage('');
  await p.page.click('#reproduce-run');
  await p.page.waitForSelector('#reproduce-json', { timeout: 30000 });
  const json = await download(p.page, '#reproduce-json');
  const csv = await download(p.page, '#reproduce-csv');
  assert.equal(json.name, 'nvmcalc-deepnvm.json');
  const claims = JSON.parse(json.bytes.toString('utf8'));
  assert.deepEqual(claims, JSON.parse(cli(['reproduce', 'deepnvm', '--format', 'json'])));
  assert.deepEqual(Object.keys(claims[0]).slice(0, 4), ['claim', 'paper', 'ours', 'diff_pct']);
  assert.equal(csv.bytes.toString('utf8'), cli(['reproduce', 'deepnvm', '--format', 'csv']));
  await context.close();
});

test('the example course page embeds two views, and works under a sub-path', async () => {
  const root = mkdtempSync(join(tmpdir(), 'nvmcalc-subpath-'));
  const sub = join(root, 'courses', 'arch101', 'nvmcalc');
  cpSync(DIST, sub, { recursive: true });
  const hosted = await serve(root);
  const page = await env.browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${hosted.url}courses/arch101/nvmcalc/course.html`);
    const frames = { 'embed-iso-capacity': '#results', 'embed-scaling': '#scaling' };
    for (const [id, table] of Object.entries(frames)) {
      const frame = page.frameLocator(`#${id}`);
      await frame.locator(table).waitFor({ timeout: 30000 });
      await frame.locator('#chart[data-drawn]').waitFor({ timeout: 30000 });
      assert.equal(await frame.locator('.controls').count(), 0, `${id}: embed mode`);
      const open = await frame.locator('.open-full a').getAttribute('href');
      assert.ok(!open.includes('embed'), open);
      // The frame grows to its page: no scroll bar nested in the course page's.
      await page.waitForFunction((id) => {
        const f = document.getElementById(id);
        return f.contentDocument.documentElement.scrollHeight <= f.contentWindow.innerHeight + 1;
      }, id, { timeout: 10000 });
    }
    const src = await page.$eval('#embed-scaling', (f) => f.contentWindow.location.pathname);
    assert.equal(src, '/courses/arch101/nvmcalc/index.html', 'the iframe stays under the sub-path');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    hosted.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
