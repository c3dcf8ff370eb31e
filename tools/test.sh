#!/usr/bin/env bash
# Runs every test of nvmcalc on a fresh machine: installs what is missing (idempotent), then
#   1. cargo fmt --check and cargo clippy -D warnings (every crate, every target)
#   2. cargo test --workspace  (unit, property, golden, layer, snapshot and CLI tests)
#   3. the release WASM build of the page (tools/build-web.sh)
#   4. the end-to-end tests in real headless Chromium against the served build (tests/e2e)
# and ends with one summary line "N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash tools/install.sh --browser || { echo "install failed"; echo "0 passed, 1 failed"; exit 1; }

logs=$(mktemp -d)
failed_steps=()

lint_passed=0
echo "== cargo fmt --check"
if cargo fmt --all --check 2>&1 | tee "$logs/fmt.txt"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
  lint_passed=$((lint_passed + 1))
else
  failed_steps+=("cargo fmt --check (run: cargo fmt)")
fi
echo "== cargo clippy -D warnings"
if cargo clippy --workspace --all-targets --locked -- -D warnings 2>&1 | tee "$logs/clippy.txt"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
  lint_passed=$((lint_passed + 1))
else
  failed_steps+=("cargo clippy")
fi

echo "== cargo test"
cargo test --workspace --locked 2>&1 | tee "$logs/cargo.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || failed_steps+=("cargo test")

echo "== release WASM build"
if bash tools/build-web.sh 2>&1 | tee "$logs/build.txt"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
  echo "== end-to-end tests (headless Chromium)"
  node --test --test-reporter=spec tests/e2e/ 2>&1 | tee "$logs/e2e.txt"
  [ "${PIPESTATUS[0]}" -eq 0 ] || failed_steps+=("end-to-end tests")
else
  failed_steps+=("release WASM build")
fi

# One summary over all suites: cargo's "test result:" lines plus node's "ℹ pass/fail" lines.
read -r passed failed < <(python3 - "$logs" <<'PY'
import re, sys, pathlib
logs = pathlib.Path(sys.argv[1])
p = f = 0
for m in re.finditer(r"test result: \w+\. (\d+) passed; (\d+) failed", (logs / "cargo.txt").read_text(errors="replace")):
    p += int(m[1]); f += int(m[2])
e2e = logs / "e2e.txt"
if e2e.exists():
    t = e2e.read_text(errors="replace")
    p += sum(int(x) for x in re.findall(r"^ℹ pass (\d+)", t, re.M))
    f += sum(int(x) for x in re.findall(r"^ℹ fail (\d+)", t, re.M))
print(p, f)
PY
)
# fmt and clippy count as one check each.
passed=$((passed + lint_passed))
rm -rf "$logs"
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  [ "$failed" -gt 0 ] || failed=${#failed_steps[@]}
fi
echo "$passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ]
