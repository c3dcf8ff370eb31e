// Issue #18 point 6: getting around the page. The control groups fold, and a folded group says
// what it is set to; a skip link takes a keyboard user to the results; a computation never moves
// the page; choosing an analysis is a history entry, so Back returns to the previous analysis
// (and other changes are not); a link's notice says each problem once and can be dismissed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalculatorPage, pageTestEnvironment } from './harness.mjs';

const env = pageTestEnvironment();

async function open(path, viewport = { width: 1366, height: 768 }) {
  const p = new CalculatorPage(await env.browser.newPage({ viewport }));
  await p.open(env.server.url + path, { unfold: false });
  await p.chartDrawn();
  return p;
}

test('the opening page folds the rarely changed groups, and each folded group says its setting', async () => {
  const p = await open('');
  const groups = await p.page.$$eval('.controls details.group', (ds) => ds.map((d) => [d.id, d.open]));
  assert.deepEqual(Object.fromEntries(groups), {
    'group-compare': true,
    'group-workload': true,
    'group-technologies': true,
    'group-cache': false,
    'group-accounting': false,
  });
  assert.equal(await p.page.$eval('#cache-presets-group', (d) => d.open), false,
    'the 13 cache presets are folded while none is compared');
  // The folded groups' summaries carry their state, from the same scenario the results use.
  const cache = await p.page.textContent('#group-cache summary');
  assert.match(cache, /60 MiB in 96 slice\(s\)/);
  const accounting = await p.page.textContent('#group-accounting summary');
  assert.match(accounting, /delay: execution time/);
  assert.ok(await p.page.isHidden('#delay'), 'the accounting selects are folded away');
  // The column is under two and a half screens at 1366 × 768 (about five with every group open).
  const height = await p.page.$eval('.controls', (a) => a.getBoundingClientRect().height);
  assert.ok(height < 2.3 * 768, `controls column ${height} px`);
  // A click unfolds a group; its state line then gives way to the inputs.
  await p.page.click('#group-accounting summary');
  assert.ok(await p.page.isVisible('#delay'));
  await p.choose('delay', 'access');
  assert.match(await p.page.textContent('#group-accounting summary'), /delay: summed L2 access time/);
  // A link that compares a cache preset opens their list.
  const q = await open('?v=1&delay=access');
  assert.equal(await q.page.$eval('#cache-presets-group', (d) => d.open), true);
  assert.deepEqual([...p.errors, ...q.errors], []);
  await p.page.close();
  await q.page.close();
});

test('the first Tab reaches a skip link that takes the keyboard to the results', async () => {
  const p = await open('');
  await p.page.keyboard.press('Tab');
  assert.equal(await p.page.evaluate(() => document.activeElement.textContent), 'Skip to the results');
  assert.ok(await p.page.isVisible('.skip-link'), 'visible while focused');
  await p.page.keyboard.press('Enter');
  assert.equal(await p.page.evaluate(() => document.activeElement.id), 'results-view');
  // The next Tab goes into the results (the accounting switch), not back into the controls.
  await p.page.keyboard.press('Tab');
  assert.ok(await p.page.evaluate(() => !!document.activeElement.closest('#results-view')));
  await p.page.close();
});

test('a computation does not move the page: the busy note floats over it', async () => {
  const p = await open('?v=1&tech=sram_16nm,stt_16nm,sot_16nm,sram_22nm,stt_22nm,sot_22nm,reram_22nm,pcm_22nm,fefet_22nm&base=sram_16nm&net=resnet50&phase=training&delay=execution');
  // Record where the results start whenever the page says it is busy.
  await p.page.evaluate(() => {
    window.shifts = [];
    const main = document.querySelector('#results-view');
    const top = () => document.querySelector('#headline, #results').getBoundingClientRect().top;
    const before = top();
    new MutationObserver(() => window.shifts.push([main.getAttribute('aria-busy'), top() - before]))
      .observe(main, { attributes: true, attributeFilter: ['aria-busy'] });
  });
  await p.unfoldControls();
  await p.choose('energy', 'l2');
  const shifts = await p.page.evaluate(() => window.shifts);
  assert.ok(shifts.some(([busy]) => busy === 'true'), `the change was computed in the background: ${JSON.stringify(shifts)}`);
  for (const [busy, dy] of shifts) assert.equal(dy, 0, `results moved by ${dy} px while aria-busy=${busy}`);
  const position = await p.page.$eval('#busy', (b) => getComputedStyle(b).position);
  assert.equal(position, 'fixed');
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('choosing an analysis is a history entry: Back returns to the previous analysis, Forward again', async () => {
  const p = await open('');
  const start = await p.page.evaluate(() => history.length);
  await p.unfoldControls();
  // A change of setting replaces the entry (no history spam) …
  await p.choose('delay', 'access');
  assert.equal(await p.page.evaluate(() => history.length), start);
  const isoCapacityUrl = p.page.url();
  // … a change of analysis adds one.
  await p.choose('analysis', 'iso_area');
  await p.page.waitForSelector('#iso-area');
  assert.equal(await p.page.evaluate(() => history.length), start + 1);
  await p.choose('analysis', 'scaling');
  await p.page.waitForSelector('#scaling');
  const scalingUrl = p.page.url();

  await p.page.goBack();
  await p.page.waitForSelector('#iso-area', { timeout: 30000 });
  assert.match(p.page.url(), /[?&]an=iso_area(&|$)/);
  assert.equal(await p.page.inputValue('#analysis'), 'iso_area');
  await p.page.goBack();
  await p.page.waitForSelector('#results', { timeout: 30000 });
  assert.equal(p.page.url(), isoCapacityUrl, 'Back restores the earlier view with its settings');
  assert.equal(await p.page.inputValue('#delay'), 'access');
  assert.equal(await p.page.inputValue('#analysis'), 'iso_capacity');
  await p.page.goForward();
  await p.page.waitForSelector('#iso-area', { timeout: 30000 });
  await p.page.goForward();
  await p.page.waitForSelector('#scaling', { timeout: 30000 });
  assert.equal(p.page.url(), scalingUrl);
  // Going back and forth made no new entries.
  assert.equal(await p.page.evaluate(() => history.length), start + 2);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test("a link's notice says each problem once, and can be dismissed", async () => {
  const p = await open('?v=1&batch=0&batch=0&batch=0&net=resnet50&tech=sram_16nm,nope,nope&base=sram_16nm');
  const lines = await p.page.$$eval('#notices li', (lis) => lis.map((li) => li.textContent));
  assert.ok(lines.length >= 2, JSON.stringify(lines));
  assert.equal(new Set(lines).size, lines.length, `no line repeated: ${JSON.stringify(lines)}`);
  await p.page.click('#notices-close');
  assert.equal(await p.page.$('#notices'), null);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
