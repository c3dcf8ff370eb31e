// The model runs in a Web Worker after the first result: a long computation shows a progress
// indicator, never blocks the page, and gives the CLI's numbers bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliJson, CalculatorPage, pageTestEnvironment } from './harness.mjs';

const env = pageTestEnvironment();
const CELLS = ['sram_22nm', 'sram_16nm', 'stt_22nm', 'stt_16nm', 'sot_22nm', 'sot_16nm', 'stt_16nm_deepnvm',
  'sot_16nm_deepnvm', 'reram_22nm', 'pcm_22nm', 'fefet_22nm'];
const LINK = `?v=1&tech=${CELLS.join(',')}&base=sram_22nm&wl=resnet50_inference_nvmx&delay=access`
  + '&net=resnet50&phase=training&batch=32&elem=2&gpu=gtx_1080_ti';

test('a scalability sweep of 11 cells runs in the worker: progress shown, page responsive, CLI numbers', async () => {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await p.open(env.server.url + LINK);
  const first = await p.chartDrawn();
  assert.match(await p.page.textContent('#compute-time'), /in this browser/);
  // Wait for the worker to be ready (it loads its own presets), then watch the main thread.
  await p.page.waitForFunction(() => performance.getEntriesByType('resource')
    .some((r) => r.name.endsWith('worker.js')), null, { timeout: 10000 });
  await p.page.waitForTimeout(1500);
  await p.page.evaluate(() => {
    window.longTasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => window.longTasks.push(e.duration)))
      .observe({ type: 'longtask', buffered: false });
    // Frames keep coming while the worker computes: the largest gap between two frames.
    window.frameGaps = [];
    let last = performance.now();
    const tick = (t) => { window.frameGaps.push(t - last); last = t; if (window.frameGaps.length < 100000) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  // The busy state while the worker computes, recorded as it happens (a query sent after the
  // change can arrive after a fast answer).
  await p.page.evaluate(() => {
    window.seenBusy = { view: false, note: false };
    const view = document.querySelector('#results-view');
    const note = document.querySelector('#busy');
    new MutationObserver(() => {
      if (view.getAttribute('aria-busy') === 'true') window.seenBusy.view = true;
      if (!note.classList.contains('hidden')) window.seenBusy.note = true;
    }).observe(document.body, { attributes: true, subtree: true, attributeFilter: ['aria-busy', 'class'] });
  });
  await p.page.selectOption('#analysis', 'scaling');
  await p.chartDrawn(first + 1);
  const seenBusy = await p.page.evaluate(() => window.seenBusy);
  assert.equal(seenBusy.view, true, 'the results were marked busy');
  assert.equal(seenBusy.note, true, 'the busy note was shown');
  assert.equal(await p.page.getAttribute('#results-view', 'aria-busy'), 'false');
  const timing = await p.page.textContent('#compute-time');
  assert.match(timing, /in a background worker/);
  const ms = Number(await p.page.getAttribute('#compute-time', 'data-ms'));
  const { longTasks, gaps } = await p.page.evaluate(() => ({ longTasks: window.longTasks, gaps: window.frameGaps }));
  const maxTask = Math.max(0, ...longTasks);
  console.log(`# worker: ${ms.toFixed(0)} ms of model; main-thread long tasks ${longTasks.map((t) => t.toFixed(0)).join(', ') || 'none'} ms; largest frame gap ${Math.max(...gaps).toFixed(0)} ms`);
  // The model's time is spent off the main thread: no main-thread task as long as it.
  assert.ok(maxTask < Math.max(ms, 150), `a ${maxTask} ms main-thread task for a ${ms} ms computation`);

  // The worker's numbers are the CLI's.
  const query = p.page.url().slice(p.page.url().indexOf('?') + 1);
  assert.deepEqual(await p.outcomeJson(), cliJson(['--scenario', query]));
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('a burst of changes ends on the last one', async () => {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await p.open(env.server.url + LINK);
  await p.chartDrawn();
  await p.page.waitForTimeout(1500);
  for (const an of ['scaling', 'iso_area', 'details', 'scaling', 'iso_capacity']) {
    await p.page.selectOption('#analysis', an);
  }
  await p.page.waitForFunction(() => document.querySelector('#results-view').getAttribute('aria-busy') === 'false'
    && document.querySelector('#results'), null, { timeout: 30000 });
  const query = p.page.url().slice(p.page.url().indexOf('?') + 1);
  assert.doesNotMatch(query, /an=/);
  assert.deepEqual(await p.outcomeJson(), cliJson(['--scenario', query]));
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
