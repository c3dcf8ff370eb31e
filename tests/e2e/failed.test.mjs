// A cell that cannot be built (issue #16): the page shows it as a row of the table with its reason,
// beside the technologies that were compared, and the numbers of the others are the CLI's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalculatorPage, pageTestEnvironment } from './harness.mjs';

const env = pageTestEnvironment();

test('a cell with no iso-area cache is a row with its reason beside the others', async () => {
  const p = new CalculatorPage(await env.browser.newPage());
  // 9 µm² per bit: one slice of this cell is far larger than the whole SRAM L2.
  const query = 'v=1&tech=sram_16nm,stt_16nm,big&base=sram_16nm&net=resnet50&an=iso_area'
    + '&cell=big~stt_16nm~cell_area_um2:9';
  await p.open(`${env.server.url}?${query}`);
  await p.page.waitForSelector('#iso-area tbody tr.failed');
  const compared = await p.page.$$eval('#iso-area tbody tr:not(.failed)', (trs) => trs.map((tr) => tr.dataset.tech));
  assert.deepEqual(compared, ['sram_16nm', 'stt_16nm']);
  const failed = await p.page.$eval('#iso-area tbody tr.failed', (tr) => ({
    id: tr.dataset.tech,
    text: tr.querySelector('.row-error').textContent,
  }));
  assert.equal(failed.id, 'big');
  assert.match(failed.text, /budget/);
  assert.deepEqual(p.errors, []);
});

// A cell at a node no preset has (28 nm) cannot be built at any capacity.
const odd = '&cell=odd~stt_16nm~node_nm:28';

test('a cell that cannot be built is listed under the sweep, which goes on without it', async () => {
  const p = new CalculatorPage(await env.browser.newPage());
  await p.open(`${env.server.url}?v=1&tech=sram_16nm,stt_16nm,odd&base=sram_16nm&net=resnet50&an=scaling${odd}`);
  await p.page.waitForSelector('#failed li.failed');
  const swept = await p.page.$$eval('#scaling tbody tr:first-child td[data-key="edp_js"]', (tds) => tds.map((td) => td.dataset.tech));
  assert.deepEqual(swept, ['sram_16nm', 'stt_16nm']);
  const failed = await p.page.$eval('#failed li.failed', (li) => ({ id: li.dataset.tech, text: li.textContent }));
  assert.equal(failed.id, 'odd');
  assert.match(failed.text, /not built: at 1 MiB .*no node preset for 28 nm/);
  assert.deepEqual(p.errors, []);
});

test('a cell that cannot be built is listed under the across-networks tables', async () => {
  const p = new CalculatorPage(await env.browser.newPage());
  await p.open(`${env.server.url}?v=1&tech=sram_16nm,stt_16nm,odd&base=sram_16nm&net=resnet50&an=workloads&nets=resnet50,alexnet${odd}`);
  await p.page.waitForSelector('#failed li.failed');
  const failed = await p.page.$eval('#failed li.failed', (li) => li.dataset.tech);
  assert.equal(failed, 'odd');
  assert.deepEqual(p.errors, []);
});

test('on a phone the reason of a failed row is on screen, not off to the side', async () => {
  const page = await env.browser.newPage({ viewport: { width: 390, height: 844 } });
  const p = new CalculatorPage(page);
  await p.open(`${env.server.url}?v=1&tech=sram_16nm,stt_16nm,odd&base=sram_16nm${odd}`);
  await page.waitForSelector('tbody tr.failed');
  const meta = await page.$eval('tbody tr.failed .tech-meta', (e) => e.textContent);
  assert.equal(meta, 'odd · not built');
  const box = await page.$eval('tbody tr.failed .row-error-text', (e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, right: r.right };
  });
  assert.ok(box.left >= 0 && box.right <= 390, `reason box ${JSON.stringify(box)} leaves the 390 px screen`);
  assert.deepEqual(p.errors, []);
});
