// Measures issue #18 point 5 ("Speed") in headless Chromium against a built dist/:
//   - the release wasm, raw and gzip (-9);
//   - the requests and bytes the page fetched before its first result (raw, and gzip -9 of the
//     same files as a server that compresses would send them), median of the cold loads;
//   - the time to first result (navigation start → table and chart drawn), median of cold loads,
//     and where it goes: the page's performance marks (wasm started, presets fetched, library
//     loaded, first model run, chart drawn; `platform::clock::mark`) as medians;
//   - change → update (a select changed → the new chart drawn and the next frame), median, with
//     the opening view's 3 technologies and with all 11 cell presets;
//     (and, beside the targets, with the 11 in the scalability sweep, the page's largest view);
//   - the longest main-thread task (PerformanceObserver 'longtask') during those changes, and
//     where each result was computed (the page counts its own runs in <body data-page-runs>).
// Timings depend on the machine: run it on a quiet one and say what else was running.
//
// Usage: node tools/measure-interaction.mjs [--runs 7] [--changes 8] [--dist DIR]
//   (after `bash tools/build-web.sh`; --dist measures another build, e.g. an older copy)
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { serve, launch, DIST } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const runs = Number(opt('--runs', 7));
const changes = Number(opt('--changes', 8));
const dist = opt('--dist', DIST);

const ELEVEN = ['sram_22nm', 'stt_22nm', 'sot_22nm', 'reram_22nm', 'pcm_22nm', 'fefet_22nm', 'sram_16nm',
  'stt_16nm', 'sot_16nm', 'stt_16nm_deepnvm', 'sot_16nm_deepnvm'];
