#!/usr/bin/env bash
# Configures and builds Nova in build/ (Ninja, ccache when present). Extra arguments are passed
# to the CMake configure step, e.g. -DNOVA_SANITIZE=ON. NOVA_TARGETS limits what is built.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${NOVA_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${NOVA_BUILD_TYPE:-RelWithDebInfo}" "$@"
targets=()
for t in ${NOVA_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}"
