// Issue #18 points 2 and 3: no dead ends and no stale results. Every analysis can be chosen from
// any state: the page moves to a setup the analysis runs and says what it changed. Options that
// cannot work are shown disabled with the reason; a roadmap the node lacks, or decode steps that
// do not fit the context, are settled with a note. While an input holds a value not applied, the
// results say they are the last valid settings'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalculatorPage, pageTestEnvironment, cliJson } from './harness.mjs';

const env = pageTestEnvironment();
/** The link defaults: cache presets on a count workload (no network, no cells). */
const DEFAULTS = '?v=1&delay=access';
const VIEW = { iso_area: '#iso-area', scaling: '#scaling', details: '#details', workloads: '#workloads' };

async function open(path) {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: { width: 1366, height: 768 } }));
  await p.open(env.server.url + path);
  await p.chartDrawn();
  return p;
}

for (const [analysis, selector] of Object.entries(VIEW)) {
  test(`${analysis} chosen from cache presets on a count workload runs, and says what changed`, async () => {
    const p = await open(DEFAULTS);
    await p.choose('analysis', analysis);
    await p.page.waitForSelector(selector, { timeout: 30000 });
    // ($eval does not wait: it fails at once when there is no error box.)
    assert.equal(await p.page.$eval('#compare-error', (e) => e.textContent).catch(() => null), null);
    const notes = await p.page.textContent('#switch-notes');
    assert.match(notes, /Changed so that this runs/);
    if (analysis !== 'workloads') assert.match(notes, /takes cells, not cache presets/);
    if (analysis !== 'details') assert.match(notes, /runs a network through the traffic model/);
    // The page's numbers are the CLI's for the link it now shows.
    const json = await p.outcomeJson();
    assert.deepEqual(json, cliJson(['--scenario', p.page.url()]));
    await p.page.click('#switch-notes-close');
    assert.equal(await p.page.$('#switch-notes'), null, 'the note is dismissed');
    assert.deepEqual(p.errors, []);
    await p.page.close();
  });
}

test('a node that cannot build a cache is offered disabled, with the reason', async () => {
  const p = await open('');
  for (const value of ['7', 'irds_7nm', '14', 'irds_14nm']) {
    const option = `#cache-node option[value="${value}"]`;
    assert.equal(await p.page.$eval(option, (o) => o.disabled), true, value);
    assert.match(await p.page.textContent(option), /unavailable: .*global-wire/);
  }
  assert.equal(await p.page.$eval('#cache-node option[value="22"]', (o) => o.disabled), false);
  await p.page.close();
});

test('a roadmap the node lacks moves to one it offers, and the page says so', async () => {
  // The 16 nm cells sit on CACTI's 16 nm table, which gives only HP.
  const p = await open('');
  await p.choose('cache-rm', 'lstp');
  assert.match(await p.page.textContent('#cache-changed'), /cacti_16nm has no LSTP roadmap .* HP is used/);
  assert.equal(await p.page.inputValue('#cache-rm'), 'hp');
  assert.doesNotMatch(p.page.url(), /rm=lstp/);
  assert.equal(await p.page.$('#compare-error'), null);
  // 22 nm offers LSTP: the choice stands.
  await p.choose('cache-node', '22');
  await p.choose('cache-rm', 'lstp');
  assert.equal(await p.page.$('#cache-changed'), null);
  assert.match(p.page.url(), /rm=lstp.*node=22|node=22.*rm=lstp/);
  assert.equal(await p.page.$('#compare-error'), null);
  await p.page.close();
});

test('ticking a cell whose node lacks the roadmap moves the roadmap, and the page says so', async () => {
  const p = await open('?v=1&tech=sram_22nm,stt_22nm&base=sram_22nm&rm=lstp&node=cell&delay=access');
  assert.equal(await p.page.inputValue('#cache-rm'), 'lstp');
  await p.toggleTechnology('sram_16nm');
  assert.match(await p.page.textContent('#switch-notes'), /Periphery roadmap: .*HP/);
  assert.equal(await p.page.inputValue('#cache-rm'), 'hp');
  assert.doesNotMatch(p.page.url(), /rm=lstp/);
  assert.ok(await p.page.$('tr[data-tech="sram_16nm"]'), 'the ticked cell is compared');
  assert.equal(await p.page.$('#compare-error'), null);
  assert.deepEqual(await p.outcomeJson(), cliJson(['--scenario', p.page.url()]));
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('decode steps on GPT-2 shorten the prompt to fit the context, and say so', async () => {
  const p = await open('?v=1&tech=sram_22nm,stt_22nm&base=sram_22nm&net=gpt2_small');
  await p.setWorkloadNumber('decode', '10');
  assert.equal(await p.page.$('#compare-error'), null);
  assert.equal(await p.page.$('#decode-error'), null);
  const note = await p.page.textContent('#decode-changed');
  const seq = note.match(/prompt is now (\d+) tokens/)?.[1];
  assert.ok(seq && Number(seq) < 1024, note);
  assert.match(p.page.url(), new RegExp(`seq=${seq}&decode=10`));
  assert.equal(await p.page.inputValue('#seq'), seq);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('while an input holds a value not applied, the results say they are the last valid ones', async () => {
  const p = await open('?v=1&tech=sram_22nm,stt_22nm&base=sram_22nm&net=resnet50');
  assert.equal(await p.page.$('#stale'), null);
  await p.page.fill('#cache-cap', 'lots');
  await p.page.press('#cache-cap', 'Tab');
  await p.page.waitForSelector('#stale');
  assert.match(await p.page.textContent('#stale'), /Not up to date: the cache settings holds a value that is not applied/);
  assert.equal(await p.page.$eval('#results-view', (m) => m.classList.contains('stale')), true);
  await p.page.fill('#batch', '0');
  await p.page.press('#batch', 'Tab');
  await p.page.waitForFunction(() => /hold a value/.test(document.querySelector('#stale')?.textContent || ''));
  await p.page.fill('#cache-cap', '4');
  await p.page.press('#cache-cap', 'Tab');
  await p.page.fill('#batch', '32');
  await p.page.press('#batch', 'Tab');
  await p.page.waitForFunction(() => !document.querySelector('#stale'));
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
