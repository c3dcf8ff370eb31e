// End-to-end tests of the served page in real headless Chromium (run by tools/test.sh after the
// release build): load, change controls, share-link round trip, CLI = browser, bad links, embed mode,
// broken presets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, cliJson, copyOfDist, CalculatorPage, ROOT, pageTestEnvironment } from './harness.mjs';

/** A link that sets a key reads over the index's [default] (NVMExplorer's caches on its ResNet-50
 * counts); an empty link opens the opening view (tests/e2e/opening.test.mjs). */
const DEFAULTS = '?v=1&delay=access';
const DEFAULT_TECHS = ['nvmx_sram_22nm_2mb_readedp', 'nvmx_stt_opt_22nm_2mb_readedp', 'nvmx_reram_opt_22nm_2mb_readedp'];
const KEYS = ['area_mm2', 'read_latency_ns', 'write_latency_ns', 'read_energy_pj', 'write_energy_pj', 'leakage_mw',
  'energy_j', 'delay_s', 'edp_js', 'edap_js_mm2', 'energy_j_vs_baseline', 'delay_s_vs_baseline', 'edp_js_vs_baseline',
  'edap_js_mm2_vs_baseline', 'area_mm2_vs_baseline'];

const env = pageTestEnvironment();

async function openPage(path = '', viewport = { width: 1280, height: 900 }) {
  const page = new CalculatorPage(await env.browser.newPage({ viewport }));
  await page.open(env.server.url + path);
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

test('loads the link defaults: three technologies, a drawn chart, no errors', async () => {
  const p = await openPage(DEFAULTS);
  assert.deepEqual(await p.rowIds(), DEFAULT_TECHS);
  await p.chartDrawn();
  assert.ok((await p.chartInk()) > 0.02, 'chart has visible bars and text');
  const head = await p.page.$$eval('#results thead th', (ths) => ths.map((th) => th.textContent));
  assert.ok(head.some((h) => h.includes('Energy')), `quantities in the header: ${head}`);
  // Each number carries its unit (with an engineering prefix: 174.8 µJ).
  const energy = await p.page.$$eval('#results td[data-key="energy_j"]', (tds) => tds.map((td) => td.textContent.trim()));
  assert.ok(energy.every((t) => / [a-zµ]?J$/.test(t)), `units in the cells: ${energy}`);
  assert.match(p.url(), /[?&]v=1&tech=/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('the page shows the same numbers as `nvmcalc compare --format json` (link defaults)', async () => {
  const p = await openPage(DEFAULTS);
  assertSameNumbers(await p.values(), cliJson(['--delay', 'access']));
  await p.page.close();
});

test('changing the workload changes the numbers and the link; the link restores identical numbers', async () => {
  const p = await openPage(DEFAULTS);
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
    const path = 'caches/nvmx_pcm_opt_22nm_2mb_readedp.toml';
    const broken = 'id = "nvmx_pcm_opt_22nm_2mb_readedp"\nname = "x"\nmemory = "pcm"\nleakage_mw = -1\n';
    writeFileSync(join(dir, 'presets', path), broken);
    // The page reads the one-file bundle (presets.json): break the file there too.
    const bundle = JSON.parse(readFileSync(join(dir, 'presets.json'), 'utf8'));
    bundle.files.find(([p]) => p === path)[1] = broken;
    writeFileSync(join(dir, 'presets.json'), JSON.stringify(bundle));
    const served = await serve(dir);
    try {
      const page = new CalculatorPage(await env.browser.newPage());
      await page.open(served.url);
      const msg = await page.page.textContent('#load-error');
      assert.match(msg, /caches\/nvmx_pcm_opt_22nm_2mb_readedp\.toml:4: leakage_mw = -1: must be a finite number from 0 to 1000000/);
      assert.match(msg, /area_mm2: missing/);
      assert.deepEqual(page.errors, []);
      await page.page.close();
    } finally {
      served.stop();
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

const CELL_LINK = '?v=1&tech=sram_22nm,stt_22nm,sot_22nm&base=sram_22nm&wl=resnet50_inference_nvmx&delay=access';
const SAMPLE_CELL = readFileSync(join(ROOT, 'tests', 'golden', 'nvsim', 'configs', 'sample_STTRAM.cell'), 'utf8');

test('cell presets: the page shows the same numbers as the CLI for a sliced GPU-L2 link (page = CLI)', async () => {
  const link = `${CELL_LINK}&cap=2.75&slices=11&obj=read_edp`;
  const p = await openPage(link);
  assert.deepEqual(await p.notices(), []);
  assert.deepEqual(await p.rowIds(), ['sram_22nm', 'stt_22nm', 'sot_22nm']);
  await p.chartDrawn();
  assertSameNumbers(await p.values(), cliJson(['--scenario', link.slice(1)]));
  const ms = await p.computeMs();
  assert.ok(ms >= 0 && ms < 5000, `model time shown: ${ms} ms`);
  assert.match(await p.page.textContent('#compute-time'), /Computed in [\d.]+ ms in this browser \(3 cell technologies/);
  assert.match(await p.page.textContent('tr[data-tech="stt_22nm"] .tech-meta'), /2816 KiB · 22 nm/);
  assert.match(await p.page.getAttribute('tr[data-tech="stt_22nm"] th', 'title'), /11 slices of 256 KiB/);
  const title = await p.page.getAttribute('#cell-presets label:has(input[data-tech="stt_22nm"])', 'title');
  assert.match(title, /^STT-MRAM cell at 22 nm, built into the cache set below\. Source: Footprint: Intel 22FFL/, 'the cell preset shows its source');
  assert.equal(await p.page.inputValue('#cache-cap'), '2.75');
  assert.match(p.url(), /cap=2\.75&slices=11&obj=read_edp/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('cache settings: bad values are named inline and not applied; good ones change numbers and link', async () => {
  const p = await openPage(CELL_LINK);
  const before = await p.values();

  await p.setCache('slices', '3');
  // The default 4 MiB does not split into 3 slices: the slice count is named.
  assert.match(await p.cacheError('slices'), /Slices = 3: 4 MiB \(4194304 bytes\) does not split into 3 equal slices/);
  assert.ok(await p.page.$('#cache-not-applied'), 'says the settings are not applied');
  assert.deepEqual(await p.values(), before, 'nothing changed');
  assert.doesNotMatch(p.url(), /slices=/);

  await p.setCache('cap', '3');
  assert.equal(await p.cacheError('slices'), null);
  assert.equal(await p.page.$('#cache-not-applied'), null);
  assert.match(p.url(), /&cap=3&slices=3/);
  const after = await p.values();
  assert.notEqual(after.stt_22nm.area_mm2, before.stt_22nm.area_mm2);

  for (const [key, bad, needle] of [
    ['temp', 'hot', 'Temperature (K) = hot: accepted: a whole number of kelvin from 300 to 400'],
    ['line', '100', 'Line size (B) = 100: accepted: a power of two from 16 to 512 bytes'],
    ['assoc', '<b>x</b>', 'Associativity (ways) = <b>x</b>: accepted'],
    ['cap', '1e400', 'Capacity (MiB, all slices) = 1e400: accepted'],
  ]) {
    await p.setCache(key, bad);
    assert.ok((await p.cacheError(key)).includes(needle), `${key}: ${await p.cacheError(key)}`);
    assert.deepEqual(await p.values(), after, `${key}=${bad} is not applied`);
  }
  assert.equal(await p.page.$$eval('#cache-settings b', (els) => els.length), 0, 'no markup injected');
  for (const [key, good] of [['temp', '350'], ['line', '128'], ['assoc', '16'], ['cap', '3']]) await p.setCache(key, good);
  assert.deepEqual(await p.values(), after);

  await p.selectCache('rm', 'lop');
  await p.selectCache('node', 'nvsim_22nm');
  const link = p.url();
  assert.match(link, /node=nvsim_22nm&rm=lop/);
  const shown = await p.values();
  const again = await openPage(link.slice(link.indexOf('?')));
  assert.deepEqual(await again.values(), shown, 'the link restores identical numbers');
  assert.equal(await again.page.inputValue('#cache-slices'), '3');
  assertSameNumbers(shown, cliJson(['--scenario', link.slice(link.indexOf('?') + 1)]));
  assert.deepEqual([...p.errors, ...again.errors], []);
  await p.page.close();
  await again.page.close();
});

test('a bad cache link shows a notice per key and uses the defaults', async () => {
  const p = await openPage(`${CELL_LINK}&cap=-1&temp=9000&obj=fastest&node=3`);
  const text = (await p.notices()).join('\n');
  for (const key of ['`cap`', '`temp`', '`obj`', '`node`']) assert.ok(text.includes(key), `${key}: ${text}`);
  assert.deepEqual(await p.rowIds(), ['sram_22nm', 'stt_22nm', 'sot_22nm']);
  assertSameNumbers(await p.values(), cliJson(['--scenario', CELL_LINK.slice(1)]));
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('an imported NVSim .cell becomes a technology (page = CLI) that travels in the link; bad text is named', async () => {
  const p = await openPage(CELL_LINK);
  await p.importCell('broken.cell', '-MemCellType: MRAM\n-CellArea (F^2): lots\n');
  const err = await p.page.textContent('#import-error');
  assert.match(err, /broken\.cell/);
  assert.deepEqual(await p.rowIds(), ['sram_22nm', 'stt_22nm', 'sot_22nm']);

  await p.importCell('My STT.cell', SAMPLE_CELL);
  assert.equal(await p.page.$('#import-error'), null);
  assert.match(await p.page.textContent('#import-added'), /Added `my_stt`/);
  assert.deepEqual(await p.rowIds(), ['sram_22nm', 'stt_22nm', 'sot_22nm', 'my_stt']);
  assert.match(p.url(), /&cell=my_stt~stt_22nm~/, 'the link carries the cell as changes from the nearest preset');
  const again = await openPage(p.url().slice(p.url().indexOf('?')));
  assert.deepEqual(await again.rowIds(), ['sram_22nm', 'stt_22nm', 'sot_22nm', 'my_stt']);
  assert.deepEqual(await again.values(), await p.values());
  await again.page.close();
  await p.importCell('My STT.cell', SAMPLE_CELL);
  assert.match(await p.page.textContent('#import-error'), /already used/);

  const dir = mkdtempSync(join(tmpdir(), 'nvmcalc-cell-'));
  try {
    const file = join(dir, 'My STT.cell');
    writeFileSync(file, SAMPLE_CELL);
    assertSameNumbers(await p.values(), cliJson(['--scenario', CELL_LINK.slice(1), '--cell', file, '--node-nm', '22']));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await p.page.click('button[data-remove="my_stt"]');
  await p.page.waitForFunction(() => !document.querySelector('tr[data-tech="my_stt"]'));
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
