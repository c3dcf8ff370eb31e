// Custom cells in the page: inline parameter editing (units, ranges, sources), refusal of a bad
// value, the share-link round trip of an edited cell (page = CLI), local-storage persistence,
// export as a preset file and its import back, drag and drop of .cell / .toml files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliJson, CalculatorPage, ROOT, pageTestEnvironment } from './harness.mjs';

const env = pageTestEnvironment();
const LINK = '?v=1&tech=sram_22nm,stt_22nm&base=sram_22nm&wl=resnet50_inference_nvmx&delay=access';
const KEYS = ['area_mm2', 'read_latency_ns', 'write_latency_ns', 'read_energy_pj', 'write_energy_pj', 'leakage_mw',
  'edp_js', 'edp_js_vs_baseline'];

/** A page in its own browser context (its own local storage unless `context` is given). */
async function openPage(path, context) {
  const ctx = context ?? (await env.browser.newContext({ viewport: { width: 1280, height: 900 } }));
  const p = new CalculatorPage(await ctx.newPage());
  p.context = ctx;
  await p.open(env.server.url + path);
  return p;
}

function assertSameNumbers(pageValues, cli) {
  assert.deepEqual(Object.keys(pageValues), cli.technologies.map((t) => t.id));
  for (const t of cli.technologies) {
    for (const k of KEYS) assert.equal(pageValues[t.id][k], t[k], `${t.id}.${k}`);
  }
}

async function openEditor(p, cellId) {
  if (!(await p.page.$eval('#cell-editor', (d) => d.open))) await p.page.click('#cell-editor summary');
  await p.page.selectOption('#edit-cell', cellId);
  await p.page.waitForSelector('#edit-params [data-param="mtj.r_parallel_ohm"], #edit-params [data-param="sram.access_width_f"]');
}

/** Types a value into the editor's `path` field and leaves it; waits for new numbers or an error. */
async function editParam(p, path, value) {
  const before = await p.chartDrawn();
  const input = `#edit-params input[data-param="${path}"]`;
  await p.page.fill(input, value);
  await p.page.press(input, 'Tab');
  await p.page.waitForFunction((n) => Number(document.querySelector('#chart').dataset.drawn) > n
    || document.querySelector('#edit-error'), before, { timeout: 20000 });
}

