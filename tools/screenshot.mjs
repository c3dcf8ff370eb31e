// Takes screenshots of the served page in headless Chromium.
// Usage: node tools/screenshot.mjs URL OUT.png [width height]
import { launch, READY } from '../tests/e2e/harness.mjs';

const [url, out, width = '1280', height = '900'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node tools/screenshot.mjs URL OUT.png [width height]');
  process.exit(2);
}
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
  await page.goto(url);
  await page.waitForSelector(READY, { timeout: 20000 });
  await page.waitForSelector('#chart[data-drawn]', { timeout: 5000 }).catch(() => {});
  await page.screenshot({ path: out, fullPage: true });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
