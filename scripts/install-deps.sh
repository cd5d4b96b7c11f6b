#!/usr/bin/env bash
# Installs the Debian 12 packages Nova needs to build, run and test, and only those missing.
# Idempotent: a second run installs nothing and exits 0. Needs root or sudo for apt-get.
# NOVA_LLVM_VERSION=16 installs libclang 16 instead of 22 (CI builds against both; 19 works too).
set -euo pipefail
llvm=${NOVA_LLVM_VERSION:-22}

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  "clang-$llvm" "libclang-$llvm-dev"
  libgit2-dev nlohmann-json3-dev libcurl4-openssl-dev
  libboost1.81-dev
  libcli11-dev libfmt-dev libxxhash-dev libsqlite3-dev
  googletest libgtest-dev libgmock-dev libvalijson-dev
  bubblewrap
  python3  # tests only: the fault-injection suite's network and memory probes
  chromium  # tests only: the night report's HTML page in a headless browser (tests/reviewer/browser)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# Tests only: Node.js and npm run the pull-request bot's protocol peers (tests/github/peer).
# Any Node.js with npm will do; Debian's packages are installed only when there is none.
if ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 2; }
  sudo_cmd=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
