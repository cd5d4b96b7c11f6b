#!/usr/bin/env bash
# Adds Nova's pull-request bot to another repository in one step: writes Nova's two workflows
# (pr-review.yml: analysis with a read-only token, the pull request's CMake configure in Nova's
# sandbox; pr-review-post.yml: posting, never running the pull request's code) into
# TARGET/.github/workflows/, pointing them at Nova's repository.
#
# Usage: scripts/add-pr-bot.sh TARGET [NOVA_REPOSITORY [NOVA_REF]]
#   NOVA_REPOSITORY: owner/name of Nova on GitHub (default: read from this checkout's origin)
#   NOVA_REF: the branch, tag or commit of Nova to build (default: Nova's default branch; the
#   TARGET's own default branch is only right in Nova's repository itself)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
target=${1:?usage: scripts/add-pr-bot.sh TARGET [NOVA_REPOSITORY [NOVA_REF]]}
nova_repository=${2:-}
nova_ref=${3:-}
if [ -z "$nova_repository" ]; then
  origin=$(git -C "$here" remote get-url origin 2>/dev/null || true)
  nova_repository=$(printf '%s\n' "$origin" | sed -nE 's#^(https://|git@)github\.com[:/]([^/]+/[^/]+)$#\2#p' | sed 's/\.git$//')
fi
if ! printf '%s' "$nova_repository" | grep -qE '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$'; then
  echo "add-pr-bot: name Nova's GitHub repository as owner/name (second argument)" >&2
  exit 2
fi
if [ -n "$nova_ref" ] && ! printf '%s' "$nova_ref" | grep -qE '^[A-Za-z0-9_./-]*$'; then
  echo "add-pr-bot: NOVA_REF may hold only letters, digits and . _ / -" >&2
  exit 2
fi
[ -d "$target" ] || { echo "add-pr-bot: $target: not a directory" >&2; exit 2; }
mkdir -p "$target/.github/workflows"
for workflow in pr-review.yml pr-review-post.yml; do
  sed -e "s#^  NOVA_REPOSITORY: .*#  NOVA_REPOSITORY: $nova_repository#" \
      -e "s#^  NOVA_REF: .*#  NOVA_REF: '$nova_ref'#" \
      -e 's#ref: \${{ env.NOVA_REF || github.event.repository.default_branch }}#ref: ${{ env.NOVA_REF }}#' \
      "$here/.github/workflows/$workflow" > "$target/.github/workflows/$workflow"
  echo "add-pr-bot: wrote $target/.github/workflows/$workflow"
done
echo "add-pr-bot: commit them; every pull request then gets Nova's review"
echo "add-pr-bot: without a compile database, a pull request's CMake configure runs in Nova's sandbox;"
echo "add-pr-bot: name the Debian packages it needs in .nova.json, e.g."
echo '  {"configure": {"packages": ["libssl-dev"], "network": false}}'
echo "add-pr-bot: (read from the base branch, so land that change before pull requests need it)"
