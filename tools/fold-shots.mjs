// Captures the first screen (no scrolling) of a page view on a 1366×768 desktop and a 390×844
// phone, to check what a newcomer sees before scrolling.
// Usage: node tools/fold-shots.mjs OUT_DIR [QUERY]   (dist/ must be built: bash tools/build-web.sh)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { serve, launch, READY } from '../tests/e2e/harness.mjs';

const [out = 'screenshots-fold', query = ''] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const server = await serve();
const browser = await launch();
try {
  for (const [name, viewport, scale] of [['desktop', { width: 1366, height: 768 }, 1], ['phone', { width: 390, height: 844 }, 2]]) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: scale });
    const page = await context.newPage();
    await page.goto(`${server.url}${query}`);
    await page.waitForSelector(READY, { timeout: 30000 });
    await page.screenshot({ path: join(out, `${name}.png`) });
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
