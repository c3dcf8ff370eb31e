// Issue #18 point 4: with eleven technologies the charts and tables stay legible, on a desktop
// and on a phone, for iso-capacity, scalability and across-networks. The chart marks its canvas
// with what it drew (data-legend, data-series-colors, data-x-labels, data-x-labels-overlap from
// its own label boxes, data-caption of its title band), so nothing here reads pixels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalculatorPage, pageTestEnvironment } from './harness.mjs';

const env = pageTestEnvironment();

const TECHS = ['sram_22nm', 'stt_22nm', 'sot_22nm', 'reram_22nm', 'pcm_22nm', 'fefet_22nm', 'sram_16nm',
  'stt_16nm', 'sot_16nm', 'stt_16nm_deepnvm', 'sot_16nm_deepnvm'];
const ELEVEN = `?v=1&tech=${TECHS.join(',')}&base=sram_22nm&net=resnet50&phase=inference&batch=32&elem=2&gpu=gtx_1080_ti`;
const SCREENS = {
  desktop: { width: 1366, height: 768 },
  phone: { width: 390, height: 844 },
};
const ANALYSES = [
  { name: 'iso-capacity', query: '', table: '#results' },
  { name: 'scalability', query: '&an=scaling', table: '#scaling' },
  { name: 'across networks', query: '&an=workloads', table: '#workloads' },
];
/** SI prefixes as the page writes them, by power of ten. */
const PREFIX = { a: -18, f: -15, p: -12, n: -9, 'µ': -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12 };

/** What the chart says it drew. */
function chartMarks(page) {
  return page.$eval('#chart', (c) => {
    const json = (v) => (v === undefined ? null : JSON.parse(v));
    return {
      legend: json(c.dataset.legend),
      colors: json(c.dataset.seriesColors),
      xLabels: json(c.dataset.xLabels),
      overlap: c.dataset.xLabelsOverlap ?? null,
      caption: c.dataset.caption ?? '',
    };
  });
}

function assertUnique(list, what) {
  const seen = new Set();
  const repeated = list.filter((x) => (seen.has(x) ? true : (seen.add(x), false)));
  assert.deepEqual(repeated, [], `${what} repeat: ${JSON.stringify(list)}`);
}

for (const [screen, viewport] of Object.entries(SCREENS)) {
  for (const a of ANALYSES) {
    test(`${a.name} with 11 technologies on a ${screen}: distinct colours and names, no overlapping labels`, async () => {
      const p = new CalculatorPage(await env.browser.newPage({ viewport }));
      await p.open(env.server.url + ELEVEN + a.query);
      await p.chartDrawn();
      const marks = await chartMarks(p.page);
      assert.ok(Array.isArray(marks.legend), 'the canvas names its legend (data-legend)');
      assert.ok(Array.isArray(marks.colors), 'the canvas names its colours (data-series-colors)');
      assert.equal(marks.colors.length, marks.legend.length, 'a colour per legend entry');
      assertUnique(marks.colors, 'series colours');
      assertUnique(marks.legend, 'legend names');
      if (a.name === 'iso-capacity') {
        // The technologies are the groups: each is named under its bars, no two alike.
        assert.equal(marks.xLabels.length, TECHS.length, JSON.stringify(marks.xLabels));
        assertUnique(marks.xLabels, 'x labels');
      } else {
        // The technologies are the series: each has its own colour and name in the legend.
        assert.equal(marks.legend.length, TECHS.length, JSON.stringify(marks.legend));
      }
      assert.equal(marks.overlap, '0', `x labels overlap: ${JSON.stringify(marks.xLabels)}`);
      // The picture says what it shows (and so does its PNG): the workload and the accounting.
      assert.match(marks.caption, /ResNet-50/, marks.caption);
      assert.match(marks.caption, /Delay = /, marks.caption);
      assert.deepEqual(p.errors, []);
      await p.page.close();
    });
  }
}

/** How the ratio headers of `table` sit in its scroll box: [{ text, left, right }] and the box. */
function ratioHeaders(page, table) {
  return page.$eval(table, (t) => {
    const box = t.closest('.table-scroll').getBoundingClientRect();
    const heads = [...t.querySelectorAll('thead th.ratio')].map((th) => {
      const r = th.getBoundingClientRect();
      return { text: th.textContent.trim(), left: r.left, right: r.right };
    });
    return { box: { left: box.left, right: box.right }, heads };
  });
}

