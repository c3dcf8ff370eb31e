// End-to-end test of the cache-details analysis (issue #5) in real headless Chromium: a link with
// `an=details` shows each cell's organisation and its breakdown tables with exactly the numbers
// `nvmcalc compare --analysis details --format json` prints for the same query, the stacked-bar
// chart is drawn (taller, and back to its usual height for another analysis), and choosing only
// cache-characterisation presets says what to pick instead.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cliJson, CalculatorPage, pageTestEnvironment } from './harness.mjs';

const CELLS = ['sram_16nm', 'stt_16nm'];
const QUERY = `v=1&tech=${CELLS.join(',')}&base=sram_16nm&an=details`;
const METRICS = ['read_latency_ns', 'write_latency_ns', 'read_energy_pj', 'write_energy_pj', 'leakage_mw', 'area_mm2'];

const env = pageTestEnvironment();

async function openDetails(query) {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await p.open(`${env.server.url}?${query}`);
  return p;
}

/** The organisation sentences: { techId: { data, tag } }. */
async function organisations(p) {
  return p.page.$$eval('.details-tech', (arts) => Object.fromEntries(arts.map((a) => [
    a.dataset.tech,
    Object.fromEntries([...a.querySelectorAll('.organisation')].map((s) => [s.dataset.array, s.textContent])),
  ])));
}

/** The breakdown tables: { techId: { metric: { component: { data: { value, share }, tag: {…} } } } }. */
async function tables(p) {
  return p.page.$$eval('table.details-table', (ts) => {
    const out = {};
    for (const t of ts) {
      const rows = {};
      for (const tr of t.querySelectorAll('tr[data-component]')) {
        const row = {};
        for (const td of tr.querySelectorAll('td[data-array]')) {
          (row[td.dataset.array] ??= {})[td.dataset.key] = Number(td.dataset.value);
        }
        rows[tr.dataset.component] = row;
      }
      (out[t.dataset.tech] ??= {})[t.dataset.metric] = rows;
    }
    return out;
  });
}

/** Asserts the tables show exactly the report's parts (the ones not 0 in both arrays), the
 * corners no part claims, and the totals. */
function assertTables(shown, report) {
  assert.deepEqual(Object.keys(shown), report.technologies.map((t) => t.id));
  for (const t of report.technologies) {
    assert.deepEqual(Object.keys(shown[t.id]), METRICS, `${t.id}: one table per metric`);
    for (const m of METRICS) {
      const rows = shown[t.id][m];
      const [d, g] = [t.data[m], t.tag[m]];
      const where = `${t.id} ${m}`;
      d.parts.forEach((pd, i) => {
        const pg = g.parts[i];
        const row = rows[pd.component];
        if (pd.value === 0 && pg.value === 0) {
          assert.equal(row, undefined, `${where}: ${pd.component} is 0 in both arrays and left out`);
          return;
        }
        assert.ok(row, `${where}: a row for ${pd.component}`);
        assert.deepEqual(row, {
          data: { value: pd.value, share: pd.share_of_total },
          tag: { value: pg.value, share: pg.share_of_total },
        }, `${where}.${pd.component}`);
      });
      if (d.unassigned !== 0 || g.unassigned !== 0) {
        assert.equal(rows.unassigned.data.value, d.unassigned, `${where}: unassigned`);
        assert.equal(rows.unassigned.tag.value, g.unassigned, `${where}: unassigned`);
      } else {
        assert.equal(rows.unassigned, undefined, `${where}: no unassigned row`);
      }
      assert.deepEqual(rows.total, { data: { value: d.total }, tag: { value: g.total } }, `${where}: total`);
    }
  }
}

test('a details link shows each cell\'s organisation and breakdown with the CLI\'s numbers, and a drawn chart', async () => {
  const p = await openDetails(QUERY);
  assert.deepEqual(await p.notices(), []);
  assert.equal(await p.page.inputValue('#analysis'), 'details');
  const options = await p.page.$$eval('#analysis option', (os) => os.map((o) => [o.value, o.textContent]));
  assert.ok(options.some(([v, label]) => v === 'details' && label === 'cache details'), JSON.stringify(options));

  const cli = cliJson(['--scenario', QUERY]);
  assert.equal(cli.analysis, 'details');
  assert.deepEqual(cli.technologies.map((t) => t.id), CELLS);
  assert.deepEqual(await p.outcomeJson(), cli, 'the page exports the CLI\'s report');

  const orgs = await organisations(p);
  assert.deepEqual(Object.keys(orgs), CELLS);
  for (const t of cli.technologies) {
    for (const array of ['data', 'tag']) {
      assert.equal(orgs[t.id][array], t[array].description, `${t.id} ${array} organisation`);
      const o = t[array].organization;
      assert.ok(orgs[t.id][array].includes(`${o.subarray_rows} rows × ${o.subarray_cols} columns`), orgs[t.id][array]);
    }
  }
  assertTables(await tables(p), cli);
  const caption = await p.page.textContent('table.details-table[data-tech="stt_16nm"][data-metric="area_mm2"] caption');
  assert.equal(caption, 'Area (mm²)');
  assert.match(await p.page.textContent('#details-cache'), /^4 MiB, 1 slice, 16-way/);

  await p.chartDrawn();
  assert.ok((await p.chartInk()) > 0.02, 'the breakdown chart is drawn');
  const height = Number(await p.page.getAttribute('#chart', 'height'));
  assert.ok(height > 380, `the four panels get room (${height} px)`);
  assert.match(await p.page.getAttribute('#chart', 'aria-label'), /stacked bar/);
  assert.match(await p.page.textContent('.chart figcaption'), /\(ns\).*\(pJ\).*\(mW\).*\(mm²\)/);

  // Another analysis gets the usual chart back.
  await p.choose('analysis', 'iso_capacity');
  await p.page.waitForSelector('#results');
  // (as high as its title band, plot, labels and legend need: less than the four panels)
  const usual = Number(await p.page.getAttribute('#chart', 'height'));
  assert.ok(usual >= 300 && usual < height, `the usual chart's height: ${usual} px`);
  assert.doesNotMatch(p.url(), /an=details/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('a cache-characterisation preset is listed as not designed; alone it is a message naming what to pick', async () => {
  const mixed = await openDetails('v=1&tech=nvmx_sram_22nm_2mb_readedp,sram_22nm&base=sram_22nm&an=details');
  assert.match(await mixed.page.textContent('#not-designed'), /nvmx_sram_22nm_2mb_readedp.*not designed by the model/);
  assert.deepEqual(await mixed.page.$$eval('.details-tech', (as) => as.map((a) => a.dataset.tech)), ['sram_22nm']);
  await mixed.chartDrawn();
  assert.deepEqual(mixed.errors, []);
  await mixed.page.close();

  const alone = await openDetails('v=1&tech=nvmx_sram_22nm_2mb_readedp&base=nvmx_sram_22nm_2mb_readedp&an=details');
  const msg = await alone.page.textContent('#compare-error');
  assert.match(msg, /`nvmx_sram_22nm_2mb_readedp`/);
  assert.match(msg, /choose at least one cell preset \(.*sram_16nm/);
  assert.deepEqual(alone.errors, []);
  await alone.page.close();
});
