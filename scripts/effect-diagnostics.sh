#!/usr/bin/env bash
# Runs the Effect language service's diagnostics over every file of every package's source and test
# project, each file once, in two shards side by side (the machines here have 2 cores).
#
# `effect-language-service diagnostics --project X` checks X's files and those of every project X
# references, so one run per project checked protocol's sources some 25 times. Here the file list is
# each project's own files (scripts/effect-diagnostics-files.mjs), grouped by project so the language
# service builds each program once per batch, and split in two.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
shards="${DIAGNOSTICS_JOBS:-2}"
node scripts/effect-diagnostics-files.mjs "$out" "$shards"
status=0
pids=()
for shard in $(seq 1 "$shards"); do
  node_modules/.bin/effect-language-service diagnostics --strict --format text \
    --project "$out/shard-$shard/tsconfig.json" > "$out/shard-$shard.txt" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid" || true; done
for shard in $(seq 1 "$shards"); do
  result="$out/shard-$shard.txt"
  if ! grep -q "0 errors, 0 warnings" "$result"; then
    printf 'Effect diagnostics, shard %s of %s:\n%s\n' "$shard" "$shards" "$(cat "$result")"
    status=1
  fi
done
exit $status