test('iso-capacity table on a 1366 px desktop: every ratio column in the first screenful, engineering units, short names', async () => {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: SCREENS.desktop }));
  await p.open(env.server.url + ELEVEN);
  await p.chartDrawn();
  const { box, heads } = await ratioHeaders(p.page, '#results');
  assert.equal(heads.length, 5, JSON.stringify(heads));
  for (const h of heads) {
    assert.ok(h.left >= box.left - 1 && h.right <= box.right + 1,
      `ratio column "${h.text}" (${h.left}–${h.right} px) outside the visible table (${box.left}–${box.right} px)`);
  }

  // Values with an engineering prefix, never 1.748e-4; the shown value is the data-value.
  const cells = await p.page.$$eval('#results td[data-key]', (tds) => tds.map((td) => ({
    key: td.dataset.key, value: td.dataset.value, text: td.textContent.trim(),
  })));
  const scientific = cells.filter((c) => /\d[eE][-+]?\d/.test(c.text));
  assert.deepEqual(scientific, [], 'numbers in scientific notation');
  for (const key of ['energy_j', 'delay_s', 'edp_js']) {
    const unit = { energy_j: 'J', delay_s: 's', edp_js: 'J·s' }[key];
    for (const c of cells.filter((c) => c.key === key)) {
      const m = c.text.match(new RegExp(`^(-?\\d+(?:\\.\\d+)?) ([afpnµmkMGT]?)${unit}$`));
      assert.ok(m, `${key}: "${c.text}" is not a number with a prefixed ${unit}`);
      assert.ok(Number(m[1]) >= 1 && Number(m[1]) < 1000, `${key}: "${c.text}" has the wrong prefix`);
      const shown = Number(m[1]) * 10 ** PREFIX[m[2]];
      const rel = Math.abs(shown - Number(c.value)) / Math.abs(Number(c.value));
      assert.ok(rel < 6e-4, `${key}: "${c.text}" is not data-value ${c.value}`);
    }
  }

  // Technology names in one line each (the whole name on hover): a row header of two lines.
  const names = await p.page.$$eval('#results tbody th[scope="row"]', (ths) => ths.map((th) => {
    const lines = (el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    };
    return { id: th.closest('tr').dataset.tech, name: lines(th.querySelector('.tech-name')),
      meta: lines(th.querySelector('.tech-meta')), title: th.title };
  }));
  for (const n of names) {
    assert.ok(n.name === 1 && n.meta === 1, `${n.id}: ${n.name} + ${n.meta} lines`);
    assert.ok(n.title.length > 0, `${n.id}: the whole name on hover`);
  }

  // The table is wider than its box: a cue says so; scrolled to the end, the names stay.
  const wide = await p.page.$eval('#results', (t) => {
    const s = t.closest('.table-scroll');
    return s.scrollWidth > s.clientWidth;
  });
  if (wide) {
    assert.ok(await p.page.isVisible('#results-title ~ .table-box .scroll-cue'), 'a "more →" cue');
    const stuck = await p.page.$eval('#results', async (t) => {
      const s = t.closest('.table-scroll');
      s.scrollLeft = s.scrollWidth;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const th = t.querySelector('tbody th[scope="row"]').getBoundingClientRect();
      return { th: th.left, box: s.getBoundingClientRect().left };
    });
    assert.ok(Math.abs(stuck.th - stuck.box) <= 2, `the name column scrolled away: ${JSON.stringify(stuck)}`);
    assert.ok(await p.page.isHidden('#results-title ~ .table-box .scroll-cue'), 'no cue at the right end');
  }
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('iso-capacity table on a 390 px phone: the ratio columns come first', async () => {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: SCREENS.phone }));
  await p.open(env.server.url + ELEVEN);
  await p.chartDrawn();
  const { box, heads } = await ratioHeaders(p.page, '#results');
  const visible = heads.filter((h) => h.left >= box.left - 1 && h.right <= box.right + 1);
  assert.ok(visible.length >= 2, `ratio columns in view on a phone: ${JSON.stringify(visible.map((h) => h.text))}`);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});

test('scalability table: the ratios to the baseline come right after the capacity', async () => {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: SCREENS.desktop }));
  await p.open(env.server.url + ELEVEN + '&an=scaling');
  await p.chartDrawn();
  const classes = await p.page.$$eval('#scaling thead th', (ths) => ths.map((th) => th.classList.contains('ratio')));
  const firstAbsolute = classes.indexOf(false, 1);
  assert.equal(firstAbsolute, 1 + TECHS.length, `ratio columns first: ${JSON.stringify(classes)}`);
  const edp = await p.page.$$eval('#scaling td[data-key="edp_js"]', (tds) => tds.map((td) => td.textContent.trim()));
  assert.ok(edp.length > 0 && edp.every((t) => /^\d+(\.\d+)? [afpnµmkMGT]?J·s$/.test(t)), JSON.stringify(edp.slice(0, 5)));
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