const VIEWS = [
  ['3 technologies (the opening view)', ''],
  ['11 technologies (every cell preset, ResNet-50 on a GTX 1080 Ti)',
    `?v=1&tech=${ELEVEN.join(',')}&base=sram_22nm&net=resnet50&phase=inference&batch=32&elem=2&gpu=gtx_1080_ti`],
  // Not a target of the issue (its sweep designs 11 caches at 12 capacities), but its tables and
  // chart are the page's largest: the long-task check matters most here.
  ['11 technologies, scalability sweep',
    `?v=1&tech=${ELEVEN.join(',')}&base=sram_22nm&net=resnet50&phase=inference&batch=32&elem=2&gpu=gtx_1080_ti&an=scaling`],
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const range = (xs) => `median ${median(xs).toFixed(0)}, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}`;
const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** The dist file a URL of the local server names (null for none). */
function fileOf(url) {
  const path = decodeURIComponent(new URL(url).pathname).replace(/^\/+/, '') || 'index.html';
  const file = join(dist, path);
  return existsSync(file) ? file : null;
}

console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at start`);
const wasm = readFileSync(join(dist, 'nvmcalc_bg.wasm'));
console.log(`release wasm: ${wasm.length} bytes raw, ${gz(wasm)} bytes gzip -9`);
if (existsSync(join(dist, 'presets.json'))) {
  const b = readFileSync(join(dist, 'presets.json'));
  console.log(`preset bundle presets.json: ${b.length} bytes raw, ${gz(b)} bytes gzip -9`);
}

const server = await serve(dist);
const browser = await launch();
try {
  // Cold loads: a fresh context (empty cache) each.
  const first = [];
  const stages = [];
  const requests = [];
  const raw = [];
  const zipped = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const seen = [];
    context.on('request', (r) => seen.push(r));
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-first-result-ms]', { timeout: 60000 });
    const { origin, ms, marks } = await page.evaluate(() => ({
      origin: performance.timeOrigin,
      ms: Number(document.body.dataset.firstResultMs),
      // The page's own marks (platform::clock::mark): where the time to the first result goes.
      marks: Object.fromEntries(performance.getEntriesByType('mark')
        .filter((m) => m.name.startsWith('nvmcalc:')).map((m) => [m.name.slice(8), m.startTime])),
    }));
    first.push(ms);
    stages.push(marks);
    const before = seen.filter((r) => r.timing().startTime <= origin + ms);
    requests.push(before.length);
    let r = 0;
    let z = 0;
    for (const req of before) {
      const file = fileOf(req.url());
      if (!file) continue;
      const bytes = readFileSync(file);
      r += bytes.length;
      z += gz(bytes);
    }
    raw.push(r);
    zipped.push(z);
    if (i === 0) {
      console.log(`requests before the first result (load 1): ${before.map((q) => new URL(q.url()).pathname).join(' ')}`);
    }
    await context.close();
  }
  console.log(`first result (navigation start → table and chart drawn, cold cache, local server): ${range(first)} ms over ${runs} loads`);
  // Each stage as the median time from the previous mark (ms after navigation start for the first).
  const names = Object.keys(stages[0] || {});
  const order = names.sort((a, b) => median(stages.map((m) => m[a])) - median(stages.map((m) => m[b])));
  let previous = 0;
  const parts = order.map((n) => {
    const at = median(stages.map((m) => m[n]));
    const part = `${n} ${at.toFixed(0)} (+${(at - previous).toFixed(0)})`;
    previous = at;
    return part;
  });
  console.log(`where it goes (median ms after navigation start, +ms since the previous mark): ${parts.join(', ')}`);
  console.log(`before the first result: ${median(requests)} requests, ${median(raw)} bytes raw, ${median(zipped)} bytes if served gzip -9 (median of ${runs} loads)`);

  for (const [label, link] of VIEWS) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url + link);
    await page.waitForSelector('body[data-first-result-ms]', { timeout: 60000 });
    // Let the worker start (a build without one computes on the page), then watch.
    await page.waitForSelector('body[data-worker="ready"]', { timeout: 20000 }).catch(() => {});
    await page.waitForTimeout(500);
    await page.evaluate(() => {
      window.speedLongTasks = [];
      new PerformanceObserver((l) => l.getEntries().forEach((e) => window.speedLongTasks.push(e.duration)))
        .observe({ type: 'longtask' });
    });
    const times = [];
    for (let i = 0; i < changes; i++) {
      // Alternate the delay and the energy scope: each change reruns the whole model.
      const [id, values] = i % 2 === 0 ? ['delay', ['access', 'execution']] : ['energy', ['l2', 'l2_dram']];
      const value = values[Math.floor(i / 2) % 2];
      const ms = await page.evaluate(([id, value]) => new Promise((resolve, reject) => {
        const chart = document.querySelector('#chart');
        const drawn = Number(chart.dataset.drawn);
        const select = document.querySelector(`#${id}`);
        if (select.value === value) {
          resolve(null);
          return;
        }
        const t0 = performance.now();
        const watch = new MutationObserver(() => {
          if (Number(chart.dataset.drawn) > drawn) {
            watch.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t0));
          }
        });
        watch.observe(chart, { attributes: true });
        setTimeout(() => reject(new Error(`#${id} = ${value}: no new chart in 60 s`)), 60000);
        select.value = value;
        select.dispatchEvent(new Event('input', { bubbles: true }));
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }), [id, value]);
      if (ms !== null) times.push(ms);
      await page.waitForTimeout(300);
    }
    const { longTasks, pageRuns, place } = await page.evaluate(() => ({
      longTasks: window.speedLongTasks,
      pageRuns: document.body.dataset.pageRuns ?? '(not recorded by this build)',
      place: document.querySelector('#compute-time').textContent,
    }));
    console.log(`${label}: change → update ${range(times)} ms over ${times.length} changes; ` +
      `longest main-thread task ${Math.max(0, ...longTasks).toFixed(0)} ms ` +
      `(${longTasks.length} over 50 ms: ${longTasks.map((t) => t.toFixed(0)).join(', ') || 'none'}); ` +
      `results computed on the page: ${pageRuns}; last: "${place.trim()}"`);
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end`);
