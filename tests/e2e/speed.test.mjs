// Issue #18 point 5 ("Speed"), its structure (the timings are tools/measure-interaction.mjs's): a
// cold load fetches the one preset bundle, not each preset file; the first change after load, and
// every later one, is computed in the Web Worker, never on the page; the page falls back to the
// preset files where no bundle is served, also under a sub-path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CalculatorPage, cliJson, copyOfDist, pageTestEnvironment, serve } from './harness.mjs';

const env = pageTestEnvironment();

const ELEVEN = ['sram_22nm', 'stt_22nm', 'sot_22nm', 'reram_22nm', 'pcm_22nm', 'fefet_22nm', 'sram_16nm',
  'stt_16nm', 'sot_16nm', 'stt_16nm_deepnvm', 'sot_16nm_deepnvm'];
const ELEVEN_LINK = `?v=1&tech=${ELEVEN.join(',')}&base=sram_22nm&net=resnet50&phase=inference&batch=32&elem=2&gpu=gtx_1080_ti`;

/** Opens `url` in a fresh context (empty cache), recording every request's path. */
async function openCold(url) {
  const context = await env.browser.newContext();
  const paths = [];
  context.on('request', (r) => paths.push(new URL(r.url()).pathname));
  const p = new CalculatorPage(await context.newPage());
  await p.open(url);
  await p.chartDrawn();
  return { p, paths, context };
}

const pageRuns = (p) => p.page.getAttribute('body', 'data-page-runs');

test('a cold load fetches the preset bundle in one request, not each preset file', async () => {
  const { p, paths, context } = await openCold(env.server.url);
  assert.equal(paths.filter((u) => u.endsWith('/presets.json')).length, 1, paths.join(' '));
  assert.deepEqual(paths.filter((u) => u.includes('/presets/')), [], 'no preset file fetched one by one');
  // The worker gets the page's module and presets: nothing fetched twice.
  await p.page.waitForSelector('body[data-worker="ready"]', { timeout: 30000 });
  assert.equal(paths.filter((u) => u.endsWith('/nvmcalc_bg.wasm')).length, 1, paths.join(' '));
  assert.equal(paths.filter((u) => u.endsWith('/presets.json')).length, 1, paths.join(' '));
  assert.deepEqual(p.errors, []);
  await context.close();
});

test('the first change after load, made at once, is computed in the worker', async () => {
  const { p, context } = await openCold(env.server.url + ELEVEN_LINK);
  assert.match(await p.page.textContent('#compute-time'), /in this browser/, 'the first result is the page\'s');
  assert.equal(await pageRuns(p), '1');
  // At once, without waiting for the worker.
  const drawn = Number(await p.page.getAttribute('#chart', 'data-drawn'));
  await p.page.selectOption('#delay', 'execution');
  await p.chartDrawn(drawn + 1);
  assert.match(await p.page.textContent('#compute-time'), /in a background worker/);
  assert.equal(await pageRuns(p), '1', 'the page computed nothing after the first result');
  // The worker's numbers are the CLI's.
  const query = p.url().slice(p.url().indexOf('?') + 1);
  assert.deepEqual(await p.outcomeJson(), cliJson(['--scenario', query]));
  assert.deepEqual(p.errors, []);
  await context.close();
});

test('no change computes on the page: a run of changes, an analysis switch and the reproduction', async () => {
  const { p, context } = await openCold(env.server.url);
  await p.selectDelay('access');
  await p.choose('energy', 'l2');
  await p.toggleTechnology('sot_16nm');
  await p.choose('analysis', 'details');
  await p.choose('analysis', 'iso_capacity');
  assert.match(await p.page.textContent('#compute-time'), /in a background worker/);
  // The reproduction, too, runs in the worker.
  await reproducesInTheWorker(p);
  await context.close();
});

test('the reproduction asked for before the worker is ready waits for it', async () => {
  const { p, context } = await openCold(env.server.url);
  await reproducesInTheWorker(p);
  await context.close();
});

/** Runs the reproduction and checks that the worker computed it, and nothing else on the page. */
async function reproducesInTheWorker(p) {
  await p.page.click('#reproduce-run');
  await p.page.waitForSelector('#reproduce-table tbody tr', { timeout: 60000 });
  assert.match(await p.page.textContent('#reproduce-summary'), /in a background worker/);
  assert.equal(await pageRuns(p), '1');
  assert.deepEqual(p.errors, []);
}

test('without the bundle the page loads each preset file, also under a sub-path', async () => {
  const copy = copyOfDist();
  const root = mkdtempSync(join(tmpdir(), 'nvmcalc-nobundle-'));
  const sub = join(root, 'courses', 'nvmcalc');
  mkdirSync(sub, { recursive: true });
  cpSync(copy, sub, { recursive: true });
  rmSync(join(sub, 'presets.json'));
  const hosted = await serve(root);
  try {
    const withBundle = await openCold(env.server.url);
    const expected = await withBundle.p.values();
    await withBundle.context.close();
    const { p, paths, context } = await openCold(`${hosted.url}courses/nvmcalc/`);
    assert.ok(paths.some((u) => u === '/courses/nvmcalc/presets/index.toml'), paths.join(' '));
    assert.ok(paths.filter((u) => u.startsWith('/courses/nvmcalc/presets/')).length > 10);
    assert.deepEqual(await p.values(), expected);
    // The worker gets the same presets from the page.
    await p.selectDelay('access');
    assert.match(await p.page.textContent('#compute-time'), /in a background worker/);
    assert.deepEqual(p.errors, []);
    await context.close();
  } finally {
    hosted.stop();
    rmSync(root, { recursive: true, force: true });
    rmSync(copy, { recursive: true, force: true });
  }
});
