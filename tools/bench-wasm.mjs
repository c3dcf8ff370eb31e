// Speed of the circuit model in WebAssembly: the cases of `cargo bench --bench model` (three
// single organisation searches and the 3 technologies × 12 capacities sweep) compiled to
// wasm32-unknown-unknown (tools/wasm-bench, the page's release profile: opt-level "z", LTO) and
// timed in node with performance.now(); then the same module after `wasm-opt -Oz`, as the page
// ships it (tools/build-web.sh).
//
//   node tools/bench-wasm.mjs             builds (cargo, incremental) then measures
//   node tools/bench-wasm.mjs --no-build  measures the last build
//   node tools/bench-wasm.mjs --speed     also builds and measures an opt-level 3 module
//
// The build step it runs, for doing it by hand:
//   cargo build --locked --release --target wasm32-unknown-unknown \
//     --manifest-path tools/wasm-bench/Cargo.toml --target-dir target/wasm-bench
// Needs the wasm32-unknown-unknown target (`rustup target add wasm32-unknown-unknown`) and, for
// the -Oz row, npm's binaryen (`npm ci`; node_modules/.bin/wasm-opt).

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const targetDir = join(root, "target", "wasm-bench");
const profiles = args.has("--speed") ? ["release", "speed"] : ["release"];

const CASES = [
  ["cache search, SRAM 22 nm 8 MB (SRAM_22nm_8MB_ReadEDP)", 21],
  ["cache search, STT 22 nm 8 MB (sample_STTRAM_22nm_8MB)", 21],
  ["RAM search, SRAM 32 nm 1 MB (p00)", 21],
  ["sweep: 3 technologies × 12 capacities (256 KB–512 MB)", 5],
];

function wasmPath(profile) {
  return join(targetDir, "wasm32-unknown-unknown", profile, "nvmcalc_wasm_bench.wasm");
}

function build(profile) {
  execFileSync(
    "cargo",
    [
      "build",
      "--locked",
      "--profile", profile,
      "--target", "wasm32-unknown-unknown",
      "--manifest-path", join(root, "tools", "wasm-bench", "Cargo.toml"),
      "--target-dir", targetDir,
    ],
    { stdio: "inherit" },
  );
}

function optimise(input) {
  const wasmOpt = join(root, "node_modules", ".bin", "wasm-opt");
  if (!existsSync(wasmOpt)) return null;
  const output = input.replace(/\.wasm$/, ".oz.wasm");
  // The same passes and features as tools/build-web.sh.
  execFileSync(wasmOpt, [
    "-Oz", "--enable-bulk-memory", "--enable-nontrapping-float-to-int", "--enable-sign-ext",
    "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
    input, "-o", output,
  ]);
  return output;
}

async function measure(label, path) {
  const bytes = readFileSync(path);
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const { prepare, case_count: caseCount, run_case: runCase } = instance.exports;
  const status = prepare();
  if (status !== 0) throw new Error(`${path}: prepare() failed with ${status}`);
  if (caseCount() !== CASES.length) throw new Error(`${path}: ${caseCount()} cases, expected ${CASES.length}`);
  console.log(`\n${label}: ${path.slice(root.length + 1)} (${bytes.length} bytes)`);
  const results = [];
  CASES.forEach(([name, reps], i) => {
    const checksum = runCase(i); // warm-up
    if (!Number.isFinite(checksum)) throw new Error(`${name}: run_case(${i}) = ${checksum}`);
    const times = [];
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      runCase(i);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(
      `${name.padEnd(58)} median ${median.toFixed(3).padStart(9)} ms   ` +
        `fastest ${times[0].toFixed(3).padStart(9)} ms   (${reps} runs, checksum ${checksum.toFixed(6)})`,
    );
    results.push({ name, median, fastest: times[0] });
  });
  return results;
}

console.log(`node ${process.version}`);
for (const profile of profiles) {
  if (!args.has("--no-build")) build(profile);
  const path = wasmPath(profile);
  if (!existsSync(path)) throw new Error(`${path} is missing: run without --no-build`);
  const optLevel = profile === "release" ? '"z"' : "3";
  await measure(`wasm, cargo profile ${profile} (opt-level ${optLevel})`, path);
  if (profile === "release") {
    const oz = optimise(path);
    if (oz) await measure("wasm after wasm-opt -Oz (as the page ships it)", oz);
    else console.log("\n(no node_modules/.bin/wasm-opt: run `npm ci` for the -Oz row)");
  }
}
