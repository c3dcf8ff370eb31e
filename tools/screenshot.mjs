// Takes screenshots of the served page in headless Chromium.
// Usage: node tools/screenshot.mjs URL OUT.png [width height]
import { chromium } from 'playwright-core';

const [url, out, width = '1280', height = '900'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node tools/screenshot.mjs URL OUT.png [width height]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  page.on('console', (m) => { if (m.type() === 'error') console.error('console:', m.text()); });
  await page.goto(url);
  await page.waitForSelector('#results, #iso-area, #scaling, #details, #workloads, #load-error, #compare-error', { timeout: 20000 });
  await page.waitForSelector('#chart[data-drawn]', { timeout: 5000 }).catch(() => {});
  await page.screenshot({ path: out, fullPage: true });
  console.log(`saved ${out}`);
} finally {
  await browser.close();
}
