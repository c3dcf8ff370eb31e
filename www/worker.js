// The nvmcalc model in a Web Worker (see www/src/platform/worker.rs): the same wasm module as the page,
// started without a page; it loads the presets and answers the page's scenarios.
// The page's first message is its compiled WebAssembly.Module, so nothing is downloaded or
// compiled a second time (a message without one falls back to fetching the file).
import init, { worker_main } from './nvmcalc.js';

const first = await new Promise((resolve) => {
  self.onmessage = (ev) => resolve(ev.data);
});
self.onmessage = null;
await init({ module_or_path: first?.module ?? './nvmcalc_bg.wasm' });
worker_main();
