// End-to-end tests of the workloads grounded in measurement (issue #17) in real headless Chromium:
// a measured workload is offered beside the networks and gives the CLI's numbers on its GPU's own
// L2; a profile CSV dropped on the page gives the numbers of `nvmcalc compare --profile`; a broken
// profile is named with its missing metric; every deep-learning result states the traffic model's
// measured accuracy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliJson, CalculatorPage, pageTestEnvironment, ROOT } from './harness.mjs';

const CELLS = 'tech=sram_16nm,stt_16nm,sot_16nm&base=sram_16nm';
const MEASURED = 'h200_resnet50_inference_b32';
const PROFILES = join(ROOT, 'tests', 'data', 'profiles');

const env = pageTestEnvironment();

async function openPage(path = '', viewport = { width: 1280, height: 900 }) {
  const page = new CalculatorPage(await env.browser.newPage({ viewport }));
  await page.open(env.server.url + path);
  return page;
}

/** Drops a file with `text` named `name` on the profile box. */
async function dropProfile(p, name, text) {
  await p.page.evaluate(([name, text]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], name, { type: 'text/csv' }));
    const zone = document.querySelector('#profile-drop');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, [name, text]);
}

test('a measured workload is offered beside the networks and gives the CLI numbers on its own L2', async () => {
  const p = await openPage(`?v=1&${CELLS}&net=resnet50&gpu=h100_sxm`);
  const label = await p.page.$eval(`#net option[value="${MEASURED}"]`, (o) => ({
    text: o.textContent, group: o.parentElement.label,
  }));
  assert.match(label.text, /\(measured\)$/);
  assert.match(label.group, /Measured on a GPU/);

  await p.choose('net', MEASURED);
  // Its GPU and that GPU's own L2 (60 MiB in 96 slices) are set; its shape is fixed.
  assert.equal(await p.page.inputValue('#gpu'), 'h200');
  assert.ok(await p.page.isDisabled('#gpu') && await p.page.isDisabled('#batch'));
  await p.page.waitForFunction(() => document.querySelector('#cache-cap').value === '60');
  assert.equal(await p.page.inputValue('#cache-slices'), '96');
  await p.page.waitForFunction((id) => location.search.includes(`net=${id}`) && location.search.includes('cap=60'), MEASURED);
  assert.doesNotMatch(p.page.url(), /batch=|gpu=/, 'the link carries the measured id alone');
  assert.match(await p.page.textContent('#net-source'), /^Measured: .*Nsight Compute/);

  // The page's numbers are the CLI's.
  await p.page.waitForFunction(() => document.querySelector('#workload-summary')?.textContent.includes('(measured)'));
  const cli = cliJson(['--tech', 'sram_16nm,stt_16nm,sot_16nm', '--baseline', 'sram_16nm', '--net', MEASURED]);
  const shown = await p.values();
  for (const t of cli.technologies) {
    for (const k of ['energy_j', 'delay_s', 'edp_js', 'edp_js_vs_baseline']) {
      assert.equal(shown[t.id][k], t[k], `${t.id}.${k}`);
    }
  }
  assert.ok(Math.abs(cli.workload.execution_time_s / 5.2862e-3 - 1) < 1e-12, 'the measured step time');
  const note = await p.page.textContent('#traffic-note');
  assert.match(note, /used as measured at the GPU's own 60 MiB L2/);
  assert.match(note, /Traffic model accuracy: on the \d+ workloads measured on h200/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('a modelled network result says how far the traffic model is from the measurements', async () => {
  const p = await openPage(`?v=1&${CELLS}&cap=3&slices=3&net=resnet18&an=iso_area`);
  await p.page.waitForSelector('#iso-area');
  assert.match(await p.page.textContent('#traffic-note'), /traffic model.*off by a median of L2 reads \d+ %/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('a profile CSV dropped on the page gives the numbers of nvmcalc compare --profile', async () => {
  const p = await openPage(`?v=1&${CELLS}`);
  await p.page.check('#wl-kind-profile');
  await p.page.waitForSelector('#profile-settings:not(.hidden)');
  await p.page.selectOption('#profile-gpu', 'h200');
  const name = 'ncu_raw_resnet50_h200_excerpt.csv';
  const before = await p.chartDrawn();
  await dropProfile(p, name, readFileSync(join(PROFILES, name), 'utf8'));
  await p.chartDrawn(before + 1);
  assert.match(await p.page.textContent('#profile-status'), /^Read ncu_raw_resnet50_h200_excerpt\.csv \(4 kernels\)/);
  assert.match(await p.page.textContent('#workload-summary'), /^Profile ncu_raw_resnet50_h200_excerpt\.csv on NVIDIA H200/);
  const cli = cliJson(['--tech', 'sram_16nm,stt_16nm,sot_16nm', '--baseline', 'sram_16nm',
    '--profile', join(PROFILES, name), '--gpu', 'h200']);
  const report = await p.outcomeJson();
  assert.deepEqual(report.workload, cli.workload);
  const shown = await p.values();
  for (const t of cli.technologies) {
    for (const k of ['energy_j', 'delay_s', 'edp_js']) assert.equal(shown[t.id][k], t[k], `${t.id}.${k}`);
  }
  // The link carries the summed numbers: opened elsewhere, it gives the same report.
  await p.page.waitForFunction(() => location.search.includes('prof=h200~ncu~4~'));
  const q = await openPage(new URL(p.page.url()).search);
  assert.ok(await q.page.isChecked('#wl-kind-profile'));
  assert.deepEqual((await q.outcomeJson()).workload, cli.workload);
  assert.deepEqual([...p.errors, ...q.errors], []);
  await p.page.close();
  await q.page.close();
});

test('a broken profile shows a message naming the missing metric and changes nothing', async () => {
  const p = await openPage(`?v=1&${CELLS}`);
  const before = await p.values();
  await p.page.check('#wl-kind-profile');
  await p.page.selectOption('#profile-gpu', 'h200');
  await dropProfile(p, 'broken.csv', readFileSync(join(PROFILES, 'broken_missing_dram_write.csv'), 'utf8'));
  await p.page.waitForSelector('#profile-error');
  assert.match(await p.page.textContent('#profile-error'), /broken\.csv: .*has no `dram__bytes_write\.sum`: add it to ncu --metrics/);
  // Pasted text is read the same way; an empty paste is named too.
  await p.page.fill('#profile-text', '');
  await p.page.click('#profile-read');
  await p.page.waitForFunction(() => /empty/.test(document.querySelector('#profile-error')?.textContent));
  // Without a GPU nothing is read.
  await p.page.selectOption('#profile-gpu', '');
  await p.page.fill('#profile-text', readFileSync(join(PROFILES, 'ncu_app_range.csv'), 'utf8'));
  await p.page.click('#profile-read');
  await p.page.waitForFunction(() => /choose the GPU/.test(document.querySelector('#profile-error')?.textContent));
  assert.deepEqual(await p.values(), before, 'the results are unchanged');
  assert.doesNotMatch(p.page.url(), /prof=/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
