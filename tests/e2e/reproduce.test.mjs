// End-to-end test of the one-click DeepNVM++ reproduction: the page's table shows, claim by claim,
// the numbers `nvmcalc reproduce deepnvm --format json` prints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CalculatorPage, ROOT, pageTestEnvironment } from './harness.mjs';

const env = pageTestEnvironment();

test('one click reproduces DeepNVM++ with the CLI numbers', async () => {
  const bin = process.env.NVMCALC_BIN || join(ROOT, 'target', 'debug', 'nvmcalc');
  const cli = JSON.parse(execFileSync(bin, ['--presets', join(ROOT, 'presets'), 'reproduce', 'deepnvm', '--format', 'json'], {
    encoding: 'utf8',
  }));
  const p = new CalculatorPage(await env.browser.newPage());
  await p.open(env.server.url);
  // It runs in the Web Worker once that is ready (the page stays responsive meanwhile).
  await p.page.waitForSelector('body[data-worker="ready"]', { timeout: 30000 });
  // The button is disabled while the run is in flight: recorded as it happens (a fast worker
  // can answer before a query sent after the click would arrive).
  await p.page.evaluate(() => {
    const button = document.querySelector('#reproduce-run');
    window.wasDisabled = false;
    new MutationObserver(() => { if (button.disabled) window.wasDisabled = true; })
      .observe(button, { attributes: true, attributeFilter: ['disabled'] });
  });
  await p.page.click('#reproduce-run');
  await p.page.waitForSelector('#reproduce-table tbody tr', { timeout: 30000 });
  assert.equal(await p.page.evaluate(() => window.wasDisabled), true, 'one run at a time');
  assert.equal(await p.page.isDisabled('#reproduce-run'), false);
  assert.match(await p.page.textContent('#reproduce-summary'), /in a background worker/);
  const rows = await p.page.$$eval('#reproduce-table tbody tr', (trs) => trs.map((tr) => ({
    claim: tr.querySelector('td').textContent,
    ours: Number(tr.dataset.ours),
    missed: tr.classList.contains('missed'),
  })));
  assert.equal(rows.length, cli.length);
  rows.forEach((r, i) => {
    assert.equal(r.claim, cli[i].claim);
    assert.ok(Math.abs(r.ours - cli[i].ours) <= 1e-12 * Math.abs(cli[i].ours), `${r.claim}: ${r.ours} vs ${cli[i].ours}`);
    assert.equal(r.missed, !cli[i].pass, r.claim);
  });
  const summary = await p.page.textContent('#reproduce-summary');
  const passed = cli.filter((c) => c.pass).length;
  assert.match(summary, new RegExp(`^${passed} of ${cli.length} headline numbers within tolerance`));
  assert.deepEqual(p.errors, []);
});