test('editing a preset value makes a custom cell that the link carries and the CLI reads', async () => {
  const p = await openPage(LINK);
  await openEditor(p, 'stt_22nm');
  // Units, accepted range and source are shown for each value.
  const row = await p.page.$eval('#edit-params input[data-param="mtj.r_parallel_ohm"]', (i) => {
    const tr = i.closest('tr');
    return { unit: tr.querySelector('.unit').textContent, accepted: tr.querySelector('.accepted').textContent, title: i.title };
  });
  assert.equal(row.unit, 'Ω');
  assert.match(row.accepted, /100 – 1e\+?6|100 – 1\.00e\+?6|100 – 1000000|100 – 1 000 000/);
  assert.match(row.title, /Ω; source: .*Intel/);

  await editParam(p, 'mtj.r_parallel_ohm', '3000');
  assert.deepEqual(await p.rowIds(), ['sram_22nm', 'stt_22nm', 'stt_22nm_custom']);
  const url = p.url?.() ?? p.page.url();
  assert.match(url, /&cell=stt_22nm_custom~stt_22nm~name:('|%27)[^&]*~mtj\.r_parallel_ohm:3000/);
  // The editor now shows the custom cell with the change marked.
  assert.equal(await p.page.inputValue('#edit-cell'), 'stt_22nm_custom');
  assert.equal(await p.page.$$eval('#edit-params tr.changed', (r) => r.length), 2); // name and the MTJ
  const values = await p.values();
  const differ = KEYS.filter((k) => values.stt_22nm_custom[k] !== values.stt_22nm[k]);
  assert.ok(differ.includes('read_energy_pj'), `the MTJ's resistance changes the read energy: ${differ}`);

  // A fresh browser opening the link shows the same numbers; so does the CLI.
  const query = url.slice(url.indexOf('?'));
  const again = await openPage(query);
  assert.deepEqual(await again.values(), values);
  assertSameNumbers(values, cliJson(['--scenario', query.slice(1)]));
  assert.deepEqual([...p.errors, ...again.errors], []);
  await again.context.close();
  await p.context.close();
});

test('a refused value names the key, the value and the range, and changes nothing', async () => {
  const p = await openPage(LINK);
  await openEditor(p, 'stt_22nm');
  await editParam(p, 'mtj.r_parallel_ohm', '3000');
  const url = p.page.url();
  for (const [path, value, needle] of [
    ['mtj.r_parallel_ohm', '9000', /r_antiparallel_ohm.*larger than/],
    ['write.pulse_ns', '-4', /pulse_ns.*-4/],
    ['write.pulse_ns', 'NaN', /pulse_ns/],
    ['read.mode', 'sideways', /mode.*sideways/],
  ]) {
    await editParam(p, path, value);
    const e = await p.page.textContent('#edit-error');
    assert.match(e, needle, `${path}=${value}: ${e}`);
    assert.equal(p.page.url(), url, 'not applied');
  }
  assert.doesNotMatch(await p.page.textContent('main'), /NaN|Infinity|undefined/);
  assert.deepEqual(p.errors, []);
  await p.context.close();
});

test('custom cells stay in the browser; export as a preset file and import it back', async () => {
  const p = await openPage(LINK);
  await openEditor(p, 'stt_22nm');
  await editParam(p, 'write.pulse_ns', '5');
  const values = (await p.values()).stt_22nm_custom;

  // Reloading a link without the cell lists it again (unticked) from local storage.
  const q = await openPage(LINK, p.context);
  await q.page.waitForSelector('.custom-cell[data-custom="stt_22nm_custom"]');
  assert.equal(await q.page.isChecked('input[data-tech="stt_22nm_custom"]'), false);
  await q.toggleTechnology('stt_22nm_custom');
  assert.deepEqual((await q.values()).stt_22nm_custom, values);

  // The exported file is a preset file with the edited value.
  const href = await q.page.getAttribute('a[data-download="stt_22nm_custom"]', 'href');
  const toml = decodeURIComponent(href.slice(href.indexOf(',') + 1));
  assert.match(toml, /^id = "stt_22nm_custom"$/m);
  assert.match(toml, /^pulse_ns = 5$/m);
  assert.match(toml, /^source = "/m);

  // Removed, then imported back from the file: the same numbers.
  await q.page.click('button[data-remove="stt_22nm_custom"]');
  await q.page.waitForFunction(() => !document.querySelector('tr[data-tech="stt_22nm_custom"]'));
  if (!(await q.page.$eval('#cell-import', (d) => d.open))) await q.page.click('#cell-import summary');
  const before = await q.chartDrawn();
  await q.page.setInputFiles('#cell-file', { name: 'stt_22nm_custom (1).toml', mimeType: 'application/toml', buffer: Buffer.from(toml) });
  await q.chartDrawn(before + 1);
  assert.match(await q.page.textContent('#import-added'), /Added `stt_22nm_custom`/);
  assert.deepEqual((await q.values()).stt_22nm_custom, values);

  // A malformed preset file is refused with the key named.
  await q.page.setInputFiles('#cell-file', { name: 'bad.toml', mimeType: 'application/toml', buffer: Buffer.from(toml.replace('id = "stt_22nm_custom"', 'id = "bad"').replace(/^pulse_ns = 5$/m, 'pulse_ns = "soon"')) });
  await q.page.waitForSelector('#import-error');
  assert.match(await q.page.textContent('#import-error'), /bad\.toml.*pulse_ns/s);
  assert.deepEqual([...p.errors, ...q.errors], []);
  await p.context.close();
});

test('dropping .cell and .toml files onto the page adds them', async () => {
  const p = await openPage(LINK);
  const cell = readFileSync(join(ROOT, 'tests/golden/nvsim/samples/sample_RRAM.cell'), 'utf8');
  const before = await p.chartDrawn();
  await p.page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped rram.cell', { type: 'text/plain' }));
    dt.items.add(new File(['not = [a preset'], 'junk.toml', { type: 'text/plain' }));
    const app = document.querySelector('.app');
    app.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    app.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, cell);
  await p.chartDrawn(before + 1);
  await p.page.waitForSelector('#import-error');
  assert.deepEqual(await p.rowIds(), ['sram_22nm', 'stt_22nm', 'dropped_rram']);
  assert.match(await p.page.textContent('#import-added'), /Added `dropped_rram`.*preset `reram_22nm`/);
  assert.match(await p.page.textContent('#import-error'), /junk\.toml/);
  assert.match(p.page.url(), /&cell=dropped_rram~reram_22nm~/);
  assert.equal(await p.page.$eval('.app', (a) => a.classList.contains('dragging')), false);
  assert.deepEqual(p.errors, []);
  await p.context.close();
});

test('a custom cell too long for a link is named in the share panel', async () => {
  const p = await openPage(LINK);
  await openEditor(p, 'stt_22nm');
  await editParam(p, 'write.pulse_ns', '5');
  assert.equal(await p.page.$('#link-too-long'), null);
  await editParam(p, 'source', 'né '.repeat(600)); // 1800 characters, 6000 bytes escaped
  // ($eval does not wait: it fails at once when there is no error.)
  assert.equal(await p.page.$eval('#edit-error', (e) => e.textContent).catch(() => null), null);
  const warning = await p.page.textContent('#link-too-long');
  assert.match(warning, /This link is \d+ bytes: a link may carry 4096/);
  assert.deepEqual(p.errors, []);
  await p.context.close();
});
