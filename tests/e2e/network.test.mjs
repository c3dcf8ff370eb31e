// End-to-end tests of network workloads and the three analyses (iso-capacity, iso-area,
// scalability) in real headless Chromium: a link restores the controls and the numbers, the tables
// show the numbers of the report the page exports, the scalability chart is drawn, and bad numbers
// typed into the workload are named inline without a crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliJson, CalculatorPage, pageTestEnvironment } from './harness.mjs';

const CELLS = ['sram_16nm', 'stt_16nm', 'sot_16nm'];
const NETWORK_LINK = '?v=1&tech=sram_16nm,stt_16nm,sot_16nm&base=sram_16nm&cap=3&slices=3'
  + '&net=resnet18&phase=training&batch=16&elem=4&gpu=gtx_1080_ti';
const ISO_AREA_LINK = `${NETWORK_LINK}&an=iso_area`;
const SCALING_LINK = `${NETWORK_LINK}&an=scaling`;
/** The iso-area table's columns: the keys of `IsoAreaRecord` it shows. */
const ISO_AREA_KEYS = ['slices', 'capacity_kib', 'capacity_vs_baseline', 'area_mm2', 'dram_bytes_vs_baseline',
  'write_stall_s', 'energy_j', 'delay_s', 'edp_js', 'edp_vs_baseline'];

const env = pageTestEnvironment();

async function openPage(path = '', viewport = { width: 1280, height: 900 }) {
  const page = new CalculatorPage(await env.browser.newPage({ viewport }));
  await page.open(env.server.url + path);
  return page;
}

/** Asserts the iso-area table shows exactly the records of `report` (an `IsoAreaReport` as JSON). */
function assertIsoAreaTable(table, report) {
  assert.equal(report.analysis, 'iso_area');
  assert.deepEqual(Object.keys(table), report.technologies.map((t) => t.id));
  for (const t of report.technologies) {
    for (const k of ISO_AREA_KEYS) {
      assert.equal(table[t.id][k], t[k], `${t.id}.${k}: table ${table[t.id][k]} vs report ${t[k]}`);
    }
  }
}

test('an iso-area link restores its controls and shows the iso-area table of the exported report', async () => {
  const p = await openPage(ISO_AREA_LINK);
  assert.deepEqual(await p.notices(), []);
  await p.page.waitForSelector('#iso-area');
  assert.equal(await p.page.$('#results'), null, 'no iso-capacity table');

  // The controls show the decoded link.
  assert.equal(await p.page.inputValue('#analysis'), 'iso_area');
  assert.ok(await p.page.isChecked('#wl-kind-network'));
  assert.equal(await p.page.inputValue('#net'), 'resnet18');
  assert.equal(await p.page.inputValue('#phase'), 'training');
  assert.equal(await p.page.inputValue('#batch'), '16');
  assert.equal(await p.page.inputValue('#seq'), '');
  assert.ok(await p.page.isDisabled('#seq'), 'an image network takes no sequence length');
  assert.equal(await p.page.inputValue('#elem'), '4');
  assert.equal(await p.page.inputValue('#gpu'), 'gtx_1080_ti');
  assert.equal(await p.page.inputValue('#cache-cap'), '3');
  assert.equal(await p.page.inputValue('#cache-slices'), '3');

  const report = await p.outcomeJson();
  const table = await p.isoAreaValues();
  assertIsoAreaTable(table, report);
  assert.deepEqual(Object.keys(table), CELLS);
  assert.equal(report.baseline, 'sram_16nm');
  assert.ok(report.budget_mm2 > 0);
  assert.equal(table.sram_16nm.capacity_vs_baseline, 1);
  assert.equal(table.sram_16nm.edp_vs_baseline, 1);
  for (const id of ['stt_16nm', 'sot_16nm']) {
    assert.ok(table[id].capacity_vs_baseline > 1, `${id}: a denser cell holds more in the same area`);
    assert.ok(table[id].area_mm2 <= report.budget_mm2 * (1 + 1e-9), `${id} fits in the budget`);
  }
  const budget = await p.page.textContent('#iso-area-budget');
  assert.match(budget, /Area budget [\d.]+ mm²/);
  assert.ok(budget.includes(report.baseline_cache), `the baseline cache is named: ${budget}`);
  assert.match(await p.page.textContent('#iso-area thead'), /Write stall/);

  await p.chartDrawn();
  assert.ok((await p.chartInk()) > 0.02, 'the iso-area bar chart is drawn');
  for (const part of ['net=resnet18', 'phase=training', 'batch=16', 'elem=4', 'gpu=gtx_1080_ti', 'an=iso_area']) {
    assert.ok(p.url().includes(part), `the link keeps ${part}: ${p.url()}`);
  }

  const link = p.url();
  const again = await openPage(link.slice(link.indexOf('?')));
  assert.deepEqual(await again.isoAreaValues(), table, 'reloading the link gives identical numbers');
  assert.deepEqual([...p.errors, ...again.errors], []);
  await p.page.close();
  await again.page.close();
});

