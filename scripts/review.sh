#!/usr/bin/env bash
# The README's first command: installs what is missing, builds nova-review, and reviews DIR
# (Nova's own source, with Nova's own compile database, when no DIR is given).
# Arguments after DIR are passed to nova-review.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
build_dir="$here/${NOVA_BUILD_DIR:-build}"
"$here/scripts/install-deps.sh"
NOVA_TARGETS="nova nova-review" "$here/scripts/build.sh" >/dev/null
if [ $# -eq 0 ]; then
  exec "$build_dir/apps/nova-review" "$here" -p "$build_dir"
fi
dir=$1
shift
exec "$build_dir/apps/nova-review" "$dir" "$@"
