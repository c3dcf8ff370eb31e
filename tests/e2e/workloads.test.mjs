// End-to-end tests of the across-networks analysis (`an=workloads`) in real headless Chromium: a
// link shows the CLI's numbers bit for bit, the grouped bar chart is drawn in the metric picked,
// ticking a network changes the link and the table, and a bad `nets` id is named in a notice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliJson, CalculatorPage, pageTestEnvironment } from './harness.mjs';

const CELLS = ['sram_16nm', 'stt_16nm', 'sot_16nm'];
const BASE_QUERY = 'v=1&tech=sram_16nm,stt_16nm,sot_16nm&base=sram_16nm&cap=3&slices=3'
  + '&net=resnet50&phase=inference&batch=16&elem=2&gpu=gtx_1080_ti&an=workloads';
const NETS = ['resnet18', 'bert_base', 'gpt2_small'];
const QUERY = `${BASE_QUERY}&nets=${NETS.join(',')}`;
/** The metrics of the per-network tables: JSON keys of the absolute value and of the ratio. */
const METRICS = [['energy_j', 'energy_j_vs_baseline'], ['delay_s', 'delay_s_vs_baseline'], ['edp_js', 'edp_js_vs_baseline']];

const env = pageTestEnvironment();

async function openPage(query) {
  const page = new CalculatorPage(await env.browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await page.open(`${env.server.url}?${query}`);
  return page;
}

/** { net: { tech: { key: number|null } } } from a table's data-value attributes. */
async function tableValues(p, id) {
  return p.page.$$eval(`#${id} tbody td[data-key]`, (tds) => {
    const out = {};
    for (const td of tds) {
      const net = (out[td.dataset.net] ??= {});
      (net[td.dataset.tech] ??= {})[td.dataset.key] = td.dataset.value === '' ? null : Number(td.dataset.value);
    }
    return out;
  });
}

async function rowNets(p) {
  return p.page.$$eval('#workloads tbody tr', (rows) => rows.map((r) => r.dataset.net));
}

/** Asserts the page's tables show exactly the numbers of `report` (the CLI's JSON). */
async function assertTablesShow(p, report) {
  const ratios = await tableValues(p, 'workloads');
  const absolute = await tableValues(p, 'workloads-absolute');
  assert.deepEqual(Object.keys(ratios), report.networks.map((n) => n.id));
  for (const n of report.networks) {
    for (const t of n.technologies) {
      for (const [abs, rat] of METRICS) {
        assert.equal(absolute[n.id][t.id][abs], t[abs], `${n.id} ${t.id} ${abs}`);
        if (t.id === report.baseline) {
          assert.equal(t[rat], 1);
          assert.equal(ratios[n.id][t.id], undefined, 'the baseline (all 1×) has no ratio columns');
        } else {
          assert.equal(ratios[n.id][t.id][rat], t[rat], `${n.id} ${t.id} ${rat}`);
        }
      }
    }
  }
  const area = await p.page.$$eval('#workloads-area td[data-key]', (tds) => tds.map((td) => [td.dataset.tech, td.dataset.key, Number(td.dataset.value)]));
  for (const [tech, key, value] of area) {
    const t = report.networks[0].technologies.find((x) => x.id === tech);
    assert.equal(value, t[key], `${tech} ${key}`);
  }
}

/** Clicks network `id`'s checkbox and waits for the new numbers. */
async function toggleNetwork(p, id) {
  const before = await p.chartDrawn();
  await p.page.click(`input[data-net="${id}"]`);
  await p.chartDrawn(before + 1);
}

test('a workloads link shows the CLI report bit for bit, its tables and the grouped bar chart', async () => {
  const cli = cliJson(['--scenario', QUERY]);
  assert.equal(cli.analysis, 'workloads');
  const p = await openPage(QUERY);
  assert.deepEqual(await p.notices(), []);
  assert.deepEqual(await p.outcomeJson(), cli, 'the exported report equals `nvmcalc compare --scenario QUERY --format json`');
  assert.deepEqual(await rowNets(p), NETS);
  await assertTablesShow(p, cli);
  // Units in the headers, the workload and its source on hover.
  const head = await p.page.textContent('#workloads thead');
  assert.match(head, /EDP\s*× baseline/);
  assert.match(await p.page.textContent('#workloads-absolute thead'), /EDP\s*J·s/);
  const title = await p.page.getAttribute('#workloads td[data-net="bert_base"][data-tech="stt_16nm"][data-key="edp_js_vs_baseline"]', 'title');
  assert.match(title, /× sram_16nm's edp \([\d.e-]+ J·s here\) — BERT-base inference, batch 16, sequence 128/);
  assert.match(title, /Network: /, `the source is named: ${title}`);
  assert.match(await p.page.textContent('#workload-summary'), /^Inference, batch 16, 2-byte elements, on NVIDIA GeForce GTX 1080 Ti/);
  // The downloads are the CLI's JSON and CSV.
  assert.match(await p.page.getAttribute('#export-csv', 'href'), /^data:text\/csv/);

  // The chart: drawn, EDP by default, with the baseline's line.
  await p.chartDrawn();
  assert.ok((await p.chartInk()) > 0.02, 'bars, axes and labels are drawn');
  assert.equal(await p.page.getAttribute('#chart', 'data-metric'), 'edp');
  assert.equal(await p.page.inputValue('#workloads-metric'), 'edp');
  assert.match(await p.page.getAttribute('#chart', 'aria-label'), /one group per network and one bar per technology/);

  // The controls: the analysis, and the networks ticked.
  assert.equal(await p.page.inputValue('#analysis'), 'workloads');
  assert.ok(await p.page.isVisible('#workloads-networks'));
  const ticked = await p.page.$$eval('#workloads-networks input[data-net]', (xs) => xs.filter((x) => x.checked).map((x) => x.dataset.net));
  assert.deepEqual(ticked, NETS);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('picking a metric redraws the chart; it is a view setting, not part of the link', async () => {
  const p = await openPage(QUERY);
  await p.chartDrawn();
  const url = p.url();
  const ink = await p.chartInk();
  for (const metric of ['energy', 'delay', 'area', 'edp']) {
    await p.page.selectOption('#workloads-metric', metric);
    await p.page.waitForSelector(`#chart[data-metric="${metric}"]`, { timeout: 10000 });
    assert.ok((await p.chartInk()) > 0.02, `${metric}: drawn`);
  }
  assert.ok(Math.abs((await p.chartInk()) - ink) < 1e-9, 'back to EDP: the same picture');
  assert.equal(p.url(), url, 'the metric does not change the link');

  // A new result keeps the metric picked.
  await p.page.selectOption('#workloads-metric', 'energy');
  await p.page.waitForSelector('#chart[data-metric="energy"]');
  await toggleNetwork(p, 'alexnet');
  assert.equal(await p.page.getAttribute('#chart', 'data-metric'), 'energy');
  assert.equal(await p.page.inputValue('#workloads-metric'), 'energy');
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('ticking and unticking networks changes the link and the table (numbers from the worker = CLI)', async () => {
  const p = await openPage(QUERY);
  await p.chartDrawn();
  await toggleNetwork(p, 'vgg16');
  assert.match(p.url(), /&an=workloads&nets=vgg16,resnet18,bert_base,gpt2_small(&|$)/, 'library order');
  assert.deepEqual(await rowNets(p), ['vgg16', 'resnet18', 'bert_base', 'gpt2_small']);
  const query = p.url().slice(p.url().indexOf('?') + 1);
  const cli = cliJson(['--scenario', query]);
  assert.deepEqual(await p.outcomeJson(), cli, 'the worker computes the CLI numbers');
  await assertTablesShow(p, cli);

  await toggleNetwork(p, 'bert_base');
  assert.match(p.url(), /&nets=vgg16,resnet18,gpt2_small(&|$)/);
  assert.deepEqual(await rowNets(p), ['vgg16', 'resnet18', 'gpt2_small']);

  // Every network: the default set, written as no `nets` at all.
  const before = await p.chartDrawn();
  await p.page.click('#nets-all');
  await p.chartDrawn(before + 1);
  assert.ok(!p.url().includes('nets='), p.url());
  assert.equal((await rowNets(p)).length, await p.page.$$eval('#workloads-networks input[data-net]', (xs) => xs.length));
  assert.ok(await p.page.isDisabled('#nets-all'));

  // The last network ticked cannot be unticked.
  const single = await openPage(`${BASE_QUERY}&nets=resnet18`);
  assert.ok(await single.page.isDisabled('input[data-net="resnet18"]'));
  assert.deepEqual([...p.errors, ...single.errors], []);
  await p.page.close();
  await single.page.close();
});

test('a bad `nets` id is named in a notice with the accepted ids; the good ones are kept', async () => {
  const p = await openPage(`${BASE_QUERY}&nets=resnet18,no_such_net`);
  const notices = await p.notices();
  assert.equal(notices.length, 1, notices.join('\n'));
  assert.match(notices[0], /`nets` = `no_such_net`: not a loaded network preset; accepted: alexnet, .*llama2_7b; skipped/);
  assert.deepEqual(await rowNets(p), ['resnet18']);
  assert.match(p.url(), /&nets=resnet18(&|$)/, 'the link drops the bad id');
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
