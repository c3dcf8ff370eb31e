// The nvmcalc model in a Web Worker (see www/src/platform/worker.rs): the same wasm module as the page,
// started without a page; it loads the presets and answers the page's scenarios.
import init, { worker_main } from './nvmcalc.js';

await init({ module_or_path: './nvmcalc_bg.wasm' });
worker_main();
