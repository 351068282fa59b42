#!/usr/bin/env bash
# `npm run test:fresh`: the suite exactly as CI runs it. A fresh clone of the committed HEAD in a new
# directory (no node_modules, no .env, no build output of this checkout; and no Jest timing cache,
# which Jest keys by the checkout's path, so file order and worker pairing are a first run's), with
# CI=true, through .ci/run. Uncommitted changes are not in it: commit first.
#
#   npm run test:fresh                  # clone into a new directory under $TMPDIR and run there
#   npm run test:fresh -- /tmp/ci-run   # clone into this (new) directory
# The clone is kept, with the run's output in <clone>/test-fresh.log, for a second look.
set -euo pipefail
source_dir="$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)"
target="${1:-$(mktemp -d "${TMPDIR:-/tmp}/leadline-fresh-XXXXXX")}"
if [ -e "$target" ] && [ -n "$(ls -A "$target")" ]; then
  echo "test:fresh: $target exists and is not empty; give a new directory" >&2
  exit 2
fi
commit="$(git -C "$source_dir" rev-parse HEAD)"
if [ -n "$(git -C "$source_dir" status --porcelain --untracked-files=no)" ]; then
  echo "test:fresh: uncommitted changes are not tested; testing commit ${commit:0:12}" >&2
fi
git clone --quiet --no-hardlinks "$source_dir" "$target"
git -C "$target" checkout --quiet --detach "$commit"
echo "test:fresh: commit ${commit:0:12} in $target (output also in $target/test-fresh.log)"
cd "$target"
started=$(date +%s)
status=0
CI=true bash .ci/run 2>&1 | tee test-fresh.log || status=$?
# Installing, setting up and testing must leave every tracked file as committed (package-lock.json too).
changed="$(git status --porcelain --untracked-files=no)"
if [ -n "$changed" ]; then
  echo "test:fresh: the run changed tracked files:" >&2
  echo "$changed" >&2
  status=1
fi
echo "test:fresh: exit $status after $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s in $target"
exit "$status"
