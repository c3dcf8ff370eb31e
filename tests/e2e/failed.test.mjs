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