test('iso-area and scalability links: the page shows the same report as `nvmcalc compare --scenario QUERY --format json`', async () => {
  for (const link of [ISO_AREA_LINK, SCALING_LINK]) {
    const cli = cliJson(['--scenario', link.slice(1)]);
    const p = await openPage(link);
    assert.deepEqual(await p.outcomeJson(), cli, `${link}: the exported report equals the CLI JSON, bit for bit`);
    if (cli.analysis === 'iso_area') assertIsoAreaTable(await p.isoAreaValues(), cli);
    else assert.equal(cli.analysis, 'scaling');
    assert.deepEqual(p.errors, []);
    await p.page.close();
  }
});

test('a scalability link draws the log–log chart and a 10-row table from 1 MiB to 512 MiB', async () => {
  const p = await openPage(SCALING_LINK);
  assert.deepEqual(await p.notices(), []);
  await p.page.waitForSelector('#scaling');
  await p.chartDrawn();
  assert.ok((await p.chartInk()) > 0.02, 'the chart has lines, axes and labels');
  assert.match(await p.page.getAttribute('#chart', 'aria-label'),
    /EDP, energy and L2 leakage energy against L2 capacity, both axes logarithmic.*iso-area point ringed/);
  // Three panels of 300 px under the title band (and a legend under them on a narrow canvas).
  assert.ok(Number(await p.page.getAttribute('#chart', 'height')) >= 900, 'three panels');

  const rows = await p.scalingRows();
  assert.equal(rows.length, 10);
  assert.deepEqual(rows.map((r) => r.label),
    ['1 MiB', '2 MiB', '4 MiB', '8 MiB', '16 MiB', '32 MiB', '64 MiB', '128 MiB', '256 MiB', '512 MiB']);
  assert.deepEqual(rows.map((r) => r.capacity_kib), rows.map((_, i) => 1024 * 2 ** i));

  const report = await p.outcomeJson();
  assert.equal(report.analysis, 'scaling');
  assert.deepEqual(report.technologies, CELLS);
  // Each cell's iso-area point (ringed on the chart): the baseline at its own capacity, the
  // others at least as large in the same area.
  assert.deepEqual(report.iso_area.map((r) => r.id), CELLS);
  const base = report.iso_area.find((r) => r.id === 'sram_16nm');
  assert.equal(base.capacity_kib, report.iso_area_baseline_kib);
  for (const r of report.iso_area) {
    assert.ok(r.capacity_kib >= base.capacity_kib && r.edp_js > 0 && r.leakage_energy_j > 0, JSON.stringify(r));
  }
  for (const row of rows) {
    assert.deepEqual(Object.keys(row.techs), CELLS);
    for (const id of CELLS) {
      const point = report.points.find((q) => q.capacity_kib === row.capacity_kib && q.id === id);
      assert.equal(row.techs[id].edp_js, point.edp_js, `${id} at ${row.label}`);
      assert.equal(row.techs[id].edp_vs_baseline, point.edp_vs_baseline, `${id} × at ${row.label}`);
      assert.equal(row.dram_bytes, point.dram_bytes);
      assert.ok(point.edp_js > 0);
    }
    assert.equal(row.techs.sram_16nm.edp_vs_baseline, 1);
  }
  const note = await p.page.textContent('#leakage-note');
  if (report.baseline_leakage_dominates_from_kib === null) {
    assert.match(note, /stays below its L2 dynamic energy/);
  } else {
    assert.match(note, /The baseline's \(SRAM 6T high-density[^)]*\) leakage energy exceeds its L2 dynamic energy from \d+ [KM]iB on/);
  }
  assert.match(p.url(), /an=scaling/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('a bad batch typed in is named inline, not applied, and nothing crashes', async () => {
  const p = await openPage(NETWORK_LINK);
  await p.chartDrawn();
  const before = await p.values();
  assert.deepEqual(Object.keys(before), CELLS);
  const head = await p.page.$$eval('#results thead th', (ths) => ths.map((th) => th.textContent));
  assert.ok(head.some((h) => h.includes('DRAM energy')), `DRAM energy column: ${head}`);
  assert.ok(head.some((h) => h.includes('Write stall')), `write stall column: ${head}`);
  assert.match(await p.page.textContent('#workload-derivation'), /\S/, 'the derivation is shown');
  assert.deepEqual(await p.outcomeJson(), cliJson(['--scenario', NETWORK_LINK.slice(1)]), 'page = CLI');

  for (const [bad, shown] of [
    ['abc', 'abc'], ['0', '0'], ['65537', '65537'], ['-3', '-3'], ['1.5', '1.5'],
    ['99999999999999999999999', '99999999999999999999999'], ['<b>x</b>', '<b>x</b>'], ['', ''],
  ]) {
    await p.setWorkloadNumber('batch', bad);
    const err = await p.workloadError('batch');
    assert.ok(err?.includes(`Batch (samples per step) = ${shown}: accepted: a whole number from 1 to 65536`),
      `batch=${JSON.stringify(bad)}: ${err}`);
    assert.deepEqual(await p.values(), before, `batch=${JSON.stringify(bad)} is not applied`);
    assert.match(p.url(), /batch=16/);
  }
  assert.equal(await p.page.$$eval('#network-settings b', (els) => els.length), 0, 'no markup injected');

  await p.setWorkloadNumber('batch', '8');
  assert.equal(await p.workloadError('batch'), null);
  assert.match(p.url(), /batch=8/);
  assert.notEqual((await p.values()).sram_16nm.energy_j, before.sram_16nm.energy_j);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('switching to a network and between analyses updates the link; a count preset keeps working', async () => {
  const p = await openPage('?v=1&delay=access');
  await p.chartDrawn();
  await p.workloadKind('network');
  assert.match(p.url(), /&net=resnet50&phase=inference&batch=32&elem=2&gpu=gtx_1080_ti/);
  assert.ok(await p.page.$('#results td[data-key="dram_energy_j"]'), 'DRAM energy shown for a network');

  // Iso-area needs cells: the default technologies are cache presets, so the page compares the
  // opening view's cells instead and says so (no error box).
  await p.choose('analysis', 'iso_area');
  assert.match(p.url(), /an=iso_area/);
  assert.equal(await p.page.$('#compare-error'), null);
  assert.match(await p.page.textContent('#switch-notes'), /takes cells, not cache presets/);

  await p.choose('analysis', 'iso_capacity');
  await p.choose('net', 'bert_base');
  assert.equal(await p.page.isDisabled('#seq'), false, 'a token network takes a sequence length');
  await p.setWorkloadNumber('seq', '256');
  assert.match(p.url(), /net=bert_base.*&seq=256/);
  await p.choose('gpu', 'tesla_v100');
  assert.match(p.url(), /gpu=tesla_v100/);

  await p.workloadKind('preset');
  assert.doesNotMatch(p.url(), /net=|an=/);
  assert.equal(await p.page.$('#results td[data-key="dram_energy_j"]'), null);
  await p.selectWorkload('gemm_4096_fp32_tiled');
  assert.deepEqual(await p.rowIds(), ['sram_16nm', 'stt_16nm', 'sot_16nm']);
  // The network comes back as it was left.
  await p.workloadKind('network');
  assert.match(p.url(), /net=bert_base.*gpu=tesla_v100&seq=256/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('the energy scope and leakage period: a link restores both, the page equals the CLI, and the selects rewrite the link', async () => {
  const link = `${NETWORK_LINK}&energy=l2&leak=access`;
  const cli = cliJson(['--scenario', link.slice(1)]);
  assert.equal(cli.energy_scope, 'l2');
  assert.equal(cli.leakage_period, 'access');
  const p = await openPage(link);
  assert.deepEqual(await p.notices(), []);
  assert.equal(await p.page.inputValue('#energy'), 'l2');
  assert.equal(await p.page.inputValue('#leak'), 'access');
  const cacheLevel = await p.outcomeJson();
  assert.deepEqual(cacheLevel, cli, 'the exported report equals the CLI JSON, bit for bit');
  for (const t of cacheLevel.technologies) {
    // L2 only: the DRAM energy is reported but not counted.
    const l2 = t.dynamic_energy_j + t.leakage_energy_j;
    assert.ok(Math.abs(t.energy_j - l2) <= 1e-12 * l2, `${t.id}: ${t.energy_j} vs ${l2}`);
    assert.ok(t.dram_energy_j > 0);
  }

  // Back to the defaults: the keys leave the link and DRAM energy counts again.
  await p.choose('energy', 'l2_dram');
  await p.choose('leak', 'run');
  assert.doesNotMatch(p.url(), /energy=|leak=/);
  const system = await p.outcomeJson();
  assert.equal(system.energy_scope, 'l2_dram');
  for (const t of system.technologies) {
    const all = t.dynamic_energy_j + t.leakage_energy_j + t.dram_energy_j;
    assert.ok(Math.abs(t.energy_j - all) <= 1e-12 * all, `${t.id}`);
  }
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
