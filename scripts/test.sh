#!/usr/bin/env bash
# The README's second command (and what CI runs): installs what is missing, builds Nova with its
# tests, runs every test with ctest, then has Nova review its own source against its committed
# baseline (dogfood: a new warning fails).
# Extra arguments go to the CMake configure step (e.g. -DNOVA_LLVM_ROOT=/usr/lib/llvm-14).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
"$here/scripts/install-deps.sh"
# The pull-request bot's protocol peers (Prism, GitHub's OpenAPI description and webhook schemas,
# the workflow linter), pinned by tests/github/peer/package-lock.json.
if [ ! -d "$here/tests/github/peer/node_modules" ] ||
   [ "$here/tests/github/peer/package-lock.json" -nt "$here/tests/github/peer/node_modules" ]; then
  (cd "$here/tests/github/peer" && npm ci --no-audit --no-fund && touch node_modules)
fi
# playwright-core, which drives Debian's chromium for the night report's browser test, pinned by
# tests/reviewer/browser/package-lock.json (it downloads no browser).
if [ ! -d "$here/tests/reviewer/browser/node_modules" ] ||
   [ "$here/tests/reviewer/browser/package-lock.json" -nt "$here/tests/reviewer/browser/node_modules" ]; then
  (cd "$here/tests/reviewer/browser" && npm ci --no-audit --no-fund && touch node_modules)
fi
"$here/scripts/build.sh" -DNOVA_BUILD_TESTS=ON -DNOVA_WERROR=ON "$@"
ctest --test-dir "${NOVA_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
# Any warning not in the committed baseline fails (exit 1), and so does a partial review (exit 4);
# stale baseline entries are reported. docs/rules.md, "Nova's own findings", says how to accept one.
echo "== dogfood: nova-review on Nova's own source, against nova-baseline.json"
"${NOVA_BUILD_DIR:-build}/apps/nova-review" "$here" -p "${NOVA_BUILD_DIR:-build}" \
  --baseline "$here/nova-baseline.json" --fail-on warning
