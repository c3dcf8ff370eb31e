// Prints the release .wasm size (raw and gzip) and the time to first result in headless Chromium
// (navigation start → first table and chart on screen), median of several cold loads.
// Usage: node tools/measure.mjs [runs]   (after tools/build-web.sh)
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { serve, launch, DIST } from '../tests/e2e/harness.mjs';

const runs = Number(process.argv[2] || 7);
const wasm = readFileSync(join(DIST, 'nvmcalc_bg.wasm'));
const js = readFileSync(join(DIST, 'nvmcalc.js'));
console.log(`release wasm: ${wasm.length} bytes (${gzipSync(wasm, { level: 9 }).length} bytes gzip); ` +
  `JS glue: ${js.length} bytes (${gzipSync(js, { level: 9 }).length} gzip)`);

const server = await serve();
const browser = await launch();
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext(); // fresh cache each run
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('body[data-first-result-ms]', { timeout: 30000 });
    times.push(Number(await page.getAttribute('body', 'data-first-result-ms')));
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
console.log(`time to first result (navigation start → table and chart drawn, local server, cold cache): ` +
  `median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times[times.length - 1].toFixed(0)} ms over ${runs} loads`);
