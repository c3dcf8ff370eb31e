// Issue #18 point 1: the page opens on a GPU L2 of SRAM, STT-MRAM and SOT-MRAM cells on a measured
// deep-learning workload, and shows the answer first: the "× baseline" figures and a takeaway
// computed from them, above the fold on a 1366×768 desktop and a 390×844 phone; the accounting in
// words, with a one-click switch to DeepNVM++'s own accounting and back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CalculatorPage, pageTestEnvironment, cliJson, ROOT } from './harness.mjs';

const env = pageTestEnvironment();

/** The CLI's text output for `args` (no scenario option: the opening view). */
function cliText(args) {
  const bin = process.env.NVMCALC_BIN || join(ROOT, 'target', 'debug', 'nvmcalc');
  return execFileSync(bin, ['--presets', join(ROOT, 'presets'), 'compare', ...args], { encoding: 'utf8' });
}

/** Whether the element's box lies wholly inside the first screen (no scrolling). */
async function aboveTheFold(page, selector) {
  return page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
}

for (const [name, viewport] of [['desktop 1366×768', { width: 1366, height: 768 }], ['phone 390×844', { width: 390, height: 844 }]]) {
  test(`${name}: the opening view shows the headline and the takeaway without scrolling`, async () => {
    const p = new CalculatorPage(await env.browser.newPage({ viewport }));
    await p.open(env.server.url);
    await p.chartDrawn();
    // The measured H200 workload on the 16 nm SRAM / STT / SOT cells, SRAM the baseline.
    const json = await p.outcomeJson();
    assert.equal(json.baseline, 'sram_16nm');
    assert.deepEqual(json.technologies.map((t) => t.id), ['sram_16nm', 'stt_16nm', 'sot_16nm']);
    assert.match(json.workload.name, /measured/);
    // The same numbers and words as the CLI with no scenario option.
    const cli = cliJson([]);
    assert.deepEqual(json.technologies.map((t) => t.edp_js_vs_baseline), cli.technologies.map((t) => t.edp_js_vs_baseline));
    const takeaway = (await p.page.textContent('#takeaway')).trim();
    const inShort = cliText([]).split('\n').find((l) => l.startsWith('In short: '));
    assert.equal(takeaway, inShort.slice('In short: '.length));
    // Each headline figure is the report's ratio.
    for (const t of json.technologies.filter((t) => t.id !== json.baseline)) {
      const shown = await p.page.getAttribute(`#headline tr[data-headline="${t.id}"] td:nth-of-type(1)`, 'data-value');
      assert.equal(Number(shown), t.edp_js_vs_baseline, `${t.id}: headline EDP`);
    }
    for (const selector of ['#takeaway', '#headline']) {
      assert.ok(await aboveTheFold(p.page, selector), `${name}: ${selector} is not on the first screen`);
    }
    assert.match(await p.page.textContent('#opening-reason'), /H200/);
    assert.deepEqual(p.errors, []);
    await p.page.close();
  });
}

test('one click sets DeepNVM++\'s accounting, and another sets the run\'s back', async () => {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: { width: 1366, height: 768 } }));
  await p.open(env.server.url);
  let drawn = await p.chartDrawn();
  assert.match(await p.page.textContent('#accounting'), /DeepNVM\+\+ counted the cache alone/);
  await p.page.click('#accounting-switch');
  drawn = await p.chartDrawn(drawn + 1);
  let json = await p.outcomeJson();
  assert.deepEqual([json.delay_definition, json.energy_scope, json.leakage_period], ['access', 'l2', 'access']);
  assert.match(await p.page.textContent('#accounting'), /This is DeepNVM\+\+'s cache-level accounting/);
  assert.match(await p.page.textContent('#accounting-words'), /Delay = summed L2 access time; energy = L2 dynamic \+ leakage, leakage over the summed access time/);
  assert.match(p.page.url(), /delay=access/);
  assert.match(p.page.url(), /leak=access/);
  // The takeaway is recomputed from the new numbers.
  const cli = cliText(['--scenario', p.page.url()]);
  const inShort = cli.split('\n').find((l) => l.startsWith('In short: '));
  assert.equal((await p.page.textContent('#takeaway')).trim(), inShort.slice('In short: '.length));
  await p.page.click('#accounting-switch');
  await p.chartDrawn(drawn + 1);
  json = await p.outcomeJson();
  assert.deepEqual([json.delay_definition, json.energy_scope, json.leakage_period], ['execution', 'l2_dram', 'run']);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('with the baseline alone the answer says what to tick, not an empty table', async () => {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: { width: 1366, height: 768 } }));
  await p.open(`${env.server.url}?v=1&tech=sram_16nm&base=sram_16nm&net=resnet50`);
  assert.match(await p.page.textContent('#takeaway-alone'), /Only the baseline, .* is compared: tick another technology/);
  assert.ok(await p.page.isHidden('#headline'), 'no headline table without a technology to compare');
  await p.page.click('input[data-tech="stt_16nm"]');
  await p.page.waitForSelector('#headline tr[data-headline="stt_16nm"]');
  assert.equal(await p.page.$('#takeaway-alone'), null);
  assert.ok(await p.page.isVisible('#headline'));
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
