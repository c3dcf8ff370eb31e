// Captures every view of the page on a desktop (1280×900) and a phone (390×844, 2× pixels) screen,
// full page, into a folder, with an index.html that shows them side by side (desktop | phone).
// Usage: node tools/screenshots.mjs [OUT_DIR] [BASE_URL]
//   OUT_DIR   default screenshots/ (git-ignored)
//   BASE_URL  default: dist/ served on a free 127.0.0.1 port for the run (build it first:
//             bash tools/build-web.sh)
// Exits non-zero when a view raised a page error or a console error, or a wait timed out; the
// screenshots that could be taken are written anyway.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve, launch, DIST, READY as RESULT_READY } from '../tests/e2e/harness.mjs';

/** The link of the network view used by several entries (the format of `Scenario::to_query`). */
const NETWORK = '?v=1&tech=sram_16nm,stt_16nm,sot_16nm&base=sram_16nm&net=resnet50&phase=training&batch=32&elem=2&gpu=gtx_1080_ti';
/** Any result or message of the calculator page. */
const READY = `${RESULT_READY}, #results-title`;
/** How long any one wait may take, ms. */
const TIMEOUT = 30000;
/** A .cell text the importer must refuse (a word where a number belongs). */
const BAD_CELL = '-MemCellType: MRAM\n-CellArea (F^2): lots\n-ResistanceOn (ohm): -3000\n';

/**
 * The views. `query` is appended to the base URL (a path such as `course.html` may lead it);
 * `act(page)` (optional) does what a user does before the shot; `waitFor` is a selector, or a
 * function of the page, that must resolve before the shot.
 */
const VIEWS = [
  { name: 'default', query: '', waitFor: '#results' },
  { name: 'iso-capacity-network', query: NETWORK, waitFor: '#results' },
  { name: 'iso-area', query: `${NETWORK}&an=iso_area`, waitFor: '#iso-area' },
  { name: 'scalability', query: `${NETWORK}&an=scaling`, waitFor: '#scaling' },
  { name: 'cache-details', query: `${NETWORK}&an=details`, waitFor: '#details' },
  { name: 'across-networks', query: `${NETWORK}&an=workloads`, waitFor: '#workloads-view' },
  {
    name: 'scalability-dark',
    query: `${NETWORK}&an=scaling`,
    // The page follows the system's colour scheme and redraws its chart when it changes.
    act: async (page) => {
      await page.waitForSelector('#chart[data-drawn]', { timeout: TIMEOUT });
      await page.emulateMedia({ colorScheme: 'dark' });
    },
    waitFor: '#chart[data-drawn="2"]',
  },
  {
    name: 'cell-editor',
    query: NETWORK,
    act: async (page) => {
      await page.click('#cell-editor summary');
      await page.selectOption('#edit-cell', 'stt_16nm');
      const input = '#edit-params input[data-param="write.pulse_ns"]';
      await page.fill(input, '5');
      await page.press(input, 'Tab');
      await page.waitForSelector('.custom-cell[data-custom="stt_16nm_custom"]', { timeout: TIMEOUT });
      const bad = '#edit-params input[data-param="mtj.r_parallel_ohm"]';
      await page.fill(bad, '-3');
      await page.press(bad, 'Tab');
    },
    waitFor: '#edit-error',
  },
  {
    name: 'reproduction',
    query: '',
    act: (page) => page.click('#reproduce-run'),
    waitFor: '#reproduce-table tbody tr',
  },
  {
    name: 'share-embed-dialog',
    query: NETWORK,
    act: (page) => page.click('#embed-dialog summary'),
    waitFor: '#embed-dialog[open] #embed-snippet',
  },
  { name: 'embed', query: `${NETWORK}&embed=1`, waitFor: '#results' },
  {
    name: 'course-page',
    query: 'course.html',
    ready: 'iframe',
    waitFor: async (page) => {
      for (const id of ['embed-iso-capacity', 'embed-scaling']) {
        // Lazy iframes load once near the viewport: bring each into view first.
        await page.locator(`#${id}`).scrollIntoViewIfNeeded();
        await page.frameLocator(`#${id}`).locator('#chart[data-drawn]').waitFor({ timeout: TIMEOUT });
      }
      await page.evaluate(() => window.scrollTo(0, 0));
    },
  },
  {
    name: 'cell-import-error',
    query: '',
    act: async (page) => {
      await page.click('#cell-import summary');
      await page.fill('#cell-name', 'broken.cell');
      await page.fill('#cell-text', BAD_CELL);
      await page.click('#cell-import-button');
    },
    waitFor: '#import-error',
  },
  {
    name: 'malformed-link',
    query: '?v=9&tech=nope,sram_16nm&wl=%3Cscript%3Ealert(1)%3C/script%3E&delay=fast&base=zz&batch=-3&cap=1e999&colour=red',
    waitFor: '#notices li',
  },
];

