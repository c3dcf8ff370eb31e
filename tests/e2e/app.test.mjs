// End-to-end tests of the served page in real headless Chromium (run by tools/test.sh after the
// release build): load, change controls, share-link round trip, CLI = browser, bad links, embed mode,
// broken presets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, cliJson, copyOfDist, CalculatorPage } from './harness.mjs';

const DEFAULT_TECHS = ['nvmx_sram_22nm_2mb_readedp', 'nvmx_stt_opt_22nm_2mb_readedp', 'nvmx_reram_opt_22nm_2mb_readedp'];
const KEYS = ['area_mm2', 'read_latency_ns', 'write_latency_ns', 'read_energy_pj', 'write_energy_pj', 'leakage_mw',
  'energy_j', 'delay_s', 'edp_js', 'edap_js_mm2', 'energy_j_vs_baseline', 'delay_s_vs_baseline', 'edp_js_vs_baseline',
  'edap_js_mm2_vs_baseline', 'area_mm2_vs_baseline'];

let server;
let browser;

before(async () => {
  server = await serve();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

async function openPage(path = '', viewport = { width: 1280, height: 900 }) {
  const page = new CalculatorPage(await browser.newPage({ viewport }));
  await page.open(server.url + path);
  return page;
}

/** Asserts the page's numbers equal the CLI's JSON for the same scenario, bit for bit. */
function assertSameNumbers(pageValues, cli) {
  assert.deepEqual(Object.keys(pageValues), cli.technologies.map((t) => t.id));
  for (const t of cli.technologies) {
    for (const k of KEYS) {
      assert.equal(pageValues[t.id][k], t[k], `${t.id}.${k}: page ${pageValues[t.id][k]} vs CLI ${t[k]}`);
    }
  }
}

test('loads the default scenario: three technologies, a drawn chart, no errors', async () => {
  const p = await openPage();
  assert.deepEqual(await p.rowIds(), DEFAULT_TECHS);
  await p.chartDrawn();
  assert.ok((await p.chartInk()) > 0.02, 'chart has visible bars and text');
  const head = await p.page.$$eval('#results thead th', (ths) => ths.map((th) => th.textContent));
  assert.ok(head.some((h) => h.includes('Energy') && h.includes('J')), `units in the header: ${head}`);
  assert.match(p.url(), /[?&]v=1&tech=/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('the page shows the same numbers as `nvmcalc compare --format json` (default scenario)', async () => {
  const p = await openPage();
  assertSameNumbers(await p.values(), cliJson([]));
  await p.page.close();
});

test('changing the workload changes the numbers and the link; the link restores identical numbers', async () => {
  const p = await openPage();
  const before = await p.values();
  await p.selectWorkload('gemm_4096_fp32_tiled');
  const after = await p.values();
  assert.notEqual(after[DEFAULT_TECHS[0]].energy_j, before[DEFAULT_TECHS[0]].energy_j);
  assert.match(p.url(), /wl=gemm_4096_fp32_tiled/);

  await p.selectDelay('execution');
  await p.toggleTechnology('nvmx_pcm_opt_22nm_2mb_readedp');
  await p.selectBaseline('nvmx_stt_opt_22nm_2mb_readedp');
  const shown = await p.values();
  const link = p.url();
  assert.match(link, /delay=execution/);
  assert.match(link, /base=nvmx_stt_opt_22nm_2mb_readedp/);

  const again = await openPage(link.slice(link.indexOf('?')));
  assert.deepEqual(await again.values(), shown, 'reloading the shared link gives identical numbers');
  const query = link.slice(link.indexOf('?') + 1);
  assertSameNumbers(shown, cliJson(['--scenario', query]));
  assert.deepEqual([...p.errors, ...again.errors], []);
  await p.page.close();
  await again.page.close();
});

test('a malformed or hostile link shows a notice and falls back to the defaults', async () => {
  const bad = '?v=9&tech=nope,%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&wl=%3Cscript%3Ealert(2)%3C/script%3E&delay=fast&base=zz&colour=red';
  const p = await openPage(bad);
  const notices = await p.notices();
  const text = notices.join('\n');
  for (const key of ['`v`', '`tech`', '`wl`', '`delay`', '`colour`']) {
    assert.ok(text.includes(key), `a notice names ${key}: ${text}`);
  }
  assert.ok(text.includes('<script>alert(2)</script>'), 'hostile text is shown as text');
  assert.equal(await p.page.$$eval('#notices img, #notices script', (els) => els.length), 0, 'no markup injected');
  assert.deepEqual(await p.rowIds(), DEFAULT_TECHS);
  await p.chartDrawn();
  assert.deepEqual(p.errors, []);
  await p.page.close();

  const huge = await openPage(`?tech=${'a'.repeat(10000)}`);
  assert.ok((await huge.notices()).join(' ').includes('longer than'));
  assert.deepEqual(await huge.rowIds(), DEFAULT_TECHS);
  await huge.page.close();
});

test('embed=1 shows only the result', async () => {
  const p = await openPage('?v=1&wl=gemm_1024_fp32_tiled&embed=1');
  await p.chartDrawn();
  assert.equal(await p.page.$$eval('.controls, header, footer', (els) => els.length), 0);
  assert.equal((await p.rowIds()).length, 3);
  const open = await p.page.getAttribute('.open-full a', 'href');
  assert.ok(open.includes('wl=gemm_1024_fp32_tiled') && !open.includes('embed'), open);
  assert.match(p.url(), /embed=1/, 'embed survives the URL rewrite');
  await p.page.close();
});

test('a broken preset file is reported with file, field, value and rule', async () => {
  const dir = copyOfDist();
  try {
    const file = join(dir, 'presets', 'caches', 'nvmx_pcm_opt_22nm_2mb_readedp.toml');
    writeFileSync(file, 'id = "nvmx_pcm_opt_22nm_2mb_readedp"\nname = "x"\nmemory = "pcm"\nleakage_mw = -1\n');
    const broken = await serve(dir);
    try {
      const page = new CalculatorPage(await browser.newPage());
      await page.open(broken.url);
      const msg = await page.page.textContent('#load-error');
      assert.match(msg, /caches\/nvmx_pcm_opt_22nm_2mb_readedp\.toml:4: leakage_mw = -1: must be a finite number ≥ 0/);
      assert.match(msg, /area_mm2: missing/);
      assert.deepEqual(page.errors, []);
      await page.page.close();
    } finally {
      broken.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('works on a phone-sized screen', async () => {
  const p = await openPage('', { width: 390, height: 844 });
  await p.chartDrawn();
  const overflow = await p.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no sideways scrolling of the page (overflow ${overflow}px)`);
  await p.page.close();
});
