// End-to-end test of the reproduction as a shareable view (#18 point 6): `?v=1&study=deepnvm`
// opens the page with the DeepNVM++ reproduction first, run on opening in the Web Worker; each
// best-of claim names its best workload (as `nvmcalc reproduce deepnvm --format json` does); a
// claim's "Open in the calculator" is a normal navigation to the calculator view whose table shows
// ours; Back returns to the reproduction; the panel's share link opens the same view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CalculatorPage, ROOT, READY, pageTestEnvironment } from './harness.mjs';

const env = pageTestEnvironment();
const STUDY = '?v=1&study=deepnvm';

function reproduceJson() {
  const bin = process.env.NVMCALC_BIN || join(ROOT, 'target', 'debug', 'nvmcalc');
  return JSON.parse(execFileSync(bin, ['--presets', join(ROOT, 'presets'), 'reproduce', 'deepnvm', '--format', 'json'], {
    encoding: 'utf8',
  }));
}

/** The reproduction's rows as the page shows them. */
async function claims(page) {
  await page.waitForSelector('#reproduce-table tbody tr', { timeout: 60000 });
  return page.$$eval('#reproduce-table tbody tr', (trs) => trs.map((tr) => ({
    claim: tr.querySelector('td').textContent,
    oursText: tr.querySelectorAll('td')[2].textContent,
    ours: Number(tr.dataset.ours),
    analysis: tr.dataset.analysis,
    tech: tr.dataset.tech,
    key: tr.dataset.key,
    capacityKib: tr.dataset.capacityKib,
    inverse: tr.dataset.inverse === 'true',
    best: tr.querySelector('.workload').dataset.best === 'true',
    workload: tr.querySelector('.workload').textContent,
    href: tr.querySelector('a.open-run').getAttribute('href'),
  })));
}

/** The selector of the table cell that holds a claim's number in its calculator view. */
function cellOf(c) {
  switch (c.analysis) {
    case 'iso_capacity': return `#results tbody tr[data-tech="${c.tech}"] td[data-key="${c.key}"]`;
    case 'iso_area': return `#iso-area tbody tr[data-tech="${c.tech}"] td[data-key="${c.key}"]`;
    case 'scaling': return `#scaling tbody tr[data-capacity-kib="${c.capacityKib}"] td[data-tech="${c.tech}"][data-key="${c.key}"]`;
    case 'workloads': return `#workloads-area td[data-tech="${c.tech}"][data-key="${c.key}"]`;
    default: throw new Error(`a view the test does not read: ${c.analysis}`);
  }
}

test('the reproduction link opens the reproduction first, names each best workload, opens its runs, and comes back', async () => {
  const cli = reproduceJson();
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const p = new CalculatorPage(await context.newPage());
  await p.open(env.server.url + STUDY);

  // Shown first: above the calculator, and run on opening without a click, in the worker.
  const order = await p.page.evaluate(() => {
    const r = document.querySelector('#reproduce');
    const calc = document.querySelector('#results-view');
    return { first: Boolean(r.compareDocumentPosition(calc) & Node.DOCUMENT_POSITION_FOLLOWING), top: r.getBoundingClientRect().top };
  });
  assert.ok(order.first, 'the reproduction comes before the calculator');
  assert.ok(order.top < 900, `the reproduction starts in the first screen (${order.top} px)`);
  const rows = await claims(p.page);
  assert.match(await p.page.textContent('#reproduce-summary'), /in a background worker/);
  assert.equal(await p.page.$$eval('#reproduce', (s) => s.length), 1, 'one reproduction panel');
  assert.match(p.url(), /[?&]study=deepnvm(&|$)/, 'the address bar keeps the view');

  // Each claim as the CLI prints it: a best-of claim names its workload, every claim its view.
  assert.equal(rows.length, cli.length);
  rows.forEach((r, i) => {
    const c = cli[i];
    assert.equal(r.claim, c.claim);
    assert.ok(Math.abs(r.ours - c.ours) <= 1e-12 * Math.abs(c.ours), `${r.claim}: ${r.ours} vs ${c.ours}`);
    assert.equal(r.best, c.claim.includes('best workload'), r.claim);
    assert.equal(r.best, c.run.workload !== null, r.claim);
    if (r.best) assert.equal(r.workload, `Best: ${c.run.workload}`);
    assert.match(r.workload, r.best ? /^Best: .+, (inference|training), batch 32$/ : /^The same on every run$/);
    assert.equal(r.href, `?${c.run.link}`);
    assert.deepEqual([r.analysis, r.tech, r.key], [c.run.analysis, c.run.technology, c.run.key]);
  });

  // One claim of each view: open it in the calculator, read the number there, come back.
  const seen = new Set();
  for (const [i, r] of rows.entries()) {
    if (seen.has(r.analysis)) continue;
    seen.add(r.analysis);
    await Promise.all([p.page.waitForURL((u) => !u.search.includes('study=')), p.page.locator('a.open-run').nth(i).click()]);
    await p.page.waitForSelector(READY, { timeout: 60000 });
    assert.equal(await p.page.$('#reproduce.study-first'), null, `${r.claim}: the calculator view, not the study's`);
    assert.equal(await p.page.$('#compare-error'), null, `${r.claim}: the view runs`);
    const cell = await p.page.waitForSelector(cellOf(r), { timeout: 60000 });
    const shown = Number(await cell.getAttribute('data-value'));
    const calculator = r.inverse ? 1 / shown : shown;
    // Equal to the printed precision (four significant digits) and to the last digits besides.
    assert.equal(Number(calculator.toPrecision(4)), Number(r.oursText.replace('×', '')), `${r.claim}: ${calculator} vs ${r.oursText}`);
    assert.ok(Math.abs(calculator - r.ours) <= 1e-9 * r.ours, `${r.claim}: ${calculator} vs ${r.ours}`);
    assert.equal(new URL(p.url()).search, r.href, `${r.claim}: the address is the claim's link`);

    await p.page.goBack();
    await p.page.waitForURL((u) => u.search.includes('study=deepnvm'));
    await p.page.waitForSelector('#reproduce.study-first');
    const again = await claims(p.page);
    assert.deepEqual(again.map((x) => x.ours), rows.map((x) => x.ours), 'Back: the reproduction view again');
  }
  assert.deepEqual([...seen].sort(), ['iso_area', 'iso_capacity', 'scaling', 'workloads']);

  // The share link: this page's address with the key; read back, it opens the same view.
  const share = await p.page.getAttribute('#reproduce-share', 'href');
  assert.equal(share, `${env.server.url}${STUDY}`);
  const q = new CalculatorPage(await context.newPage());
  await q.open(share);
  const shared = await claims(q.page);
  assert.deepEqual(shared, rows, 'the shared link shows the same reproduction');
  assert.match(q.url(), /[?&]study=deepnvm(&|$)/);

  // A study the page does not know: the calculator alone, with a notice naming what is accepted.
  const r = new CalculatorPage(await context.newPage());
  await r.open(`${env.server.url}?v=1&study=nope`);
  const notices = await r.notices();
  assert.equal(notices.length, 1, notices.join('\n'));
  assert.match(notices[0], /`study` = `nope`: not a study this page reproduces; accepted: deepnvm/);
  assert.equal(await r.page.$('#reproduce.study-first'), null);
  assert.equal(await r.page.$('#reproduce-table'), null, 'not run without a click');
  assert.deepEqual([...p.errors, ...q.errors, ...r.errors], []);
  await context.close();
});