const DEVICES = [
  { name: 'desktop', options: { viewport: { width: 1280, height: 900 } } },
  { name: 'phone', options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
];


const outDir = resolve(process.argv[2] || 'screenshots');
let base = process.argv[3];
let server = null;
if (!base) {
  if (!existsSync(join(DIST, 'index.html'))) {
    console.error('dist/ is missing: build the page first (bash tools/build-web.sh) or pass BASE_URL');
    process.exit(2);
  }
  server = await serve(DIST);
  base = server.url;
}
if (!base.endsWith('/')) base += '/';
mkdirSync(outDir, { recursive: true });

const problems = [];
const notes = [];
const shots = []; // { view, device, file }
const started = Date.now();
const browser = await launch();
try {
  for (const device of DEVICES) {
    const context = await browser.newContext(device.options);
    for (const view of VIEWS) {
      const label = `${view.name} (${device.name})`;
      const page = await context.newPage();
      const problem = (what) => problems.push(`${label}: ${what}`);
      page.on('pageerror', (e) => problem(`page error: ${e.message}`));
      // A missing favicon is the browser's own request, not the page's: noted, not failed.
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        if (/favicon\.ico$/.test(m.location().url)) notes.push(`${label}: ${m.text()} (${m.location().url})`);
        else problem(`console error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
      });
      page.on('dialog', (d) => { problem(`unexpected dialog: ${d.message()}`); d.dismiss(); });
      const file = `${view.name}-${device.name}.png`;
      try {
        await page.goto(base + view.query);
        await page.waitForSelector(view.ready || READY, { timeout: TIMEOUT });
        if (view.act) await view.act(page);
        if (typeof view.waitFor === 'function') await view.waitFor(page);
        else await page.waitForSelector(view.waitFor, { timeout: TIMEOUT });
        // The chart is drawn after the table; wait for it where the view has one.
        if (await page.$('#chart')) await page.waitForSelector('#chart[data-drawn]', { timeout: TIMEOUT });
        await page.evaluate(() => document.fonts.ready);
      } catch (e) {
        problem(`wait failed: ${e.message.split('\n')[0]}`);
      }
      try {
        await page.screenshot({ path: join(outDir, file), fullPage: true });
        shots.push({ view: view.name, device: device.name, file });
        console.log(join(outDir, file));
      } catch (e) {
        problem(`screenshot failed: ${e.message.split('\n')[0]}`);
      }
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
  server?.stop();
}

const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const cell = (view, device) => {
  const s = shots.find((x) => x.view === view.name && x.device === device.name);
  return s ? `<td><a href="${esc(s.file)}"><img src="${esc(s.file)}" alt="${esc(`${view.name}, ${device.name}`)}" loading="lazy"></a></td>`
    : '<td class="missing">not captured</td>';
};
const rows = VIEWS.map((v) => `<tr><th>${esc(v.name)}<br><code>${esc(v.query || '(no query)')}</code></th>${DEVICES.map((d) => cell(v, d)).join('')}</tr>`);
const index = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>nvmcalc screenshots</title>
<style>
body { font-family: system-ui, sans-serif; margin: 1rem; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d5dae3; padding: 0.5rem; vertical-align: top; text-align: left; }
th { width: 14rem; font-weight: 600; }
th code { display: block; font-weight: normal; font-size: 0.75rem; word-break: break-all; margin-top: 0.3rem; }
td img { display: block; width: 100%; }
td:nth-child(2) { width: 640px; } td:nth-child(3) { width: 195px; }
.missing { color: #8a1f1f; }
.problems { background: #fde8e8; border: 1px solid #d64545; padding: 0.5rem 1rem; }
</style></head><body>
<h1>nvmcalc screenshots</h1>
<p>${esc(base)} · ${new Date().toISOString()} · desktop 1280×900 | phone 390×844 @2×, full page. Click a picture for full size.</p>
${problems.length ? `<div class="problems"><strong>Problems:</strong><ul>${problems.map((p) => `<li>${esc(p)}</li>`).join('')}</ul></div>` : ''}
<table><thead><tr><th>view</th>${DEVICES.map((d) => `<th>${d.name}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></body></html>
`;
writeFileSync(join(outDir, 'index.html'), index);
console.log(join(outDir, 'index.html'));
console.log(`${shots.length} screenshots in ${((Date.now() - started) / 1000).toFixed(1)} s`);
for (const n of notes) console.log(`note: ${n}`);
if (problems.length) {
  console.error(`${problems.length} problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
