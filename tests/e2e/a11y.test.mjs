// Keyboard and screen-reader basics on every view: each control has an accessible name, each
// number its tooltip with unit or ratio, the keyboard reaches every control in reading order,
// and no positive tabindex reorders it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CalculatorPage, pageTestEnvironment } from './harness.mjs';

const env = pageTestEnvironment();
const NET = 'v=1&tech=sram_16nm,stt_16nm,sot_16nm&base=sram_16nm&net=resnet50&phase=training&batch=32&elem=2&gpu=gtx_1080_ti';
const VIEWS = [
  ['iso-capacity (count workload)', ''],
  ['iso-capacity (network)', `?${NET}`],
  ['iso-area', `?${NET}&an=iso_area`],
  ['scalability', `?${NET}&an=scaling`],
  ['cache details', `?${NET}&an=details`],
  ['across networks', `?${NET}&an=workloads&nets=resnet50,bert_base,vgg16`],
];

/** Controls without an accessible name: no label (wrapping or `for`), aria-label(ledby), or text. */
function unnamedControls() {
  const named = (el) => {
    if (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')) return true;
    if (el.closest('label')) return true;
    if (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) return true;
    if ((el.tagName === 'BUTTON' || el.tagName === 'A' || el.tagName === 'SUMMARY') && el.textContent.trim()) return true;
    return false;
  };
  return [...document.querySelectorAll('input, select, textarea, button, a[href], summary')]
    .filter((el) => el.offsetParent !== null || el.tagName === 'SUMMARY')
    .filter((el) => !named(el))
    .map((el) => el.outerHTML.slice(0, 120));
}

/** Numbers in tables without a tooltip saying their unit or that they are a ratio. */
function numbersWithoutTooltip() {
  return [...document.querySelectorAll('td[data-value]')]
    .filter((td) => td.dataset.value !== '' && !/[A-Za-zµΩ×%²]/.test(td.title || ''))
    .map((td) => `${td.closest('table')?.id} ${td.dataset.key}: "${td.title}"`)
    .slice(0, 10);
}

for (const [name, path] of VIEWS) {
  test(`${name}: every control is named, every number has a tooltip with its unit`, async () => {
    const p = new CalculatorPage(await env.browser.newPage({ viewport: { width: 1280, height: 900 } }));
    await p.page.goto(env.server.url + path);
    await p.page.waitForSelector('#chart[data-drawn]', { timeout: 30000 });
    assert.deepEqual(await p.page.evaluate(unnamedControls), [], 'unnamed controls');
    assert.deepEqual(await p.page.evaluate(numbersWithoutTooltip), [], 'numbers without a unit tooltip');
    assert.equal(await p.page.$$eval('[tabindex]', (els) => els.filter((e) => e.tabIndex > 0).length), 0);
    assert.match(await p.page.getAttribute('#chart', 'aria-label'), /\w{10,}/, 'the chart is described');
    assert.deepEqual(p.errors, []);
    await p.page.close();
  });
}

test('the keyboard reaches the controls, the results and the share panel in reading order', async () => {
  const p = new CalculatorPage(await env.browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await p.open(env.server.url + `?${NET}`);
  await p.chartDrawn();
  const order = [];
  for (let i = 0; i < 400; i++) {
    await p.page.keyboard.press('Tab');
    const id = await p.page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      // A visible focus ring (outline) or the browser's default.
      const style = getComputedStyle(el);
      return { id: el.id || el.dataset.tech || el.tagName.toLowerCase(), ring: style.outlineStyle !== 'none' || style.boxShadow !== 'none' };
    });
    if (!id) break;
    order.push(id);
  }
  const ids = order.map((o) => o.id);
  const at = (id) => ids.indexOf(id);
  for (const id of ['baseline', 'analysis', 'net', 'cache-cap', 'copy-link']) assert.ok(at(id) >= 0, `${id} is reachable: ${ids.join(' ')}`);
  // Reading order: settings (left column) before the share panel (results column).
  assert.ok(at('baseline') < at('analysis') && at('analysis') < at('cache-cap'), ids.join(' '));
  assert.ok(order.every((o) => o.ring), `every focused element shows focus: ${order.filter((o) => !o.ring).map((o) => o.id)}`);
  // The analysis select works from the keyboard.
  await p.page.focus('#analysis');
  const before = await p.chartDrawn();
  await p.page.selectOption('#analysis', 'iso_area');
  await p.chartDrawn(before + 1);
  assert.match(p.page.url(), /an=iso_area/);
  assert.deepEqual(p.errors, []);
  await p.page.close();
});
