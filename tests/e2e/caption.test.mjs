// Issue #18 point 3: the accounting sentence above the numbers is derived from the same report as
// the numbers, wherever they were computed: after each accounting control changes in the Web
// Worker, the caption says what the JSON export says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalculatorPage, pageTestEnvironment } from './harness.mjs';

const env = pageTestEnvironment();
const LINK = '?v=1&tech=sram_16nm,stt_16nm&base=sram_16nm&net=resnet50';

/** The words the caption uses for each accounting word of the JSON (src/design/eval.rs labels). */
const DELAY = { access: 'Delay = summed L2 access time;', execution: 'Delay = execution time;' };
const ENERGY = { l2: 'energy = L2 dynamic + leakage,', l2_dram: 'energy = L2 dynamic + leakage + DRAM,' };
const LEAK = { run: 'leakage over the run', access: 'leakage over the summed access time' };

async function captionMatchesJson(p, what) {
  const json = await p.outcomeJson();
  const caption = await p.page.textContent('#workload-summary');
  for (const [table, key] of [[DELAY, 'delay_definition'], [ENERGY, 'energy_scope'], [LEAK, 'leakage_period']]) {
    assert.ok(caption.includes(table[json[key]]), `${what}: the caption "${caption}" does not say ${key} = ${json[key]}`);
  }
}

test('the accounting caption follows every accounting control, computed in the worker', async () => {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: { width: 1366, height: 768 } }));
  await p.open(env.server.url + LINK);
  await p.chartDrawn();
  await captionMatchesJson(p, 'on load');
  // Let the worker start, so that the changes below are computed there.
  await p.page.waitForTimeout(1500);
  const changes = [['#delay', 'execution'], ['#energy', 'l2'], ['#leak', 'access'], ['#delay', 'access'],
    ['#energy', 'l2_dram'], ['#leak', 'run']];
  for (const [select, word] of changes) {
    const before = await p.chartDrawn();
    await p.page.selectOption(select, word);
    await p.chartDrawn(before + 1);
    await captionMatchesJson(p, `${select} = ${word}`);
  }
  assert.match(await p.page.textContent('#compute-time'), /in a background worker/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
