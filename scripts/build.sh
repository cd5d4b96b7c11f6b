#!/usr/bin/env bash
# Configures and builds Nova in build/ (Ninja, ccache when present). Extra arguments are passed
# to the CMake configure step, e.g. -DNOVA_SANITIZE=ON. NOVA_TARGETS limits what is built.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${NOVA_BUILD_DIR:-build}
# ccache hits across clones in other folders (CI's fresh clone, git worktrees): paths below the
# checkout are hashed relative to it, and the working directory is left out of the hash.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="${NOVA_BUILD_TYPE:-RelWithDebInfo}" "$@"
targets=()
for t in ${NOVA_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j "$(nproc)" "${targets[@]}"
